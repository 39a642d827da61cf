"""Running one demo off the GUI thread and bringing its progress back as signals.

A :class:`DemoWorker` lives in its own ``QThread``.  The demo calls its
reporter as often as it likes; the worker merges those snapshots and emits
``progress`` at most every 50 ms, so the GUI thread is never flooded.
Cancelling sets a ``threading.Event`` that the demo checks between steps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from dlquiz.demo.control import DemoCancelledError, Progress, Reporter

PROGRESS_INTERVAL_S = 0.05

Job = Callable[[Reporter], object]
"""A demo bound to its settings and device: takes a reporter, returns the result."""


class DemoWorker(QObject):
    """Runs one job; exactly one of succeeded, failed or cancelled, then finished."""

    progress = Signal(object)  # Progress, with the latest value of every data key
    succeeded = Signal(object)  # the job's result
    failed = Signal(str, bool)  # message, and whether the GPU failed (so the CPU may help)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        job: Job,
        *,
        device: str,
        interval_s: float = PROGRESS_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.job = job
        self.device = device
        self.cancel_event = threading.Event()
        self._interval_s = interval_s
        self._clock = clock
        self._last_emit = float("-inf")
        self._pending: dict[str, Any] = {}
        self._latest: Progress | None = None

    def cancel(self) -> None:
        """Ask the job to stop at its next step; safe to call from any thread."""
        self.cancel_event.set()

    def _on_progress(self, progress: Progress) -> None:
        self._pending.update(progress.data)
        self._latest = progress
        if self._clock() - self._last_emit >= self._interval_s:
            self._flush()

    def _flush(self) -> None:
        if self._latest is None:
            return
        self.progress.emit(Progress(self._latest.fraction, self._latest.stage, self._pending))
        self._pending = {}
        self._latest = None
        self._last_emit = self._clock()

    @Slot()
    def run(self) -> None:
        """Run the job in the calling thread and report how it ended."""
        try:
            result = self.job(Reporter(self._on_progress, self.cancel_event))
        except DemoCancelledError:
            self.cancelled.emit()
        except Exception as error:  # every failure is shown in the tab, none is lost
            self.failed.emit(*self._explain(error))
        else:
            self._flush()
            self.succeeded.emit(result)
        finally:
            self.finished.emit()

    def _explain(self, error: Exception) -> tuple[str, bool]:
        from dlquiz.demo.device import is_gpu_failure, release_gpu_memory

        text = f"{error.__class__.__name__}: {error}"
        if is_gpu_failure(error, device=self.device):
            release_gpu_memory(self.device)
            return f"The {self.device.upper()} device failed: {text}", True
        return f"The demo stopped with an error: {text}", False


def start_in_thread(worker: DemoWorker) -> QThread:
    """Move ``worker`` to a new thread, start it, and return the thread.

    The thread quits when the worker finishes.  The caller keeps both
    objects referenced until the thread has finished; nothing is connected
    to ``deleteLater`` (which crashes PySide6 with Python-owned workers).
    """
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # Direct: quit from the worker's own thread, so a GUI thread waiting on
    # the thread cannot deadlock on a queued quit it has not yet processed.
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread
