"""The SQLAlchemy engine for one collection file, with the pragmas we rely on."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

SQLITE_MAGIC = b"SQLite format 3\x00"


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Through a cursor: the documented `dbapi_connection.autocommit` recipe fails on 3.11.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a power cut may lose the last transactions, never corrupt.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        # 32 MB of page cache (the default is 2 MB): large imports and 100k-card queues
        # stay in memory instead of spilling.
        cursor.execute("PRAGMA cache_size=-32768")
        # Checkpoints run in storage.checkpoint's thread, not inside an answer's commit.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
    finally:
        cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine whose every connection has WAL, foreign keys and NORMAL sync."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
    return engine


def looks_like_sqlite(path: Path) -> bool:
    """True for an empty or missing file or one with SQLite's header."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, for checks that must not import SQLAlchemy's ORM."""
    return sqlite3.connect(path, timeout=5)
