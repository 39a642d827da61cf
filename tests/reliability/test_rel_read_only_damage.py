"""Class: the read-only scripting commands on a file that is not a sound collection.

``dlquiz questions`` and ``dlquiz grade`` read without opening (or locking)
the collection.  A damaged file must be called damaged, exit 1, not be read
as "nothing imported" (which hid the damage behind the chapter's questions)
and not crash with exit 70.  A file that simply has no tables yet is empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.support import new_collection, run_cli

READERS = [
    ["questions", "--json"],
    # Not a chapter id, so it is looked up in the collection's imported decks.
    ["grade", "import-extra:q1", "14"],
]


def _not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "c.dlquiz"
    path.write_bytes(b"this is a shopping list, not SQLite\n" * 200)
    return path


def _cut_in_half(tmp_path: Path) -> Path:
    path = new_collection(tmp_path / "c.dlquiz", reviews=20)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _zeroed_pages(tmp_path: Path) -> Path:
    path = new_collection(tmp_path / "c.dlquiz", reviews=20)
    data = bytearray(path.read_bytes())
    data[4096:] = bytes(len(data) - 4096)  # the header page stays, every other page is zeros
    path.write_bytes(bytes(data))
    return path


DAMAGE = {"not-a-database": _not_a_database, "cut-in-half": _cut_in_half, "zeroed": _zeroed_pages}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_damaged_file_is_called_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str, command: list[str]
) -> None:
    path = DAMAGE[damage](tmp_path)
    before = path.read_bytes()
    done = run_cli(capsys, "--db", str(path), *command)
    assert done.code == 1, (done.out, done.err)
    assert "damaged" in done.err
    assert "Traceback" not in done.err and "unexpected" not in done.err
    assert path.read_bytes() == before  # a reader never writes


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_file_without_tables_is_an_empty_collection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tmp_path / "c.dlquiz"
    path.write_bytes(b"")  # SQLite reads a zero-length file as a database with no tables
    done = run_cli(capsys, "--db", str(path), *command)
    assert "damaged" not in done.err
    if command[0] == "grade":
        assert done.code == 1 and "unknown question id 'import-extra:q1'" in done.err
    else:
        assert done.code == 0, done.err  # the chapter's own questions are still there
        assert done.out.count("\n") > 400
