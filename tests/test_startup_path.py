"""The path to the first question: plain sqlite3 reads, SQLAlchemy only after the paint."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dlquiz.cli.main import window_arguments
from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import Rating
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection, open_collection
from dlquiz.storage.deck_service import DeckService
from dlquiz.storage.decks_store import store_imported
from dlquiz.storage.study import StudyService
from tests.helpers import small_deck

START = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _answer(collection: Collection, count: int, *, rating: Rating = Rating.GOOD) -> None:
    service = StudyService(QuestionBank(collection), zone=UTC)
    for _ in range(count):
        card = service.next_card()
        assert card is not None
        service.record(card, rating=rating, answer="", grade=None, duration_ms=1000)


def _with_imported_deck(collection: Collection) -> None:
    deck, questions = small_deck()
    QuestionBank(collection)
    with collection.write() as conn:
        store_imported(
            conn,
            deck_id=deck.id,
            name="Extra",
            source="extra.txt",
            fmt="aiken",
            questions=questions,
            media={"dot.png": b"\x89PNG not really"},
            now=collection.clock.now(),
        )


# Each history is written through the ORM, then the file is opened again as a launch does.
HISTORIES: dict[str, Callable[[Collection], object]] = {
    "launched once before": QuestionBank,
    "answered earlier today (siblings buried)": lambda c: _answer(c, 5),
    "cards in learning": lambda c: _answer(c, 4, rating=Rating.AGAIN),
    "an imported deck beside the chapter": _with_imported_deck,
}


@pytest.mark.parametrize("history", list(HISTORIES))
def test_the_first_question_and_its_screen_need_no_sqlalchemy(tmp_path: Path, history: str) -> None:
    path = tmp_path / "c.dlquiz"
    clock = FakeClock(START)
    first = open_collection(path, clock=clock)
    HISTORIES[history](first)
    first.close(backup=False)
    clock.advance(60)

    collection = open_collection(path, clock=clock)
    try:
        service = StudyService(QuestionBank(collection), zone=UTC)
        decks = DeckService(collection).enabled()
        counts = service.counts()
        card = service.next_card()
        overview = service.overview()
        assert card is not None and counts.total > 0
        assert [d.deck_id for d in overview.decks] == [d.id for d in decks]
        assert service.bank.get(card.question.id) == card.question
        for deck in decks:
            service.bank.questions([deck.id])
            service.bank.media(deck.id, "dot.png")
        assert collection.settings().new_per_day > 0
        assert not collection.orm_loaded, "a read before the first paint loaded SQLAlchemy"
        # The first answer is a unit of work: SQLAlchemy comes in then (or from the warm-up).
        service.record(card, rating=Rating.GOOD, answer="", grade=None, duration_ms=1)
        assert collection.orm_loaded
    finally:
        collection.close(backup=False)


def test_plain_reads_agree_with_the_orm_after_answers(tmp_path: Path) -> None:
    """What the queue reads on sqlite3 is what the ORM stored: states, times, ids."""
    from sqlalchemy import select

    from dlquiz.storage.card_state import state_of
    from dlquiz.storage.schema import CardRow

    clock = FakeClock(START)
    collection = open_collection(tmp_path / "c.dlquiz", clock=clock)
    try:
        _answer(collection, 6, rating=Rating.HARD)
        clock.advance(3 * 86400)
        service = StudyService(QuestionBank(collection), zone=UTC)
        card = service.next_card()
        assert card is not None
        with collection.session() as s:
            row = s.scalars(select(CardRow).where(CardRow.id == card.card_id)).one()
            assert state_of(row) == card.state
            assert row.question_id == card.question.id
        assert card.state.due is not None and card.state.due.tzinfo is UTC
    finally:
        collection.close(backup=False)


def test_a_changed_chapter_takes_the_slow_path_and_syncs_its_cards(tmp_path: Path) -> None:
    path = tmp_path / "c.dlquiz"
    first = open_collection(path, clock=FakeClock(START))
    QuestionBank(first)
    with first.session() as s:
        from sqlalchemy import update

        from dlquiz.storage.schema import DeckRow

        s.execute(update(DeckRow).values(content_hash="from an older dlquiz"))
    first.close(backup=False)
    collection = open_collection(path, clock=FakeClock(START))
    try:
        QuestionBank(collection)
        assert collection.orm_loaded  # the sync writes, through a unit of work
        stored = collection.reader().execute("SELECT content_hash FROM decks").fetchall()
        assert stored[0][0] != "from an older dlquiz"
    finally:
        collection.close(backup=False)


WINDOW_ARGUMENTS: list[tuple[list[str], dict[str, object] | None]] = [
    ([], {"db": None, "smoke_test": False}),
    (["--db", "c.dlquiz"], {"db": "c.dlquiz", "smoke_test": False}),
    (["--db=c.dlquiz", "--smoke-test"], {"db": "c.dlquiz", "smoke_test": True}),
    (["--smoke-test", "--db", "a b.dlquiz"], {"db": "a b.dlquiz", "smoke_test": True}),
    # Everything else is the full parser's: commands, help, version, mistakes.
    (["study"], None),
    (["--db", "c.dlquiz", "stats", "--json"], None),
    (["--help"], None),
    (["-h"], None),
    (["--version"], None),
    (["--db"], None),
    (["--bogus"], None),
    (["c.dlquiz"], None),
]


@pytest.mark.parametrize(("argv", "expected"), WINDOW_ARGUMENTS)
def test_the_window_parses_only_its_own_options(
    argv: list[str], expected: dict[str, object] | None
) -> None:
    found = window_arguments(argv)
    assert (None if found is None else vars(found)) == expected


def test_what_the_small_parser_refuses_the_full_one_explains(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dlquiz.cli.main import main

    assert main(["--bogus"]) == 1
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err
    assert isinstance(window_arguments([]), argparse.Namespace)


def test_first_paint_is_noticed_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from dlquiz.gui.first_paint import FirstPaint, process_age_ms

    label = QLabel("Which network won ImageNet 2012?")
    qtbot.addWidget(label)
    watch = FirstPaint(label)
    seen: list[int] = []
    watch.painted.connect(lambda: seen.append(1))
    with qtbot.waitSignal(watch.painted, timeout=5000):
        label.show()
    label.repaint()
    qtbot.waitExposed(label)
    assert watch.done and seen == [1]
    assert process_age_ms() > 0


HEAVY = ("sqlalchemy", "alembic", "jsonschema", "rapidfuzz", "yaml", "torch")

# Runs the real launcher and records which heavy modules are loaded at the first paint.
PROBE = """
import json, sys
import dlquiz.gui.first_paint as first_paint
seen = {}
real = first_paint.process_age_ms
def at_paint():
    seen.setdefault("loaded", sorted(m for m in %r if m in sys.modules))
    return real()
