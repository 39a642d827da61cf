"""Moving the write-ahead log into the database file, off the answering thread.

SQLite's automatic checkpoint runs inside whichever commit crosses its
threshold, and its fsync made one answer in a hundred several times slower.
The collection turns it off and this thread checkpoints instead, through its
own connection, while answers keep being written.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

CHECKPOINT_EVERY_S = 20.0


class Checkpointer:
    """A daemon thread that runs ``PRAGMA wal_checkpoint(PASSIVE)`` every few seconds.

    A checkpoint of an empty log costs next to nothing, so it runs whether or
    not anything was written.
    """

    def __init__(self, db_path: Path, *, every_s: float = CHECKPOINT_EVERY_S) -> None:
        self.db_path = db_path
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dlquiz-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def checkpoint_now(self) -> tuple[int, int, int] | None:
        """Checkpoint without waiting for readers or writers: (busy, log frames, moved)."""
        try:
            conn = sqlite3.connect(self.db_path, timeout=5)
            try:
                row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            return None  # tried again on the next round; closing checkpoints fully anyway
        return None if row is None else (int(row[0]), int(row[1]), int(row[2]))

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.checkpoint_now()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
