#!/usr/bin/env bash
# Serve the site and run one worker beside it; stopping one (Ctrl-C) stops both.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
bin=.venv/bin
worker_pid=""
if $bin/zixun help worker >/dev/null 2>&1; then
  $bin/zixun worker &
  worker_pid=$!
fi
cleanup() { [ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
$bin/zixun serve --host "$host" --port "$port" --no-migrate
