"""Hostile payloads in every field a reader sees, and a real browser that looks for any harm.

Shared by tests/web/test_xss_browser.py (a seeded sample, in `make test`) and bench/hostile.py
(every payload). Each payload becomes one import record with the payload as its title, body
HTML, author, source, tag, address, cover and caption. The browser opens each page that shows
them and clicks every link on it; `Findings` counts what would be harm: a dialog, a link or
navigation to javascript:/data:/vbscript:, an on* attribute, an element no page of ours has, and
every Content-Security-Policy violation (an attempt the policy stopped).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHANNEL = "要闻"
SAMPLE_TAG = "样本标签"
# A page that has not loaded by then is reported, not waited for.
PAGE_TIMEOUT_MS = 15_000
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# --short-reporting-delay: violation reports are sent within a second, not batched for a minute.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--short-reporting-delay"]


# A sample kept in the repository (its README says where it comes from), for the test suite.
SAMPLE_FILE = REPO / "tests" / "fixtures" / "hostile" / "xss-payloads-sample.txt"


def payload_file() -> Path:
    """The full list in the shared data (``ZIXUN_SHARED_DATA``), for the bench."""
    shared = Path(os.environ.get("ZIXUN_SHARED_DATA", REPO.parent / "shared" / "data"))
    return shared / "hostile" / "xss-payloads.txt"


def payloads(path: Path | None = None) -> list[str]:
    """Every payload of ``path`` (the full shared list by default), one a line, in order."""
    lines = (path or payload_file()).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


def sample(every: list[str], count: int, seed: int) -> list[str]:
    """``count`` payloads drawn with ``seed``, so a run can be repeated exactly."""
    return random.Random(seed).sample(every, min(count, len(every)))


def records(chosen: Iterable[str]) -> list[dict]:
    """One import record per payload, the payload in every field a page or the admin shows."""
    rows = []
    for n, payload in enumerate(chosen):
        rows.append({
            "id": f"xss-{n}", "title": f"样本{n} {payload}",
            "body_html": f'<p>样本正文 {n}</p>{payload}<p><a href="">空链接</a> <a href="{payload}">链接</a>'
                         f'<img src="{payload}"></p>',
            "author": payload, "source": f"源{n} {payload}", "tags": [payload, SAMPLE_TAG],
            "url": payload, "cover_image": payload, "cover_caption": payload, "channel": CHANNEL,
        })
    # The addresses that once became script links (an empty link joined to them).
    for n, url in enumerate(["javascript:alert(document.domain)//", "data:text/html,<script>alert(1)</script>",
                             "vbscript:msgbox(1)", " jav\tascript:alert(1)"]):
        rows.append({"id": f"xss-url-{n}", "title": f"地址样本{n}", "url": url, "channel": CHANNEL,
                     "body_html": '<a href="">x</a><a href="#a">a</a>', "cover_image": url})
    return rows


def write_records(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                    encoding="utf-8")
    return path


def reader_pages(article_ids: list[int], slugs: dict[str, list[str]], queries: list[str]) -> list[str]:
    """The paths a reader can reach that show the payloads."""
    paths = ["/"] + [f"/a/{pk}/" for pk in article_ids]
    paths += [f"/{kind}/{quote(slug)}/" for kind, kind_slugs in slugs.items() for slug in kind_slugs]
    paths += ["/search?q=" + quote("样本")] + ["/search?q=" + quote(q) for q in queries]
    return paths


# Counts the violations the policy reports, and keeps link clicks on the page (each page is
# opened on its own): a click still runs any handler; javascript:, data: and vbscript: links
# go on, to see what they would do.
INIT_SCRIPT = """
window.__zixun = {violations: []};
document.addEventListener('securitypolicyviolation', e => window.__zixun.violations.push(
  e.effectiveDirective + ' ' + (e.blockedURI || '') + ' ' + location.pathname), true);
