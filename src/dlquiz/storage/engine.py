"""The SQLAlchemy engine for one collection file, with the pragmas we rely on.

Every connection here is made from the file's path itself, never from a URL
built by formatting it: SQLAlchemy and SQLite both parse URLs, so a ``?``,
``#`` or ``%20`` in a file name would silently name another file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, QueuePool, create_engine, event

from dlquiz.storage.sqlite_files import BUSY_TIMEOUT_S, apply_pragmas


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    apply_pragmas(dbapi_connection)


def _begin_explicitly(conn: Any) -> None:
    # With isolation_level=None the driver never opens transactions itself, so DDL
    # (CREATE INDEX, ALTER) is part of ours instead of committing on its own.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path, *, transactional_ddl: bool = False) -> Engine:
    """An engine on exactly the file ``path``, with WAL, foreign keys and NORMAL sync.

    Args:
        path: the collection file, taken literally (no URL parsing).
        transactional_ddl: make schema changes part of the surrounding
            transaction (for migrations: a kill between a change and its
            revision stamp then leaves neither).
    """
    target = str(path)

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        if transactional_ddl:
            conn.isolation_level = None
        return conn

    # "sqlite://" names no file; the creator does.  The pool must be given, since
    # SQLAlchemy would otherwise pick the one it uses for in-memory databases.
    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    event.listen(engine, "connect", _set_pragmas)
    if transactional_ddl:
        event.listen(engine, "begin", _begin_explicitly)
    return engine
