"""Class: a file beside the collection that is a link to something else (17.12)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.storage.collection import open_collection
from dlquiz.storage.failures import StorageError
from tests.reliability.support import new_collection, run_cli

SIDE_FILES = [".lock", ".running", ".sealed"]


@pytest.mark.parametrize("suffix", SIDE_FILES)
@pytest.mark.parametrize("dangling", [False, True])
def test_a_linked_side_file_is_refused_and_its_target_untouched(
    tmp_path: Path, suffix: str, dangling: bool
) -> None:
    path = new_collection(tmp_path / "c.dlquiz")
    victim = tmp_path / "precious.txt"
    if not dangling:
        victim.write_text("keep me\n")
    side = path.with_name(path.name + suffix)
    side.unlink(missing_ok=True)
    side.symlink_to(victim)
    with pytest.raises(StorageError, match="symbolic link"):
        open_collection(path, clock=FakeClock())
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text() == "keep me\n"


@pytest.mark.parametrize("suffix", SIDE_FILES)
def test_the_terminal_names_the_link_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    path = new_collection(tmp_path / "c.dlquiz")
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    side = path.with_name(path.name + suffix)
    side.unlink(missing_ok=True)
    side.symlink_to(victim)
    done = run_cli(capsys, "--db", str(path), "stats", "--json")
    assert done.code == 1
    assert str(side) in done.err and "symbolic link" in done.err
    assert victim.read_text() == "keep me\n"


@pytest.mark.parametrize("suffix", SIDE_FILES)
def test_a_side_file_that_is_a_fifo_or_folder_is_refused(tmp_path: Path, suffix: str) -> None:
    path = new_collection(tmp_path / "c.dlquiz")
    side = path.with_name(path.name + suffix)
    side.unlink(missing_ok=True)
    side.mkdir()
    with pytest.raises((StorageError, IsADirectoryError)):
        open_collection(path, clock=FakeClock())
    side.rmdir()
    os.mkfifo(side)
    with pytest.raises(StorageError, match="not a regular file"):
        open_collection(path, clock=FakeClock())


def test_a_restore_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    from dlquiz.storage import backup as backups
    from dlquiz.storage.collection import restore

    path = new_collection(tmp_path / "c.dlquiz", reviews=2)
    taken = backups.take_backup(path, now=FakeClock().now())
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    path.with_name(path.name + ".restoring").symlink_to(victim)
    restore(path, taken.name, now=FakeClock().now())
    assert victim.read_text() == "keep me\n"
    assert backups.backup_is_good(path)
