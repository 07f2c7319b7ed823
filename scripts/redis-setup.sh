#!/usr/bin/env bash
# Make sure Debian's redis-server is there for the shared-cache tests; the tests start their own
# server on a free loopback port and stop it afterwards.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "zixun: redis-server is missing; install it with: sudo apt-get install redis-server" >&2
  exit 1
fi
echo "zixun: installing Debian's redis-server for the shared-cache tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends redis-server >/dev/null
