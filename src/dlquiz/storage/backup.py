"""Rotating backups through SQLite's online backup API, and restoring them."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from dlquiz.storage.failures import BackupFailed
from dlquiz.storage.paths import backups_dir
from dlquiz.storage.sqlite_files import connect_read_only, quick_check_verdict

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


def remove_unfinished(db_path: Path) -> None:
    """Remove copies that a killed backup left half-written (``backup-*.db.part``).

    Call only while holding the collection's lock: then no backup of it is
    being written.  A planted link is removed, never followed.
    """
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return
    for leftover in folder.glob("backup-*.db.part"):
        leftover.unlink(missing_ok=True)


def take_backup(db_path: Path, *, now: datetime) -> Backup:
    """Copy the live collection with the online backup API, check it, then rotate.

    The copy is written under a temporary name, must pass ``quick_check`` (a
    copy of a damaged file is no backup), and only then gets its name; on any
    failure the temporary file is removed.

    Raises:
        BackupFailed: the copy failed its check.
        sqlite3.Error, OSError: the copy could not be made (full disk, ...).
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
    try:
        remove_unfinished(db_path)
        source = sqlite3.connect(str(db_path), timeout=5)
        try:
            dest = sqlite3.connect(str(partial))
            try:
                source.backup(dest)
                # A backup is a single file at rest: no -wal/-shm beside it, ever.
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        problem = check_file(partial)
        if problem is not None:
            raise BackupFailed(
                f"{db_path}: the backup was not kept, its copy fails SQLite's check "
                f"({problem}); the collection itself may be damaged"
            )
        partial.replace(target)
        if (at_rest := _at_rest(target)) is not None:
            _SOUND[at_rest] = True  # just checked, as the .part it was a moment ago
    finally:
        partial.unlink(missing_ok=True)
    rotate(db_path, now=now)
    return Backup(name, target, now.astimezone(UTC), target.stat().st_size)


def content_of(path: Path) -> tuple[int, int]:
    """How far a file's review log got: (newest review's row id, number of reviews).

    Row ids only grow, whatever the clock says, so the backup with the highest
    one holds the most recent review; (-1, -1) when the file cannot be read.
    """
    try:
        conn = connect_read_only(path, at_rest=True)
        try:
            row = conn.execute("SELECT max(id), count(*) FROM reviews").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return (-1, -1)
    return (int(row[0] or 0), int(row[1] or 0))


# A backup is never written again once it has its name, so what it holds is read
# once per process: by its path, size and modification time, so a file that is
# replaced or damaged later (which changes those) is read again.
_AtRest = tuple[str, int, int]
_T = TypeVar("_T")
_CONTENTS: dict[_AtRest, tuple[int, int]] = {}
_SOUND: dict[_AtRest, bool] = {}
_REMEMBERED = 512


def _at_rest(path: Path) -> _AtRest | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns)


def _remembered(memo: dict[_AtRest, _T], path: Path, read: Callable[[Path], _T], gone: _T) -> _T:
    """``read(path)``, or what it gave last time for this unchanged file (``gone``: no file)."""
    key = _at_rest(path)
    if key is None:
        return gone
    if key not in memo:
        if len(memo) >= _REMEMBERED:
            memo.clear()
        memo[key] = read(path)
    return memo[key]


def _content_at_rest(backup: Backup) -> tuple[int, int]:
    return _remembered(_CONTENTS, backup.path, content_of, (-1, -1))


def _sound_at_rest(backup: Backup) -> bool:
    """``backup_is_good``, checked once per process for a file that has not changed since."""
    return _remembered(_SOUND, backup.path, backup_is_good, False)


def _by_content(backups: list[Backup]) -> list[Backup]:
    """Most content first; among equals, the newest name stamp."""
    ranked = [(_content_at_rest(b), b.taken_at, _sequence(b.name), b) for b in backups]
    ranked.sort(key=lambda item: item[:3], reverse=True)
    return [item[3] for item in ranked]


def _kept_by_time(backups: list[Backup], now: datetime) -> set[Path]:
    """The backups the calendar keeps: the last 24 hours, 7 days and 4 weeks before this one."""
    recent = now - timedelta(hours=24)
    keep: set[Path] = {b.path for b in backups if b.taken_at > recent}
    days: dict[object, Backup] = {}
    weeks: dict[object, Backup] = {}
    for backup in backups:  # newest first, so the first seen per bucket wins
        if backup.taken_at > now:
            keep.add(backup.path)  # taken with the clock ahead: it cannot be placed in time
            continue
        days.setdefault(backup.taken_at.date(), backup)
        weeks.setdefault(backup.taken_at.isocalendar()[:2], backup)
    keep.update(b.path for b in list(days.values())[:KEEP_DAILY])
    # The current week is already covered by the daily ones: reach 4 weeks beyond it.
    keep.update(b.path for b in list(weeks.values())[: KEEP_WEEKLY + 1])
    return keep


def rotate(db_path: Path, *, now: datetime) -> list[Path]:
    """Keep every backup of the 24 hours before ``now``, the newest of each of the
    last 7 days, the newest of each of the 4 weeks before this one, and always
    the sound backup with the most content.

    Backups stamped after ``now`` (taken while the clock was set ahead) are
    kept: no clock may make rotation delete what it cannot place in time.
    Backups are opened only when the calendar would remove one: their content
    (once per process each) and, from the most content down, ``quick_check``
    until a sound one is found; a damaged backup never counts as the best.
    Returns the files removed.
    """
    backups = list_backups(db_path)
    keep = _kept_by_time(backups, now.astimezone(UTC))
    if all(b.path in keep for b in backups):
        return []
    for backup in _by_content(backups):
        if _sound_at_rest(backup):
            keep.add(backup.path)
            break
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


def check_file(path: Path) -> str | None:
    """Why SQLite's ``quick_check`` refuses the file, or None when it is sound."""
    try:
        conn = connect_read_only(path, at_rest=True)
        try:
            verdict = quick_check_verdict(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if verdict == "ok" else verdict


def backup_is_good(path: Path) -> bool:
    """True when SQLite opens the file and ``quick_check`` finds nothing wrong."""
    return check_file(path) is None


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
    temp.unlink(missing_ok=True)  # a leftover, or a link that copyfile would write through
    shutil.copyfile(backup.path, temp)
    temp.replace(db_path)
    return aside


def best_good_backup(db_path: Path) -> Backup | None:
    """The sound backup holding the most recent review (by content, not by name).

    A clock set ahead stamps backups in the future; their names say nothing
    about which one holds the most of the learner's work.
    """
    for backup in _by_content(list_backups(db_path)):
        if backup_is_good(backup.path):
            return backup
    return None
