"""The `browser` fixture: Debian's chromium through Playwright, once per test module."""

from __future__ import annotations

import os

import pytest

from tests.web.hostile import CHROMIUM, chromium


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/browser-setup.sh installs it)")
    with chromium() as browser:
        yield browser
