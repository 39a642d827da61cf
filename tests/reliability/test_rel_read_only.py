"""Class: a place dlquiz cannot write, or a disk that is full (17.17, 17.18, 17.19).

Each gets a message naming the cause and exit code 1, at once (before a
question is shown), and is never called "damaged".
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from dlquiz.cli.errors import report_unexpected
from dlquiz.core.clock import FakeClock
from dlquiz.storage import backup as backups
from dlquiz.storage.collection import open_collection
from dlquiz.storage.failures import CollectionDamaged, StorageError, explain, from_os
from tests.reliability.support import answer_some, new_collection, run_cli_unprivileged

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and fork")
COMMANDS = [["stats", "--json"], ["study", "--terminal"], ["exam", "history"], ["backup", "now"]]


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="dlquiz-rel-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for inner in folder.rglob("*"):
            if inner.is_dir():
                inner.chmod(0o777)
        shutil.rmtree(folder, ignore_errors=True)


def _shared_home(folder: Path) -> Path:
    home = folder / "home"
    home.mkdir()
    home.chmod(0o777)
    return home


@pytest.mark.slow  # starts a process
@posix_only
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_read_only_file_is_refused_at_once(shared: Path, command: list[str]) -> None:
    home = _shared_home(shared)
    path = new_collection(shared / "c.dlquiz", reviews=2)
    path.chmod(0o444)
    before = path.read_bytes()
    done = run_cli_unprivileged(home, "--db", str(path), *command)
    assert done.code == 1, done.err
    assert "read-only" in done.err and str(path) in done.err
    assert "damaged" not in done.err and "Traceback" not in done.err
    assert "Rated" not in done.out
    assert path.read_bytes() == before


@pytest.mark.slow  # starts a process
@posix_only
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_read_only_folder_is_not_called_damaged(shared: Path, command: list[str]) -> None:
    home = _shared_home(shared)
    folder = shared / "ro"
    folder.mkdir()
    path = new_collection(folder / "c.dlquiz", reviews=2)
    path.chmod(0o666)
    folder.chmod(0o555)
    try:
        done = run_cli_unprivileged(home, "--db", str(path), *command)
    finally:
        folder.chmod(0o755)
    assert done.code == 1, done.err
    assert "folder" in done.err and "read-only" in done.err
    assert "damaged" not in done.err and "restore" not in done.err


def test_a_full_disk_is_named_and_the_good_backup_still_offered(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    collection = open_collection(path, clock=FakeClock())
    try:
        answer_some(collection, 2)
        good = collection.backup_now()
        with collection.engine.connect() as conn:  # SQLite's own "disk is full", for real
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
            with pytest.raises(OperationalError) as raised:
                conn.exec_driver_sql(
                    "INSERT INTO settings (key, value) VALUES ('filler', ?)", ("x" * 2_000_000,)
                )
                conn.commit()
            conn.rollback()
            conn.exec_driver_sql("PRAGMA max_page_count = 1073741823")
        explained = explain(path, raised.value)
        assert explained is not None and not isinstance(explained, CollectionDamaged)
        assert "disk is full" in str(explained) and "damaged" not in str(explained)
        assert backups.best_good_backup(path) == good
    finally:
        collection.close(backup=False)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission denied"),
        (errno.EISDIR, "folder"),
        (errno.ENOTDIR, "not a folder"),
        (errno.ENAMETOOLONG, "too long"),
        (errno.EIO, "read or write error"),
    ],
)
def test_operating_system_errors_are_named(code: int, words: str) -> None:
    explained = from_os(OSError(code, os.strerror(code), "/x/c.dlquiz"))
    assert explained is not None and words in str(explained) and "/x/c.dlquiz" in str(explained)


def test_writing_to_a_full_device_is_named() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with pytest.raises(OSError) as raised, open("/dev/full", "wb") as handle:  # noqa: PTH123
        handle.write(b"x" * 65536)
        handle.flush()
    explained = from_os(raised.value)
    assert explained is not None and "disk is full" in str(explained)


def test_a_log_folder_that_cannot_be_made_prints_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the log folder would go")
    monkeypatch.setattr("dlquiz.storage.paths.log_dir", lambda: blocker / "dlquiz" / "log")
    message = report_unexpected(RuntimeError("boom"))
    assert "boom" in message and "could not be written" in message
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out


def test_a_wal_deleted_during_a_session_is_named_not_a_bug(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    collection = open_collection(path, clock=FakeClock())
    answer_some(collection, 3)
    path.with_name(path.name + "-wal").unlink()
    answer_some(collection, 2)
    try:
        collection.close()
    except (sqlite3.Error, OperationalError, StorageError) as error:
        explained = explain(path.resolve(), error)
        assert explained is not None and "-wal" in str(explained)
    reopened = open_collection(path, clock=FakeClock(), full_check=True)
    reopened.close(backup=False)
