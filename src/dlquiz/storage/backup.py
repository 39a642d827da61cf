"""Rotating backups through SQLite's online backup API, and restoring them."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dlquiz.storage.paths import backups_dir

_STAMP = "%Y%m%d-%H%M%S"
KEEP_DAILY = 7
KEEP_WEEKLY = 4


@dataclass(frozen=True, slots=True)
class Backup:
    name: str
    path: Path
    taken_at: datetime  # UTC
    size: int


def _parse_stamp(name: str) -> datetime | None:
    stem = name.removeprefix("backup-").removesuffix(".db")
    stem = stem[:15]  # a "-2" after the stamp tells apart backups taken in one second
    try:
        return datetime.strptime(stem, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def list_backups(db_path: Path) -> list[Backup]:
    """Backups of this collection, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("backup-*.db"):
        taken = _parse_stamp(path.name)
        if taken is not None:
            found.append(Backup(path.name, path, taken, path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, _sequence(b.name)), reverse=True)


def _sequence(name: str) -> int:
    suffix = name.removesuffix(".db")[len("backup-") + 15 :]
    return int(suffix[1:]) if suffix.startswith("-") and suffix[1:].isdigit() else 1


def take_backup(db_path: Path, *, now: datetime) -> Backup:
    """Copy the live collection with the online backup API, then rotate.

    The copy is written under a temporary name and renamed, so a crash never
    leaves a half-written backup that looks complete.
    """
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(UTC).strftime(_STAMP)
    name, n = f"backup-{stamp}.db", 1
    while (folder / name).exists():  # never overwrite an earlier backup
        n += 1
        name = f"backup-{stamp}-{n}.db"
    target = folder / name
    partial = folder / (name + ".part")
    source = sqlite3.connect(db_path, timeout=5)
    try:
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    partial.replace(target)
    rotate(db_path)
    return Backup(name, target, now.astimezone(UTC), target.stat().st_size)


def rotate(db_path: Path) -> list[Path]:
    """Keep every backup of the last 24 hours, the newest of each of the last 7 days,
    and the newest of each of the 4 weeks before this one.

    Returns the files removed.
    """
    backups = list_backups(db_path)
    if not backups:
        return []
    recent = backups[0].taken_at - timedelta(hours=24)
    keep: set[Path] = {b.path for b in backups if b.taken_at > recent}
    days: dict[object, Backup] = {}
    weeks: dict[object, Backup] = {}
    for backup in backups:  # newest first, so the first seen per bucket wins
        days.setdefault(backup.taken_at.date(), backup)
        weeks.setdefault(backup.taken_at.isocalendar()[:2], backup)
    keep.update(b.path for b in list(days.values())[:KEEP_DAILY])
    # The current week is already covered by the daily ones: reach 4 weeks beyond it.
    keep.update(b.path for b in list(weeks.values())[: KEEP_WEEKLY + 1])
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def find_backup(db_path: Path, name: str) -> Backup:
    """The backup called ``name``, or KeyError listing what exists."""
    for backup in list_backups(db_path):
        if backup.name == name:
            return backup
    known = ", ".join(b.name for b in list_backups(db_path)) or "none"
    raise KeyError(f"no backup named {name!r} (backups: {known})")


def backup_is_good(path: Path) -> bool:
    """True when SQLite opens the file and ``quick_check`` finds nothing wrong."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == "ok"


def set_aside(db_path: Path, *, reason: str, now: datetime) -> Path | None:
    """Move the collection (and its WAL files) aside; never delete it."""
    if not db_path.exists():
        return None
    stamp = now.astimezone(UTC).strftime(_STAMP)
    aside = db_path.with_name(f"{db_path.name}.{reason}-{stamp}")
    db_path.replace(aside)
    for suffix in ("-wal", "-shm"):
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists():
            extra.replace(aside.with_name(aside.name + suffix))
    return aside


def restore_backup(db_path: Path, name: str, *, now: datetime) -> Path | None:
    """Put backup ``name`` in place of the collection.

    The current file is kept aside (returned), never overwritten.  The
    collection must be closed while this runs.
    """
    backup = find_backup(db_path, name)
    if not backup_is_good(backup.path):
        raise ValueError(f"{backup.path}: this backup is damaged too; choose an older one")
    aside = set_aside(db_path, reason="replaced", now=now)
    temp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup.path, temp)
    temp.replace(db_path)
    return aside


def newest_good_backup(db_path: Path) -> Backup | None:
    """The most recent backup that passes ``quick_check``."""
    for backup in list_backups(db_path):
        if backup_is_good(backup.path):
            return backup
    return None
