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
    forbids it); each thread that reads gets its own the first time.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def connection(self) -> sqlite3.Connection:
        """This thread's reading connection (autocommit: each read sees the latest commit)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if self._closed:
                    raise sqlite3.ProgrammingError("the collection is closed")
                # check_same_thread=False only so close() may close it from another thread.
                conn = sqlite3.connect(
                    str(self.path),
                    timeout=BUSY_TIMEOUT_S,
                    check_same_thread=False,
                    isolation_level=None,
                )
                apply_pragmas(conn)
                self._all.append(conn)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._all:
                conn.close()
            self._all.clear()


def raw_connection(session: Session) -> sqlite3.Connection:
    """The driver connection under ``session``: its statements join the session's transaction."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver
