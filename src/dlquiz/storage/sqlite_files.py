"""Plain sqlite3 connections to exactly one file, kept free of SQLAlchemy.

The scripting commands (``dlquiz questions``, ``dlquiz grade``) read through
these without importing SQLAlchemy.  A path is never pasted into a URL as
it is: ``?``, ``#`` and ``%`` in a file name would name another file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0


def file_uri(path: Path, **options: str) -> str:
    """A ``file:`` URI for SQLite that names exactly ``path``, with query options.

    Every character SQLite's URI parser would read (``?``, ``#``, ``%``) is
    percent-encoded, so the name reaches the file system unchanged.
    """
    query = "&".join(f"{key}={value}" for key, value in options.items())
    uri = "file:" + quote(str(path.absolute()), safe="/")
    return f"{uri}?{query}" if query else uri


def connect_read_only(
    path: Path, *, timeout: float = BUSY_TIMEOUT_S, at_rest: bool = False
) -> sqlite3.Connection:
    """A read-only sqlite3 connection to exactly ``path``; it never creates the file.

    ``at_rest`` is for files no one writes (backups): when no ``-wal`` file lies
    beside it, SQLite is told the file is immutable, so reading it leaves no
    ``-shm`` file behind.  With a ``-wal`` beside it that would hide the log's
    transactions, so then it is opened normally.
    """
    wal = path.with_name(path.name + "-wal")
    if at_rest and not wal.exists():
        return sqlite3.connect(file_uri(path, mode="ro", immutable="1"), uri=True, timeout=timeout)
    return sqlite3.connect(file_uri(path, mode="ro"), uri=True, timeout=timeout)


def quick_check_verdict(conn: sqlite3.Connection) -> str:
    """``PRAGMA quick_check`` as text: "ok" when sound, else SQLite's first complaint.

    On a damaged file the complaint can quote bytes from the broken pages,
    which are not always UTF-8 (Python then fails to decode SQLite's own
    error message); that too means damage, and the caller must be able to
    say "damaged" rather than crash.
    """
    previous = conn.text_factory
    conn.text_factory = bytes
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
    except UnicodeDecodeError:
        return "SQLite's report of the damage is not readable text"
    finally:
        conn.text_factory = previous
    if row is None:
        return "no answer"
    value = row[0]
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def looks_like_sqlite(path: Path) -> bool:
    """True for a file that starts with SQLite's header.

    An existing file with any other start, including an empty one, is not a
    collection: dlquiz writes a complete file before it ever gets that name.
    """
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def apply_pragmas(conn: sqlite3.Connection) -> None:
    """The settings every connection to a collection works under (engine and readers)."""
    # Through a cursor: the documented `dbapi_connection.autocommit` recipe fails on 3.11.
    cursor = conn.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a power cut may lose the last transactions, never corrupt.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        # 32 MB of page cache (the default is 2 MB): large imports and 100k-card queues
        # stay in memory instead of spilling.
        cursor.execute("PRAGMA cache_size=-32768")
        # Checkpoints run in storage.checkpoint's thread, not inside an answer's commit.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
    finally:
        cursor.close()


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, for checks that must not import SQLAlchemy's ORM."""
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
