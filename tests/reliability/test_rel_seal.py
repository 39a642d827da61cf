"""Class: the full check skipped at open, and when it must not be (storage/seal.py).

A terminal command skips ``quick_check`` only for a file byte for byte as a
clean close sealed it, checked within a day; after a crash, a day, or any
change to the file (even one that keeps its size and modification time, or
one beneath the file system that keeps its every time), it checks again, and
a damaged file is refused before anything is written.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.storage import backup as backups
from dlquiz.storage.collection import open_collection
from dlquiz.storage.failures import CollectionDamaged
from dlquiz.storage.seal import RECHECK_AFTER, fingerprint, seal_path
from dlquiz.storage.sqlite_files import quick_check_verdict
from tests.reliability.support import answer_some, run_cli


def _sealed(path: Path, clock: FakeClock) -> Path:
    collection = open_collection(path, clock=clock, full_check=True)
    try:
        answer_some(collection, 3)
    finally:
        collection.close(backup=False)
    assert seal_path(path).exists()
    return path


def _checked_at_open(path: Path, clock: FakeClock) -> object:
    collection = open_collection(path, clock=clock, full_check=True)
    try:
        return collection.checked_at
    finally:
        collection.close(backup=False)


def test_an_unchanged_sealed_file_opens_without_the_full_check(tmp_path: Path) -> None:
    clock = FakeClock()
    checked = clock.now()
    path = _sealed(tmp_path / "c.dlquiz", clock)
    clock.advance(3600)
    # The seal's time of the last check carries over: no check ran at this open.
    assert _checked_at_open(path, clock) == checked
    assert _checked_at_open(path, clock) == checked  # and the next close sealed it again


def test_a_day_after_the_last_check_the_file_is_checked_again(tmp_path: Path) -> None:
    clock = FakeClock()
    path = _sealed(tmp_path / "c.dlquiz", clock)
    clock.advance(RECHECK_AFTER.total_seconds() + 1)
    assert _checked_at_open(path, clock) == clock.now()


def test_a_clock_set_back_checks_the_file(tmp_path: Path) -> None:
    clock = FakeClock()
    path = _sealed(tmp_path / "c.dlquiz", clock)
    earlier = FakeClock(clock.now() - timedelta(hours=1))
    assert _checked_at_open(path, earlier) == earlier.now()


def test_after_a_crash_the_file_is_checked(tmp_path: Path) -> None:
    clock = FakeClock()
    path = _sealed(tmp_path / "c.dlquiz", clock)
    path.with_name(path.name + ".running").write_text("open\n")  # as a killed process leaves it
    clock.advance(60)
    assert _checked_at_open(path, clock) == clock.now()


def test_a_seal_that_cannot_be_written_fails_no_close(tmp_path: Path) -> None:
    clock = FakeClock()
    path = _sealed(tmp_path / "c.dlquiz", clock)
    collection = open_collection(path, clock=clock, full_check=True)
    seal_path(path).mkdir()  # planted while the collection is open
    collection.close(backup=False)  # all is saved; only the seal is left out
    seal_path(path).rmdir()
    clock.advance(60)
    assert _checked_at_open(path, clock) == clock.now()


@pytest.mark.parametrize("text", ["", "not json", '{"size": 1}', "[1, 2]"])
def test_a_seal_that_is_no_seal_vouches_for_nothing(tmp_path: Path, text: str) -> None:
    clock = FakeClock()
    path = _sealed(tmp_path / "c.dlquiz", clock)
    seal_path(path).write_text(text)
    clock.advance(60)
    assert _checked_at_open(path, clock) == clock.now()


def _damage_in_place(path: Path, *, seed: int) -> bool:
    """Flip bytes past the header page, keeping the file's size and time; True if SQLite sees it."""
    info = path.stat()
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for _ in range(64):
        data[rng.randrange(4096, len(data))] ^= 0xFF
    with path.open("r+b") as stream:
        stream.write(data)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return quick_check_verdict(conn) != "ok"
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_damage_that_keeps_size_and_time_is_found_at_open(tmp_path: Path, seed: int) -> None:
    clock = FakeClock()
    path = _sealed(tmp_path / "c.dlquiz", clock)
    if not _damage_in_place(path, seed=seed):
        pytest.skip("these flips happened to land in free space")
    before = path.read_bytes()
    clock.advance(60)
    with pytest.raises(CollectionDamaged):
        open_collection(path, clock=clock, full_check=True)
    assert path.read_bytes() == before


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_damage_beneath_the_file_system_is_found_by_the_checksum(tmp_path: Path, seed: int) -> None:
    """Bytes a failing disk changes leave the file's times alone: the seal's CRC finds them."""
    clock = FakeClock()
    path = _sealed(tmp_path / "c.dlquiz", clock)
    sealed = json.loads(seal_path(path).read_text())
    if not _damage_in_place(path, seed=seed):
        pytest.skip("these flips happened to land in free space")
    # As if the change had not passed through the file system: its identity as sealed.
    (inode, size, mtime_ns, ctime_ns), _crc = fingerprint(path)
    sealed.update(inode=inode, size=size, mtime_ns=mtime_ns, ctime_ns=ctime_ns)
    seal_path(path).write_text(json.dumps(sealed))
    clock.advance(60)
    with pytest.raises(CollectionDamaged):
        open_collection(path, clock=clock, full_check=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_import_into_a_sealed_file_damaged_since_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    path = tmp_path / "c.dlquiz"
    assert run_cli(capsys, "--db", str(path), "stats").code == 0  # sealed, with the real clock
    if not _damage_in_place(path, seed=seed):
        pytest.skip("these flips happened to land in free space")
    before, kept = path.read_bytes(), backups.list_backups(path)
    deck = tmp_path / "deck.csv"
    deck.write_text("Who won ImageNet 2012?,AlexNet\nWhat year was it?,2012\n")
    done = run_cli(capsys, "--db", str(path), "import", str(deck))
    assert done.code == 1, done.err
    assert "damaged" in done.err and "unexpected" not in done.err
    assert path.read_bytes() == before  # nothing written into the damaged B-tree
    assert backups.list_backups(path) == kept  # and no copy of it kept as a backup
