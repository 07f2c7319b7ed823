"""Tallies of what a fetch or import did, printed at the end of every long command."""

from __future__ import annotations

from dataclasses import dataclass, field

from zixun.articles.ingest import Outcome, StoreResult


@dataclass
class Failure:
    """One item that could not be stored: where it came from and why, in words."""

    where: str
    reason: str


@dataclass
class Counts:
    """created / updated / unchanged / skipped / failed, with each failure's reason."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        """Count one stored item."""
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    def fail(self, where: str, reason: str) -> None:
        """Count one failed item and keep its reason."""
        self.failed += 1
        self.failures.append(Failure(where, reason))

    def record(self, where: str, result: StoreResult) -> None:
        """Count what a store did with one item; a failure keeps its reason."""
        if result.outcome == Outcome.FAILED:
            self.fail(where, result.reason)
        else:
            self.add(result.outcome)

    def merge(self, other: Counts) -> None:
        """Add another tally into this one."""
        for name in ("created", "updated", "unchanged", "skipped", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures.extend(other.failures)

    @property
    def total(self) -> int:
        """Items seen, whatever became of them."""
        return self.created + self.updated + self.unchanged + self.skipped + self.failed

    def line(self) -> str:
        """One line for the end of a command."""
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {self.skipped}, failed {self.failed}"
        )
