"""Class: a path turned into a URL names another file (issue 17.1).

Every place that hands a path to SQLite must reach exactly that file, with
``?``, ``#``, ``%XX``, spaces and any Unicode left as they are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.core.settings import Settings
from dlquiz.storage import backup as backups
from dlquiz.storage import readonly
from dlquiz.storage.collection import CollectionInUse, open_collection
from dlquiz.storage.sqlite_files import SQLITE_MAGIC
from tests.helpers import collection_with_small_deck
from tests.reliability.support import new_collection, review_count, run_cli

NAMES = [
    "a?b.sqlite3",
    "e%20f.sqlite3",
    "g%3Fh.db",
    "h#i.db",
    "j k.db",
    "x?mode=memory",
    "y?mode=ro&immutable=1",
    "z?cache=shared#frag",
    "file:rel.db",
    ":memory:",
    "%.db",
    "100%",
    "ünïcødé ✓ 学习.db",
    "tab\there.db",
    "semi;colon'quote\".db",
    "&amp=1.db",
]


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("name", NAMES)
def test_the_collection_is_the_literal_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    clock = FakeClock()
    collection = open_collection(path, clock=clock)
    try:
        collection.save_settings(Settings(new_per_day=7))
        assert collection.path == path.resolve()
    finally:
        collection.close()
    assert path.read_bytes()[: len(SQLITE_MAGIC)] == SQLITE_MAGIC
    # Nothing but the file and what dlquiz keeps beside it appeared.
    allowed = {name, name + ".lock", name + ".backups", name + ".sealed"}
    assert _files(tmp_path) == allowed
    (taken,) = backups.list_backups(path)
    assert backups.backup_is_good(taken.path)
    reopened = open_collection(path, clock=clock)
    try:
        assert reopened.settings().new_per_day == 7
    finally:
        reopened.close(backup=False)


@pytest.mark.parametrize("name", NAMES)
def test_reviews_land_in_the_literal_file_and_its_backup(tmp_path: Path, name: str) -> None:
    path = new_collection(tmp_path / name, reviews=3)
    assert review_count(path) == 3
    taken = backups.take_backup(path, now=FakeClock().now())
    assert backups.content_of(taken.path) == (3, 3)
    assert backups.best_good_backup(path) == taken
    assert readonly.imported_decks(path) == []  # read-only readers open it too


def test_names_that_differ_only_after_a_question_mark_are_three_files(tmp_path: Path) -> None:
    clock = FakeClock()
    opened = [open_collection(tmp_path / n, clock=clock) for n in ("x?1", "x?2", "x")]
    try:
        with pytest.raises(CollectionInUse):
            open_collection(tmp_path / "x?1", clock=clock)
        for collection in opened:
            collection.save_settings(Settings(new_per_day=3))
    finally:
        for collection in opened:
            collection.close(backup=False)
    for n in ("x?1", "x?2", "x"):
        assert (tmp_path / n).stat().st_size > 0


def test_terminal_command_on_a_url_like_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = new_collection(tmp_path / "s?t%20u#v.db", reviews=2)
    done = run_cli(capsys, "--db", str(path), "stats", "--json")
    assert done.code == 0, done.err
    assert '"reviews_total": 2' in done.out
    assert _files(tmp_path) >= {path.name}
    assert not (tmp_path / "s").exists() and not (tmp_path / "s?t u#v.db").exists()


@pytest.mark.parametrize("name", NAMES)
def test_read_only_readers_see_the_literal_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    collection_with_small_deck(path, FakeClock()).close(backup=False)
    decks = readonly.imported_decks(path)
    assert [deck_id for deck_id, _name in decks] == ["import-extra"]
    assert len(readonly.imported_questions(path)) == 4
