"""Shared ending for long commands: the counts line and each failure's reason."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zixun.pipeline.counts import Counts


def print_counts(command: BaseCommand, name: str, counts: Counts, origin: str = "") -> None:
    """Print `zixun NAME: created …, failed …` and one line per failure (to stderr), each
    failure under ``origin`` (the file it came from) when one is given."""
    command.stdout.write(f"zixun {name}: {counts.line()}")
    prefix = f"{origin} " if origin else ""
    for failure in counts.failures:
        command.stderr.write(f"  failed: {prefix}{failure.where}: {failure.reason}")
