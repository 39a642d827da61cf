"""Clocks are passed in, never read from the system inside core."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Where core code gets the time from."""

    def now(self) -> datetime:
        """Return the current wall time as a UTC-aware datetime."""
        ...

    def monotonic(self) -> float:
        """Return seconds from an arbitrary origin that never goes backwards."""
        ...


def local_zone() -> tzinfo:
    """This machine's time zone: where a learner's study day is counted by default.

    Only the offset is read, never used as "now"; services take a ``zone``
    argument so tests pass their own.
    """
    return datetime.now().astimezone().tzinfo or UTC


class SystemClock:
    """The real clock, used by the front ends."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to; for tests and benchmarks."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        """Move both wall and monotonic time forward."""
        self._now += timedelta(seconds=seconds)
        self._mono += seconds
