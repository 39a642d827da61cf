"""Storage trouble the learner can fix, told as one precise sentence.

SQLite and the operating system report a full disk, a read-only folder and a
damaged file through the same exception classes.  Only a damaged file may be
called damaged (its advice is to restore a backup, which would not help with
the others), so errors are sorted here by their codes, in one place used by
the terminal commands and the window alike.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dlquiz.storage.backup import Backup


class StorageError(Exception):
    """A problem with the collection file or its place; ``str()`` names both."""


class BadCollectionPath(StorageError):
    """``--db`` (or ``$DLQUIZ_DB``) cannot name a collection file."""


class BackupFailed(StorageError):
    """A backup could not be taken; no partial file was left behind."""


@dataclass
class CollectionDamaged(StorageError):
    """The file cannot be used; ``backup`` is the best good one, if any."""

    path: Path
    reason: str
    backup: Backup | None

    def __str__(self) -> str:
        text = f"{self.path}: the collection is damaged ({self.reason})."
        if self.backup is not None:
            text += (
                f" The best good backup is {self.backup.name} "
                f"({self.backup.taken_at:%Y-%m-%d %H:%M} UTC); restore it with "
                f"'dlquiz backup restore {self.backup.name}'. "
                "The damaged file is kept aside, not deleted."
            )
        else:
            text += " No good backup was found."
        return text


# SQLite's primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED = 3, 5, 6
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26

_FULL = "the disk is full; everything saved before stays saved. Free some space and try again"
READ_ONLY = (
    "the collection cannot be written: the file, its folder or the disk is read-only. "
    "Make them writable, or copy the file somewhere writable and pass it with --db"
)


def damaged(path: Path, reason: str) -> CollectionDamaged:
    """The damaged-file error, offering the best good backup."""
    from dlquiz.storage.backup import best_good_backup

    return CollectionDamaged(path, reason, best_good_backup(path))


def _sqlite_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF  # the primary code; the rest is the extended detail
    text = str(error).lower()
    for needle, primary in (
        ("malformed", _SQLITE_CORRUPT),
        ("not a database", _SQLITE_NOTADB),
        ("disk is full", _SQLITE_FULL),
        ("readonly", _SQLITE_READONLY),
        ("unable to open", _SQLITE_CANTOPEN),
        ("disk i/o", _SQLITE_IOERR),
    ):
        if needle in text:
            return primary
    return None


def from_sqlite(path: Path, error: sqlite3.Error) -> StorageError | None:
    """What an SQLite error on the collection means, or None for a bug of ours."""
    code = _sqlite_code(error)
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return damaged(path, str(error))
    if code == _SQLITE_FULL:
        return StorageError(f"{path}: {_FULL}")
    if code == _SQLITE_READONLY:
        return StorageError(f"{path}: {READ_ONLY}")
    if code == _SQLITE_CANTOPEN:
        return StorageError(
            f"{path}: SQLite cannot open the file: its folder is missing or cannot be "
            "written, or its -wal/-shm files cannot be made there"
        )
    if code == _SQLITE_IOERR:
        return StorageError(
            f"{path}: reading or writing the file failed ({error}); the disk may have "
            "been removed or a -wal/-shm file beside it deleted. Close every program that "
            "uses it and try again"
        )
    if code == _SQLITE_PERM:
        return StorageError(f"{path}: permission denied by the operating system")
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StorageError(f"{path}: another program holds the file busy; close it first")
    return None


_OS_REASONS = {
    errno.ENOSPC: _FULL,
    errno.EDQUOT: "the disk quota is used up; free some space and try again",
    errno.EROFS: READ_ONLY,
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EISDIR: "this is a folder, not a collection file",
    errno.ENOTDIR: "a part of this path is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ELOOP: "a symbolic link was refused",
    errno.EIO: "the disk reported a read or write error",
}


def from_os(error: OSError) -> StorageError | None:
    """What an operating-system error on a file means, or None for a bug of ours."""
    reason = _OS_REASONS.get(error.errno or 0)
    if reason is None:
        return None
    where = error.filename if error.filename is not None else "dlquiz"
    return StorageError(f"{where}: {reason}")


def explain(path: Path, error: BaseException) -> StorageError | None:
    """Sort any exception met while using the collection at ``path``.

    SQLAlchemy's wrappers are unwrapped to the driver's own error first.
    """
    if isinstance(error, StorageError):
        return error
    original = getattr(error, "orig", None)
    if isinstance(original, BaseException):
        error = original
    if isinstance(error, sqlite3.Error):
        return from_sqlite(path, error)
    if isinstance(error, OSError):
        return from_os(error)
    return None