first_paint.process_age_ms = at_paint
from dlquiz.cli.main import main
code = main(["--db", sys.argv[1], "--smoke-test"])
print("probe=" + json.dumps(seen))
raise SystemExit(code)
"""


@pytest.mark.slow  # starts processes
def test_nothing_heavy_is_loaded_before_the_first_question_is_painted(tmp_path: Path) -> None:
    db = tmp_path / "c.dlquiz"
    first = open_collection(db, clock=FakeClock(START))  # a launch before this one
    QuestionBank(first)
    first.close(backup=False)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert lines["first_question_id"]
    assert int(lines["tabs_ms"]) >= int(lines["startup_ms"]) > 0  # and the other tabs came
    assert json.loads(lines["probe"])["loaded"] == []


def test_readers_of_ended_threads_are_closed_and_reads_follow_commits(tmp_path: Path) -> None:
    import threading

    collection = open_collection(tmp_path / "c.dlquiz", clock=FakeClock(START))
    try:
        QuestionBank(collection)
        mine = collection.reader()
        for _ in range(20):  # background jobs: each a new, short-lived thread
            job = threading.Thread(target=lambda: collection.settings() and collection.reader())
            job.start()
            job.join()
        assert collection.reader() is mine  # one per thread, kept while it lives
        # Each new reader closed those of ended threads: this one's and the last job's.
        assert collection.readers.open_count <= 2
        before = mine.execute("SELECT count(*) FROM reviews").fetchone()[0]
        _answer(collection, 1)
        assert mine.execute("SELECT count(*) FROM reviews").fetchone()[0] == before + 1
    finally:
        collection.close(backup=False)
    with pytest.raises(Exception, match="closed"):
        collection.reader()


def test_an_import_of_a_text_file_loads_no_sqlalchemy(tmp_path: Path) -> None:
    """``dlquiz import deck.csv`` stores on the plain driver: SQLAlchemy's 0.4 s stays out."""
    from dlquiz.importers import read_file
    from dlquiz.storage.import_service import store_read

    path = tmp_path / "c.dlquiz"
    first = open_collection(path, clock=FakeClock(START))
    QuestionBank(first)  # the first start registers the chapter deck through the ORM
    first.close(backup=False)
    deck = tmp_path / "deck.csv"
    deck.write_text("Who won ImageNet in 2012?,AlexNet\nIn which year did it win?,2012\n")
    imported = read_file(deck)
    collection = open_collection(path, clock=FakeClock(START), full_check=True)
    try:
        bank = QuestionBank(collection)
        stored = store_read(
            collection,
            imported,
            list(imported.deck.questions),
            source=str(deck),
            deck_name=None,
            as_new=False,
        )
        assert stored.report.added == 2
        assert not collection.orm_loaded
        first_question = imported.deck.questions[0]
        assert bank.get(first_question.id) == first_question
    finally:
        collection.close()
