"""Shared ending for long commands: the counts line and each failure's reason."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zixun.pipeline.counts import Counts


def print_counts(command: BaseCommand, name: str, counts: Counts) -> None:
    """Print `zixun NAME: created …, failed …` and one line per failure (to stderr)."""
    command.stdout.write(f"zixun {name}: {counts.line()}")
    for failure in counts.failures:
        command.stderr.write(f"  failed: {failure.where}: {failure.reason}")
