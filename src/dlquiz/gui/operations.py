"""The one way to run collection work off the GUI thread.

A widget that must read or write the collection without freezing the window
hands the work to its :class:`Background`::

    self.background.run("stats", lambda: collection_stats(...), on_success=self._show)

The work runs in a thread of its own.  Its value, or the exception it
raised, comes back through a queued signal, so ``on_success`` and
``on_failure`` always run on the GUI thread and may touch widgets.  Without
an ``on_failure`` the exception goes to ``sys.excepthook``, which in the app
is the error dialog that logs it (see :mod:`dlquiz.gui.errors`): no failure
is lost.

Work that reports progress and can be cancelled (imports, the demo) uses a
worker ``QObject`` in a ``QThread`` instead; its failures take the same path.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")


def report_failure(error: BaseException) -> None:
    """Hand an unexpected error to ``sys.excepthook``: the error dialog and the log."""
    sys.excepthook(type(error), error, error.__traceback__)


@dataclass(frozen=True, slots=True)
class _Outcome:
    name: str
    thread: threading.Thread
    value: Any
    error: BaseException | None
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None]


class Background(QObject):
    """Runs named jobs off the GUI thread, at most one per name at a time.

    The owning widget keeps it (as a child) and calls :meth:`shutdown` before the
    collection closes, so no job outlives the collection it works on.
    """

    done = Signal(str)  # the job's name, after its callback ran on the GUI thread
    _arrived = Signal(object)  # an _Outcome, emitted from the job's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[str, threading.Thread] = {}
        self._shut = False
        self._arrived.connect(self._deliver)

    def busy(self, name: str) -> bool:
        """Whether a job of this name is still running (or its result not yet delivered)."""
        return name in self._running

    def run(
        self,
        name: str,
        work: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] = report_failure,
    ) -> bool:
        """Start ``work`` in its own thread; False (and nothing started) when ``name`` is busy.

        Args:
            name: what the job is, e.g. "backup"; also the thread's name.
            work: runs off the GUI thread; it must not touch widgets.
            on_success: called on the GUI thread with the value ``work`` returned.
            on_failure: called on the GUI thread with the exception ``work`` raised.
        """
        if self._shut or self.busy(name):
            return False

        def target() -> None:
            thread = threading.current_thread()
            try:
                value = work()
            except Exception as error:  # noqa: BLE001 - delivered to on_failure, never lost
                self._arrived.emit(_Outcome(name, thread, None, error, on_success, on_failure))
            else:
                self._arrived.emit(_Outcome(name, thread, value, None, on_success, on_failure))

        thread = threading.Thread(target=target, name=f"dlquiz-{name}", daemon=True)
        self._running[name] = thread
        thread.start()
        return True

    def _deliver(self, outcome: _Outcome) -> None:
        if self._running.get(outcome.name) is outcome.thread:
            del self._running[outcome.name]
        if self._shut:
            # The widgets are going away: a value is dropped, an error still reaches the log.
            if outcome.error is not None:
                report_failure(outcome.error)
            return
        try:
            if outcome.error is not None:
                outcome.on_failure(outcome.error)
            elif outcome.on_success is not None:
                outcome.on_success(outcome.value)
        finally:
            self.done.emit(outcome.name)

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Let running jobs finish and start no more (before the collection closes).

        Values that arrive afterwards are dropped, since the widgets are going
        away; errors still reach ``sys.excepthook``.
        """
        self._shut = True
        for thread in list(self._running.values()):
            thread.join(timeout=timeout_s)
