"""The seal a clean close leaves beside the collection, so that the next open may skip
``PRAGMA quick_check`` without trusting a file it has not seen.

``quick_check`` walks every B-tree page, and a terminal command used to pay it
on every start.  A clean close now writes ``<collection>.sealed``: the file's
identity (inode, size, modification and change times) and CRC-32 as the close
left it (at rest, its log checkpointed away), when a full check last vouched
for it, and which backup (if any) holds exactly that state.  The next open
skips the full check only when

* the previous session closed cleanly (no ``.running`` marker: a crash always
  means a full check),
* the file is byte for byte what that close left, so any damage since, by a
  disk, a copy or another program, is caught before anything is written.  Any
  write through the file system changes the change time; the checksum finds
  what a failing disk changes beneath it.  CRC-32 runs about four times faster
  than the check on an 800 MB collection (0.19 s against 0.75 s of CPU) and
  finds accidental damage all but surely; the seal is no defence against
  someone who can write the folder, who could write a seal as well,
* and the last full check is less than :data:`RECHECK_AFTER` old: damage that a
  session could write itself (a bug, failing memory) is found within a day.

The seal is removed as the collection is opened: while it is open, the file
is not at rest, and only a clean close vouches for it again.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from dlquiz.storage.nofollow import open_side_file, write_side_file

RECHECK_AFTER = timedelta(hours=24)
_READ_LIMIT = 4096  # a seal is a few hundred bytes; anything longer is not one
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Seal:
    """What a clean close recorded about the file it left."""

    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int
    crc32: int
    checked_at: datetime | None  # the last full check this file descends from (UTC)
    backup: str | None  # a backup holding exactly this state, by name


def seal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".sealed")


def identity(info: os.stat_result) -> tuple[int, int, int, int]:
    """What any write through the file system, or a file put in its place, changes."""
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def fingerprint(db_path: Path) -> tuple[tuple[int, int, int, int], int]:
    """The file's identity and its CRC-32, read through one descriptor."""
    crc = 0
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    with db_path.open("rb", buffering=0) as stream:
        info = os.fstat(stream.fileno())
        while read := stream.readinto(buffer):
            crc = zlib.crc32(view[:read], crc)
    return identity(info), crc


def write_seal(db_path: Path, *, checked_at: datetime | None, backup: str | None) -> None:
    """Seal the file as it is now (call only when it is at rest and still locked)."""
    (inode, size, mtime_ns, ctime_ns), crc = fingerprint(db_path)
    record = {
        "inode": inode,
        "size": size,
        "mtime_ns": mtime_ns,
        "ctime_ns": ctime_ns,
        "crc32": crc,
        "checked_at": None if checked_at is None else checked_at.isoformat(),
        "backup": backup,
    }
    write_side_file(seal_path(db_path), json.dumps(record) + "\n")


def take_seal(db_path: Path) -> Seal | None:
    """Read and remove the seal; None when there is none or it cannot be read as one.

    Raises:
        StorageError: the seal is a link or not a regular file (refused, as the
            other side files are).
    """
    path = seal_path(db_path)
    if not (path.exists() or path.is_symlink()):
        return None
    fd = open_side_file(path)
    try:
        text = os.read(fd, _READ_LIMIT)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)
    try:
        data = json.loads(text)
        checked = data["checked_at"]
        return Seal(
            inode=int(data["inode"]),
            size=int(data["size"]),
            mtime_ns=int(data["mtime_ns"]),
            ctime_ns=int(data["ctime_ns"]),
            crc32=int(data["crc32"]),
            checked_at=None if checked is None else datetime.fromisoformat(str(checked)),
            backup=None if data["backup"] is None else str(data["backup"]),
        )
    except (ValueError, KeyError, TypeError):
        return None  # a seal that is no seal vouches for nothing: the file is checked


def vouches_for(seal: Seal | None, db_path: Path, *, now: datetime) -> bool:
    """True when ``seal`` shows the file untouched since a clean close, checked recently."""
    if seal is None or seal.checked_at is None:
        return False
    if not timedelta(0) <= now - seal.checked_at < RECHECK_AFTER:
        return False  # a day old, or the clock went back: check again
    log = db_path.with_name(db_path.name + "-wal")
    if log.exists() and log.stat().st_size > 0:
        return False  # transactions the seal never saw would be read from it
    sealed = (seal.inode, seal.size, seal.mtime_ns, seal.ctime_ns)
    if identity(db_path.stat()) != sealed:
        return False
    return fingerprint(db_path) == (sealed, seal.crc32)
