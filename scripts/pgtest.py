#!/usr/bin/env python3
"""Start or stop a throwaway PostgreSQL server for the test run.

    scripts/pgtest.py start DIR   -> prints the ZIXUN_DATABASE_URL of a fresh server in DIR
    scripts/pgtest.py stop DIR
    scripts/pgtest.py restart DIR [SECONDS]   -> stops the server, SECONDS later (default 0)
                                                starts it again on the same port

The server listens on 127.0.0.1 only, on a free port, with its socket inside DIR. initdb refuses
to run as root, so when we are root the cluster is owned and run by an unprivileged system user
(`postgres` if it exists, else one we create).
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import sys
import time

NOT_FOUND = (
    "zixun: PostgreSQL server binaries (initdb, pg_ctl) were not found.\n"
    "  Install them (Debian: apt-get install postgresql) or set ZIXUN_TEST_SKIP_PG=1 to run the\n"
    "  suite on SQLite only."
)


def find_bin(name: str) -> str | None:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    for path in candidates:
        if os.access(path, os.X_OK):
            return path
    return shutil.which(name)


def run_as(user: str | None, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    if user:
        argv = ["runuser", "-u", user, "--", *argv]
    return subprocess.run(argv, check=True, **kwargs)


def server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "zixun-pg"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "zixun-pg"], check=True)
    return "zixun-pg"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(folder: str) -> None:
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        sys.stderr.write(NOT_FOUND + "\n")
        raise SystemExit(3)
    user = server_user()
    os.makedirs(folder, exist_ok=True)
    data = os.path.join(folder, "data")
    if user:
        shutil.chown(folder, user)
        os.chmod(folder, 0o700)
    run_as(user, [initdb, "-D", data, "-U", "zixun", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
           stdout=subprocess.DEVNULL)
    port = free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    )
    run_as(user, [pg_ctl, "-D", data, "-l", os.path.join(folder, "server.log"), "-o", options, "-w", "start"],
           stdout=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    createdb = find_bin("createdb")
    run_as(user, [createdb, "-h", "127.0.0.1", "-p", str(port), "-U", "zixun", "zixun"])
    print(f"postgres://zixun@127.0.0.1:{port}/zixun")


def stop(folder: str) -> None:
    pg_ctl = find_bin("pg_ctl")
    data = os.path.join(folder, "data")
    if pg_ctl and os.path.isdir(data):
        run_as(server_user(), [pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"], stdout=subprocess.DEVNULL)
    shutil.rmtree(folder, ignore_errors=True)


def restart(folder: str, down_seconds: float = 0.0) -> None:
    """Stop the server (ending every connection, as a restart does) and start it again after
    ``down_seconds``, with the options it was started with (pg_ctl keeps them in postmaster.opts)."""
    pg_ctl = find_bin("pg_ctl")
    data = os.path.join(folder, "data")
    with open(os.path.join(data, "postmaster.opts")) as f:
        options = shlex.join(shlex.split(f.read())[3:])  # after: postgres "-D" DIR
    user = server_user()
    run_as(user, [pg_ctl, "-D", data, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
    time.sleep(down_seconds)
    run_as(user, [pg_ctl, "-D", data, "-l", os.path.join(folder, "server.log"), "-o", options, "-w",
                  "start"], stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    if sys.argv[1:2] == ["restart"] and len(sys.argv) in (3, 4):
        restart(sys.argv[2], float(sys.argv[3]) if len(sys.argv) == 4 else 0.0)
        raise SystemExit(0)
    if len(sys.argv) != 3 or sys.argv[1] not in {"start", "stop"}:
        sys.stderr.write(__doc__)
        raise SystemExit(2)
    (start if sys.argv[1] == "start" else stop)(sys.argv[2])
