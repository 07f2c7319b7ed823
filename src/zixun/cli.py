"""The `zixun` command: Django's management commands plus zixun's own (serve, demo, worker, …)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `zixun` console script."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zixun.settings")
    argv = list(sys.argv if argv is None else ["zixun", *argv])
    if len(argv) < 2:
        argv.append("help")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
