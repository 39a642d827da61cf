"""How a running demo reports progress and learns that it should stop.

Demos are plain functions; a front end passes a :class:`Reporter` in.  The
demo calls :meth:`Reporter.step` often; the reporter forwards snapshots to the
front end's callback and raises :class:`DemoCancelledError` once cancel is set.
Throttling is the front end's business (the Qt worker emits at most every
50 ms), so demos may report as often as they like.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class DemoCancelledError(Exception):
    """The learner pressed Cancel; the demo stopped early."""


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot of a running demo.

    ``fraction`` runs from 0 to 1; ``stage`` names what is running; ``data``
    holds partial results (plain lists and numbers, safe to hand to another thread).
    """

    fraction: float
    stage: str
    data: dict[str, Any] = field(default_factory=dict)


ProgressCallback = Callable[[Progress], None]


class Reporter:
    """Passes progress to a callback and checks a cancel flag between steps.

    A reporter may stand for part of a larger run: :meth:`part` maps the
    part's 0..1 onto its slice of the whole, so the progress bar moves evenly.
    """

    def __init__(
        self,
        callback: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        *,
        start: float = 0.0,
        end: float = 1.0,
    ) -> None:
        self._callback = callback
        self._cancel = cancel
        self._start = start
        self._end = end

    def check(self) -> None:
        """Raise :class:`DemoCancelledError` if cancel has been requested."""
        if self._cancel is not None and self._cancel.is_set():
            raise DemoCancelledError("cancelled")

    def step(self, fraction: float, stage: str, **data: Any) -> None:
        """Check for cancel, then report ``fraction`` (0 to 1) of this part as done."""
        self.check()
        if self._callback is not None:
            clamped = min(max(fraction, 0.0), 1.0)
            overall = self._start + (self._end - self._start) * clamped
            self._callback(Progress(overall, stage, dict(data)))

    def part(self, start: float, end: float) -> Reporter:
        """A reporter for the slice ``start..end`` (0 to 1) of this reporter's work."""
        span = self._end - self._start
        return Reporter(
            self._callback,
            self._cancel,
            start=self._start + span * start,
            end=self._start + span * end,
        )


SILENT = Reporter()
"""A reporter that reports nothing and never cancels, for scripts and tests."""
