"""Progress reports and cancellation shared by every reader."""

from __future__ import annotations

import threading
from collections.abc import Callable

MIN_STEP = 0.01  # report at most every 1% of the work


class ImportCancelled(Exception):
    """The caller set the cancel event; nothing was imported."""


class Progress:
    """Forwards a fraction of work done to a callback, at most every 1%.

    ``check`` raises :class:`ImportCancelled` once the cancel event is set;
    ``update`` checks too, so a reader that reports progress is cancellable.
    """

    def __init__(
        self,
        callback: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self._callback = callback
        self._cancel = cancel
        self._last = -1.0

    def check(self) -> None:
        """Raise :class:`ImportCancelled` when cancellation was asked for."""
        if self._cancel is not None and self._cancel.is_set():
            raise ImportCancelled("import cancelled")

    def update(self, fraction: float) -> None:
        """Report ``fraction`` (0..1) of the work as done, if it moved by 1% or more."""
        self.check()
        fraction = min(1.0, max(0.0, fraction))
        if self._callback is None:
            return
        if fraction - self._last >= MIN_STEP or (fraction >= 1.0 > self._last):
            self._last = fraction
            self._callback(fraction)

    def stage(self, start: float, end: float) -> Stage:
        """A view that maps 0..1 of one stage onto ``start..end`` of the whole."""
        return Stage(self, start, end)


class Stage:
    """Part of a :class:`Progress`: its 0..1 covers ``start..end`` of the whole."""

    def __init__(self, parent: Progress, start: float, end: float) -> None:
        self._parent = parent
        self._start = start
        self._span = end - start

    def check(self) -> None:
        """Raise :class:`ImportCancelled` when cancellation was asked for."""
        self._parent.check()

    def update(self, fraction: float) -> None:
        """Report ``fraction`` of this stage as done."""
        self._parent.update(self._start + self._span * min(1.0, max(0.0, fraction)))

    def every(self, index: int, total: int, *, step: int = 256) -> None:
        """Cheap per-item hook: reports (and checks cancel) every ``step`` items."""
        if index % step == 0 and total:
            self.update(index / total)
