"""Class: a file that exists but holds no database is damaged, never new (17.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.storage import backup as backups
from dlquiz.storage.collection import CollectionDamaged, open_collection
from tests.reliability.support import new_collection, run_cli

NOT_A_DATABASE = [
    b"",
    b"\x00",
    b"SQLite format 3",  # the header cut one byte short
    b"\x00" * 4096,
    b"hello, world\n",
    b"SQLite format 2\x00" + b"\x00" * 100,
]


@pytest.mark.parametrize("content", NOT_A_DATABASE)
def test_refused_with_the_backup_offered_and_left_as_it_was(tmp_path: Path, content: bytes) -> None:
    path = new_collection(tmp_path / "c.dlquiz", reviews=10)
    good = backups.take_backup(path, now=FakeClock().now())
    path.write_bytes(content)
    with pytest.raises(CollectionDamaged) as raised:
        open_collection(path, clock=FakeClock())
    assert raised.value.backup == good
    assert path.read_bytes() == content
    assert backups.list_backups(path) == [good]  # no backup of the empty file


def test_terminal_says_damaged_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.dlquiz"
    path.write_bytes(b"")
    done = run_cli(capsys, "--db", str(path), "stats", "--json")
    assert done.code == 1
    assert "damaged" in done.err and "empty" in done.err
    assert path.read_bytes() == b""


@pytest.mark.real_create
def test_a_missing_file_is_still_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "c.dlquiz"
    open_collection(path, clock=FakeClock()).close()
    assert path.stat().st_size > 0
