"""Plain ``sqlite3`` connections for a collection's reads, one per thread.

The study queue, the settings and the deck list are read through these, so
the first question can be shown before SQLAlchemy is imported.  A unit of
work's own driver connection (``raw_connection``) serves the same
statements inside its transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from dlquiz.storage.sqlite_files import BUSY_TIMEOUT_S, apply_pragmas

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Readers:
    """One reading connection per thread, all closed with the collection.

    A connection is never shared between threads at the same time (sqlite3
    forbids it); each thread that reads gets its own the first time.  Work
    off the GUI thread runs in short-lived threads, so the connection of a
    thread that has ended is closed when the next one is made.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._by_thread: dict[threading.Thread, sqlite3.Connection] = {}
        self._lock = threading.Lock()
        self._closed = False

    def connection(self) -> sqlite3.Connection:
        """This thread's reading connection (autocommit: each read sees the latest commit)."""
        thread = threading.current_thread()
        with self._lock:
            conn = self._by_thread.get(thread)
            if conn is not None:
                return conn
            if self._closed:
                raise sqlite3.ProgrammingError("the collection is closed")
            for ended in [t for t in self._by_thread if not t.is_alive()]:
                self._by_thread.pop(ended).close()
            # check_same_thread=False only so that another thread may close it.
            conn = sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_S,
                check_same_thread=False,
                isolation_level=None,
            )
            apply_pragmas(conn)
            self._by_thread[thread] = conn
            return conn

    @property
    def open_count(self) -> int:
        with self._lock:
            return len(self._by_thread)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._by_thread.values():
                conn.close()
            self._by_thread.clear()


def raw_connection(session: Session) -> sqlite3.Connection:
    """The driver connection under ``session``: its statements join the session's transaction."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver
