"""Class: the backup that keeps the state before an import ("lose nothing").

An import writes only once a backup holds the collection as it was: the
one the last clean close took, when nothing changed since, or else one
taken then.  What the import adds is in its source file, so the import
alone makes no second backup at close; later answers do.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.importers import read_file
from dlquiz.storage import backup as backups
from dlquiz.storage.collection import Collection, open_collection
from dlquiz.storage.failures import StorageError
from dlquiz.storage.import_service import store_read
from tests.reliability.support import answer_some, run_cli


def _decks_in(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return {str(d) for (d,) in conn.execute("SELECT DISTINCT deck_id FROM questions")}
    finally:
        conn.close()


def _reviews_in(path: Path) -> int:
    return backups.content_of(path)[1]


def _csv(folder: Path, name: str, rows: int) -> Path:
    path = folder / name
    path.write_text("".join(f"Question {name} {n}?,Answer {n}\n" for n in range(rows)))
    return path


def _import(collection: Collection, deck: Path) -> None:
    imported = read_file(deck)
    questions = list(imported.deck.questions)
    store_read(collection, imported, questions, source=deck.name, deck_name=None, as_new=False)


def test_imports_keep_the_state_before_each_in_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.dlquiz"
    assert run_cli(capsys, "--db", str(path), "stats").code == 0
    (made,) = backups.list_backups(path)  # the first close's, holding the new collection
    first = run_cli(capsys, "--db", str(path), "import", str(_csv(tmp_path, "one.csv", 5)))
    assert first.code == 0, first.err
    # That backup already holds the state before the import: no copy was taken.
    assert backups.list_backups(path) == [made] and _decks_in(made.path) == set()
    second = run_cli(capsys, "--db", str(path), "import", str(_csv(tmp_path, "two.csv", 3)))
    assert second.code == 0, second.err
    newest = backups.list_backups(path)[0]
    assert newest != made
    assert _decks_in(newest.path) == {"import-one"}  # before the second import
    assert _decks_in(path) == {"import-one", "import-two"}


def test_work_of_the_session_before_an_import_is_in_its_backup(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    clock = FakeClock()
    collection = open_collection(path, clock=clock, full_check=True)
    try:
        answer_some(collection, 4)
        _import(collection, _csv(tmp_path, "deck.csv", 4))
        (before,) = backups.list_backups(path)
        assert _reviews_in(before.path) == 4 and _decks_in(before.path) == set()
    finally:
        collection.close()
    assert backups.list_backups(path) == [before]  # the import alone asks no close backup
    clock.advance(60)
    again = open_collection(path, clock=clock, full_check=True)
    try:
        answer_some(again, 1)
    finally:
        again.close()
    newest = backups.list_backups(path)[0]
    assert _reviews_in(newest.path) == 5 and _decks_in(newest.path) == {"import-deck"}


def test_an_import_into_a_damaged_file_opened_unchecked_writes_nothing(tmp_path: Path) -> None:
    """The window opens without the full check; the backup's check refuses the import."""
    path = tmp_path / "c.dlquiz"
    clock = FakeClock()
    collection = open_collection(path, clock=clock)
    answer_some(collection, 30)
    collection.close(backup=False)
    conn = sqlite3.connect(str(path))
    try:  # break the cards table's B-tree without touching the schema
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cards'").fetchone()
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * 4096
    data[start + 8 : start + 4096] = bytes(4088)
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    deck = _csv(tmp_path, "deck.csv", 2)
    opened = open_collection(path, clock=clock)
    try:
        with pytest.raises(StorageError, match="check"):
            _import(opened, deck)
    finally:
        opened.close(backup=False)
    assert backups.list_backups(path) == []
    assert path.read_bytes() == before
