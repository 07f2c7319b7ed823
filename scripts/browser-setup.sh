#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the Playwright test (Playwright's own browser
# download is not used: Playwright drives /usr/bin/chromium).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "zixun: chromium is missing; install it with: sudo apt-get install chromium" >&2
  exit 1
fi
echo "zixun: installing Debian's chromium for the browser test"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