window.addEventListener('click', e => {
  const link = e.target.closest && e.target.closest('a[href], area[href]');
  if (link && !/^(javascript|data|vbscript):$/i.test(link.protocol)) e.preventDefault();
}, true);
"""
# Elements no page of zixun (or of Django's admin) has: if one is in the DOM, a payload made it.
SCAN_SCRIPT = """
() => {
  const foreignTags = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base',
    'portal', 'svg', 'math', 'style']);
  const ownScript = s => ['application/json', 'application/ld+json'].includes(s.type) ||
    (s.src && new URL(s.src).origin === location.origin &&
     (new URL(s.src).pathname.startsWith('/static/') || new URL(s.src).pathname === '/admin/jsi18n/'));
  // The admin's own icons: its colour theme switch and the symbols they use.
  const ownSvg = el => /^(theme-icon-when-|base-svgs)/.test(el.getAttribute('class') || '');
  const hostile = /^(javascript|data|vbscript):/i;
  const out = {handlers: [], foreign: [], links: []};
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    for (const at of el.attributes) {
      if (/^on/i.test(at.name)) out.handlers.push(tag + ' ' + at.name);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc', 'poster'].includes(at.name)
          && hostile.test(at.value.replace(/[\\s\\x00-\\x1f]/g, ''))) out.links.push(tag + ' ' + at.name + '=' + at.value.slice(0, 80));
    }
    if (tag === 'script' && !ownScript(el)) out.foreign.push('script');
    if (foreignTags.has(tag) && !(tag === 'svg' && ownSvg(el))) out.foreign.push(tag);
    if (tag === 'meta' && (el.httpEquiv || '').toLowerCase() === 'refresh') out.foreign.push('meta refresh');
    if (tag === 'form' && el.closest('article')) out.foreign.push('form in article');
  }
  return out;
}
"""
CLICK_SCRIPT = """
async () => {
  const links = [...document.querySelectorAll('a[href], area[href]')];
  for (const link of links) link.click();
  await new Promise(done => setTimeout(done, 30));  // javascript: URLs run in a later task
  return links.length;
}
"""


@dataclass
class Findings:
    pages: int = 0
    clicks: int = 0
    dialogs: list[str] = field(default_factory=list)
    script_links: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    # Pages that did not answer 200, and our own scripts' errors (the admin's scripts complain
    # when their links are clicked out of order): neither is harm, both are shown.
    errors: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)

    @property
    def harm(self) -> int:
        """Everything that counts as a failure; CSP violations are attempts the policy stopped."""
        return len(self.dialogs) + len(self.script_links) + len(self.handlers) + len(self.foreign)

    def summary(self) -> dict[str, int]:
        return {"pages": self.pages, "links clicked": self.clicks, "dialogs": len(self.dialogs),
                "javascript:/data: links or navigations": len(self.script_links),
                "on* attributes": len(self.handlers), "foreign elements": len(self.foreign),
                "CSP violations seen": len(self.violations), "pages not 200": len(self.errors),
                "script errors": len(self.script_errors)}


@contextmanager
def chromium() -> Iterator:
    """Debian's chromium through Playwright, as tests/test_browser.py runs it."""
    # Playwright's sync API keeps an asyncio loop on this thread; Django would then refuse the
    # caller's own database calls as "async-unsafe" although nothing here runs concurrently.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Prober:
    """One browser page that opens paths of one server and records what it finds."""

    def __init__(self, browser, base_url: str, cookies: list[dict] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.findings = Findings()
        self.context = browser.new_context(java_script_enabled=True)
        if cookies:
            self.context.add_cookies(cookies)
        self.context.add_init_script(INIT_SCRIPT)
        host = urlsplit(self.base_url).netloc
        # Nothing leaves the machine: hotlinked images and payloads' scripts elsewhere are refused.
        self.context.route("**/*", lambda route: route.continue_()
                           if urlsplit(route.request.url).netloc == host else route.abort())
        self.page = self.context.new_page()
        self.page.set_default_timeout(PAGE_TIMEOUT_MS)
        self.page.on("dialog", self._dialog)
        self.page.on("framenavigated", self._navigated)
        self.page.on("pageerror",
                     lambda error: self.findings.script_errors.append(str(error)[:200]))
        self.current = ""

    def _dialog(self, dialog) -> None:
        self.findings.dialogs.append(f"{self.current}: {dialog.type} {dialog.message[:80]}")
        dialog.dismiss()

    def _navigated(self, frame) -> None:
        if frame.url.split(":", 1)[0].lower() in ("javascript", "data", "vbscript"):
            self.findings.script_links.append(f"{self.current}: navigated to {frame.url[:80]}")

    def probe(self, path: str) -> None:
        """Open ``path``, look at its DOM, click every link on it, and count the violations."""
        self.current = path
        try:
            response = self.page.goto(self.base_url + path, wait_until="load")
        except PlaywrightError as exc:
            self.findings.errors.append(f"{path}: {str(exc)[:200]}")
            return
        if response is None or response.status != 200:
            self.findings.errors.append(f"{path}: HTTP {response.status if response else '—'}")
        self.findings.pages += 1
        scan = self.page.evaluate(SCAN_SCRIPT)
        self.findings.handlers += [f"{path}: {item}" for item in scan["handlers"]]
        self.findings.foreign += [f"{path}: {item}" for item in scan["foreign"]]
        self.findings.script_links += [f"{path}: {item}" for item in scan["links"]]
        try:
            self.findings.clicks += self.page.evaluate(CLICK_SCRIPT)
            violations = self.page.evaluate("window.__zixun.violations")
        except PlaywrightError as exc:  # a click that navigated away destroys the page's context
            self.findings.script_links.append(f"{path}: a click left the page: {str(exc)[:80]}")
            return
        self.findings.violations += violations

    def close(self) -> None:
        # A request still held by the route handler (a keep-alive fetch the page left open)
        # would make close() wait for ever: drop the handler first, in-flight requests with it.
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.close()
