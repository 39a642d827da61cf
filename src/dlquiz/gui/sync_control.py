"""Sync from the window: in the background, with a status line, and automatic when a hub is set.

The control owns nothing of the sync itself: every run is one
``SyncService.sync`` call (the same operation as ``dlquiz sync``) on a
``Background`` thread.  Automatic syncs happen when the window starts, every
``AUTO_SYNC_MS`` and when it closes, only when a hub is remembered.  A hub
that cannot be reached puts the window in a clear offline state (a status
line that says why and when the next try is); studying is never held up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from dlquiz.core.labels import SYNC_STATE_WORDS, sync_done_line, sync_offline_line
from dlquiz.gui.operations import Background, report_failure
from dlquiz.storage.collection import Collection

if TYPE_CHECKING:
    from dlquiz.sync.service import SyncResult

# dlquiz.sync (the PostgreSQL dialect, psycopg) is imported when a sync runs, not at start-up.

AUTO_SYNC_MS = 5 * 60 * 1000
JOB = "sync"


class SyncControl(QObject):
    """Runs syncs for one window; ``line`` carries what the status bar should show."""

    line = Signal(str)  # a status line, from any thread (queued to the GUI thread)
    finished = Signal(bool)  # after each sync: True when it went through
    changed = Signal()  # a sync brought changes: views should refresh
    role = Signal(str)  # the hub role (teacher, learner, personal), at start and after syncs

    def __init__(
        self,
        collection: Collection,
        background: Background,
        *,
        timer: QTimer | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.collection = collection
        self.background = background
        self.state = "none"
        self.last_message = ""
        # Injected in tests: a timer whose timeout they emit themselves.
        self.timer = timer or QTimer(self)
        self.timer.setInterval(AUTO_SYNC_MS)
        self.timer.timeout.connect(self.auto_sync)

    def hub(self) -> str | None:
        from dlquiz.sync.service import SyncService

        return SyncService(self.collection).remembered_hub()

    def hub_role(self) -> str:
        """What the hub said this collection's role is at the last sync ("" before any)."""
        from dlquiz.sync.service import SyncService

        return SyncService(self.collection).hub_role() or ""

    def start(self) -> None:
        """At the window's start: sync once and every few minutes, when a hub is set."""
        if self.hub() is None:
            return  # nothing to say until the learner sets a hub
        self.role.emit(self.hub_role())
        self.timer.start()
        self.auto_sync()

    def auto_sync(self) -> bool:
        """An automatic sync: only with a remembered hub, never two at once."""
        if self.hub() is None:
            return False
        return self.sync_now()

    def sync_now(self, hub_url: str | None = None) -> bool:
        """Start a sync in the background; False when one is already running."""
        if self.collection.closed:
            return False
        from dlquiz.sync.service import SyncService

        progress: Callable[[str], None] = lambda text: self.line.emit(  # noqa: E731
            f"{SYNC_STATE_WORDS['running']}: {text}…"
        )
        started = self.background.run(
            JOB,
            lambda: SyncService(self.collection).sync(hub_url, progress=progress),
            on_success=self._done,
            on_failure=self._failed,
        )
        if started:
            self._show("running", f"{SYNC_STATE_WORDS['running']}…")
            if not self.timer.isActive():
                self.timer.start()
        return started

    def at_close(self) -> None:
        """The last sync before the collection closes (the window waits for it)."""
        self.timer.stop()
        if self.collection.closed or self.hub() is None or self.background.busy(JOB):
            return
        from dlquiz.sync.hub import HubError
        from dlquiz.sync.service import SyncService

        def last_sync() -> None:
            # Nobody is left to show an offline state: the reason stays in the sync status.
            try:
                SyncService(self.collection).sync()
            except HubError:
                return

        self.background.run(JOB, last_sync)

    def _done(self, result: SyncResult) -> None:
        self._show("done", sync_done_line(sent=result.pushed, received=result.pulled))
        if not self.collection.closed:
            self.role.emit(self.hub_role())
        if result.applied or result.replayed:
            self.changed.emit()
        self.finished.emit(True)

    def _failed(self, error: BaseException) -> None:
        from dlquiz.sync.hub import HubError
        from dlquiz.sync.hub_url import BadHubUrl
        from dlquiz.sync.service import NoHub

        if not isinstance(error, (HubError, NoHub, BadHubUrl)):
            report_failure(error)  # a bug of ours: the error dialog and the log
            return
        minutes = self.timer.interval() // 60_000
        self._show("offline", sync_offline_line(str(error), retry_minutes=max(1, minutes)))
        self.finished.emit(False)

    def _show(self, state: str, message: str) -> None:
        self.state, self.last_message = state, message
        self.line.emit(message)
