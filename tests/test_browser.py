"""The reference article in a real Chromium at phone and desktop widths (Playwright)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/browser-setup.sh installs it)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread; Django would then refuse the
    # test's own database calls as "async-unsafe" although nothing here runs concurrently.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.mark.parametrize("width, height, name", [(360, 740, "article-360"), (1280, 900, "article-1280")])
def test_reference_article_fits_the_screen_and_shows_the_hot_list(
        browser, live_server, reference_site, width, height, name):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{live_server.url}/a/{reference_site['demo:reference']}/")
    assert page.locator("article h1").inner_text().startswith("日媒")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"horizontal scroll: {scroll_width}px content in a {width}px window"
    hot = page.locator("section#hot li")
    assert hot.count() == 20
    hot.first.scroll_into_view_if_needed()
    assert hot.first.is_visible() and hot.last.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.close()
