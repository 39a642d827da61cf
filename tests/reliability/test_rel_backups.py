"""Class: a backup that is not what it seems (17.3, 17.7, 17.8, 17.19).

A backup counts only after ``quick_check``; the one offered is the one with
the most recent review, whatever the clock said; rotation never removes it;
a failed backup leaves no ``.part`` file; and an answer given while a backup
is copied is in the next one.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.storage import backup as backups
from dlquiz.storage.collection import CollectionDamaged, open_collection
from dlquiz.storage.failures import BackupFailed
from dlquiz.storage.paths import backups_dir
from tests.reliability.support import answer_some, new_collection, review_count

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _no_partials(path: Path) -> bool:
    folder = backups_dir(path)
    return not folder.exists() or not any(p.name.endswith(".part") for p in folder.iterdir())


@pytest.mark.parametrize("ahead_days", [1, 30, 400, 4000])
def test_the_offer_is_the_backup_with_the_most_recent_review(
    tmp_path: Path, ahead_days: int
) -> None:
    path = tmp_path / "c.dlquiz"
    clock = FakeClock(T0)
    collection = open_collection(path, clock=clock)
    answer_some(collection, 16)
    collection.close(backup=False)
    # A copy holding 16 reviews is backed up by a process whose clock is far ahead...
    shutil.copyfile(path, tmp_path / "early.dlquiz")
    collection = open_collection(path, clock=clock)
    answer_some(collection, 16)
    collection.close()  # ...while the learner's own close backup, dated today, holds 32
    (best,) = backups.list_backups(path)
    ahead = T0 + timedelta(days=ahead_days)
    early = backups.take_backup(tmp_path / "early.dlquiz", now=ahead)
    early.path.replace(backups_dir(path) / early.name)
    assert backups.list_backups(path)[0].name == early.name  # the newest name stamp
    path.write_bytes(b"damaged")
    with pytest.raises(CollectionDamaged) as raised:
        open_collection(path, clock=clock)
    assert raised.value.backup is not None and raised.value.backup.name == best.name
    assert backups.content_of(raised.value.backup.path) == (32, 32)
    # Reading backups (their check, their content) leaves nothing beside them.
    assert all(p.name.endswith(".db") for p in backups_dir(path).iterdir())


@pytest.mark.parametrize("jump_days", [2, 10, 60, 400, -400])
def test_rotation_with_the_clock_moved_keeps_the_best_backup(
    tmp_path: Path, jump_days: int
) -> None:
    path = tmp_path / "c.dlquiz"
    clock = FakeClock(T0)
    collection = open_collection(path, clock=clock)
    for _ in range(5):  # five backups today, each holding more
        answer_some(collection, 2)
        clock.advance(600)
        collection.backup_now()
    collection.close(backup=False)
    best = backups.list_backups(path)[0]
    shutil.copyfile(best.path, tmp_path / "small.dlquiz")
    # Many backups of an emptier file, taken with the clock moved.
    small = tmp_path / "small.dlquiz"
    conn = __import__("sqlite3").connect(str(small))
    conn.execute("DELETE FROM reviews")
    conn.commit()
    conn.close()
    moved = T0 + timedelta(days=jump_days)
    for day in range(40):
        taken = backups.take_backup(small, now=moved + timedelta(days=day))
        taken.path.replace(backups_dir(path) / taken.name)
        backups.rotate(path, now=moved + timedelta(days=day))
    assert best.path.exists()
    assert backups.best_good_backup(path) == best


def test_a_damaged_file_gives_no_backup_and_leaves_no_part(tmp_path: Path) -> None:
    path = new_collection(tmp_path / "c.dlquiz", reviews=30)
    _flip_bytes(path)
    with pytest.raises(BackupFailed, match="fails SQLite's check"):
        backups.take_backup(path, now=T0)
    assert backups.list_backups(path) == []
    assert _no_partials(path)


def test_a_backup_that_cannot_be_written_leaves_no_part(tmp_path: Path) -> None:
    path = new_collection(tmp_path / "c.dlquiz", reviews=3)
    folder = backups_dir(path)
    folder.mkdir()
    # The .part name is taken by a folder: SQLite cannot write the copy.
    (folder / "backup-20261128-090000.db.part").mkdir()
    with pytest.raises(OSError):
        backups.take_backup(path, now=T0)
    assert backups.list_backups(path) == []


def test_a_leftover_part_of_a_killed_backup_is_replaced(tmp_path: Path) -> None:
    path = new_collection(tmp_path / "c.dlquiz", reviews=3)
    folder = backups_dir(path)
    folder.mkdir()
    (folder / "backup-20261128-090000.db.part").write_bytes(b"half a copy")
    taken = backups.take_backup(path, now=T0)
    assert backups.backup_is_good(taken.path) and _no_partials(path)


def test_an_answer_given_while_a_backup_is_copied_is_in_the_last_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.dlquiz"
    clock = FakeClock(T0)
    collection = open_collection(path, clock=clock)
    answer_some(collection, 2)
    real_take = backups.take_backup

    def copy_then_answer(db_path: Path, *, now: datetime) -> backups.Backup:
        taken = real_take(db_path, now=now)
        answer_some(collection, 1)  # committed after the copy was made
        return taken

    monkeypatch.setattr(backups, "take_backup", copy_then_answer)
    first = collection.backup_now()
    monkeypatch.setattr(backups, "take_backup", real_take)
    assert backups.content_of(first.path)[1] == 2
    clock.advance(1)
    collection.close()  # must not think the answer is backed up
    newest = backups.list_backups(path)[0]
    assert backups.content_of(newest.path)[1] == 3 == review_count(path)


def _flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 12), 97):  # B-tree pages, not the header
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_rotation_never_keeps_a_damaged_backup_in_place_of_the_best_sound_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.dlquiz"
    collection = open_collection(path, clock=FakeClock(T0))
    answer_some(collection, 3)
    sound = backups.take_backup(path, now=T0 - timedelta(days=60))
    answer_some(collection, 3)
    damaged = backups.take_backup(path, now=T0 - timedelta(days=59))
    collection.close(backup=False)
    _break_table_page(damaged.path, "cards")  # its reviews still read: it holds the most
    assert backups.content_of(damaged.path) == (6, 6)
    assert not backups.backup_is_good(damaged.path)
    small = tmp_path / "small.dlquiz"
    shutil.copyfile(sound.path, small)
    conn = __import__("sqlite3").connect(str(small))
    conn.execute("DELETE FROM reviews")
    conn.commit()
    conn.close()
    for day in range(40):  # newer, emptier backups: the calendar would remove both old ones
        taken = backups.take_backup(small, now=T0 + timedelta(days=day))
        taken.path.replace(backups_dir(path) / taken.name)
        backups.rotate(path, now=T0 + timedelta(days=day))
    assert sound.path.exists()
    assert not damaged.path.exists()
    assert backups.best_good_backup(path) == sound


def _break_table_page(path: Path, table: str) -> None:
    """Overwrite the header of ``table``'s first B-tree page (other tables stay readable)."""
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        (page,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    start = (int(root) - 1) * int(page)
    data[start : start + 12] = b"\xff" * 12
    path.write_bytes(bytes(data))
