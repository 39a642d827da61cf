"""An imported Anki history sets each card to FSRS's replay of it, on every path the import takes.

A card whose whole log arrives with the import is replayed from memory; a
card that already had reviews here is rebuilt from its stored rows.  Both
must give what ``fsrs.Scheduler`` gives when it answers the card's current
life (since its last reset) one review at a time, and what a rebuild from
the stored rows gives afterwards.
"""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
import zstandard
from sqlalchemy import func, select

from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import Rating, SchedulerSettings, fsrs_scheduler
from dlquiz.storage.browse_actions import study_card
from dlquiz.storage.collection import Collection
from dlquiz.storage.rebuild import rebuild_cards
from dlquiz.storage.schema import CardRow, ReviewRow
from dlquiz.storage.stats import collection_stats
from tests.helpers import open_test_collection, small_deck, store_file, study_service

FIXTURES = Path(__file__).parent / "fixtures" / "anki"
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
DAY_MS = 86_400_000
Log = list[tuple[int, datetime]]


def _fsrs(log: Log, settings: SchedulerSettings) -> fsrs.Card:
    """fsrs's own answer, one review at a time, to a card's life."""
    scheduler = fsrs_scheduler(settings)
    card = fsrs.Card(card_id=1, due=log[0][1])
    for rating, at in log:
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), at)
    return card


def _cards(collection: Collection) -> dict[str, CardRow]:
    with collection.session() as s:
        rows = s.scalars(select(CardRow).where(CardRow.deck_id != "chapter")).all()
        s.expunge_all()
    return {row.question_id: row for row in rows}


def _state(row: CardRow) -> tuple[object, ...]:
    return (
        row.phase,
        row.step,
        row.stability,
        row.difficulty,
        row.due,
        row.last_review,
        row.reps,
        row.lapses,
    )


def _assert_fsrs_state(row: CardRow, life: Log, settings: SchedulerSettings) -> None:
    card = _fsrs(life, settings)
    assert (row.phase, row.step) == (int(card.state), card.step)
    assert (row.stability, row.difficulty) == (card.stability, card.difficulty)
    assert (row.due, row.last_review) == (card.due, card.last_review)
    assert row.reps == len(life)


def _assert_rebuild_keeps_every_state(collection: Collection) -> None:
    """The states the import wrote are those a rebuild from the stored rows writes."""
    written = {qid: _state(row) for qid, row in _cards(collection).items()}
    rebuild_cards(collection, include_new=True, set_counts=True)
    assert {qid: _state(row) for qid, row in _cards(collection).items()} == written


def _schema(collection: Collection) -> set[tuple[str, str, str]]:
    rows = collection.reader().execute("SELECT type, name, sql FROM sqlite_master")
    return {(str(kind), str(name), str(sql)) for kind, name, sql in rows}


def _bare_collection(tmp_path: Path) -> Path:
    """history.colpkg's collection as a bare file that a test can add review-log rows to."""
    with zipfile.ZipFile(FIXTURES / "history.colpkg") as package:
        raw = zstandard.ZstdDecompressor().stream_reader(package.read("collection.anki21b"))
        data = raw.read()
    path = tmp_path / "collection.anki2"
    path.write_bytes(data)
    return path


def _revlog(path: Path) -> tuple[int, list[tuple[int, int]]]:
    """The id of the card with the longest log, and that log's (ms, ease) rows."""
    con = sqlite3.connect(path)
    try:
        (cid,) = con.execute(
            "SELECT cid FROM revlog WHERE ease > 0 GROUP BY cid ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        rows = con.execute(
            "SELECT id, ease FROM revlog WHERE cid = ? AND ease > 0 ORDER BY id", (cid,)
        ).fetchall()
    finally:
        con.close()
    return int(cid), [(int(ms), int(ease)) for ms, ease in rows]


def _add_revlog(path: Path, rows: list[tuple[int, int, int, int, int]]) -> None:
    """Add (ms, card, ease, interval, type) rows to a collection's review log."""
    con = sqlite3.connect(path)
    with con:
        con.executemany("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, 0, 2500, 5000, ?)", rows)
    con.close()


def _utc(ms: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)


@pytest.mark.parametrize("name", ["history.apkg", "history.colpkg"])
def test_every_imported_card_is_where_fsrs_answering_its_log_puts_it(
    tmp_path: Path, name: str
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    before = _schema(collection)
    imported, stored = store_file(collection, FIXTURES / name)
    assert not collection.orm_loaded  # the history is stored and replayed on the plain driver
    settings = collection.settings().scheduler()
    cards = _cards(collection)
    assert stored.reviews == 25 and len(imported.history) == 6
    for question_id, reviews in imported.history.items():
        life = [(r.rating, r.reviewed_at) for r in reviews]
        _assert_fsrs_state(cards[question_id], life, settings)
    # The review table's trigger and indexes are back, exactly as the migrations made them.
    assert _schema(collection) == before
    _assert_rebuild_keeps_every_state(collection)
    collection.close()


def test_a_reset_in_anki_starts_the_card_over_and_keeps_the_reviews_before_it(
    tmp_path: Path,
) -> None:
    path = _bare_collection(tmp_path)
    cid, log = _revlog(path)
    assert len(log) == 7
    reset_ms = log[3][0] + 30_000  # "Forget" after the fourth answer
    _add_revlog(path, [(reset_ms, cid, 0, 0, 4)])
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    imported, stored = store_file(collection, path)
    (question_id,) = [q for q, reviews in imported.history.items() if len(reviews) == 7]
    assert [r.starts_over for r in imported.history[question_id]] == [False] * 4 + [True] + [
        False
    ] * 2
    assert stored.reviews == 25  # every answer is kept, those before the reset too
    card = _cards(collection)[question_id]
    life = [(ease, _utc(ms)) for ms, ease in log[4:]]
    _assert_fsrs_state(card, life, collection.settings().scheduler())
    assert card.reset_at == _utc(log[4][0])
    assert collection_stats(collection, now=NOW, zone=UTC).reviews_total == 25
    _assert_rebuild_keeps_every_state(collection)
    collection.close()


def test_a_card_studied_here_is_rebuilt_from_its_whole_stored_log(tmp_path: Path) -> None:
    path = _bare_collection(tmp_path)
    cid, log = _revlog(path)
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    imported, _stored = store_file(collection, path)
    (question_id,) = [q for q, reviews in imported.history.items() if len(reviews) == 7]
    service = study_service(collection)
    card_id = _cards(collection)[question_id].id
    current = study_card(service.bank, card_id)
    assert current is not None
    service.record(current, rating=Rating.HARD, answer="", grade=None, duration_ms=900)
    # Later the learner answers the same card once more in Anki and exports again.
    later_ms = int((NOW + timedelta(days=2)).timestamp() * 1000)
    _add_revlog(path, [(later_ms, cid, 3, 5, 1)])
    before = _schema(collection)
    _imported, again = store_file(collection, path)
    assert again.reviews == 1  # only the new answer; the rest is stored already
    assert _schema(collection) == before
    life = [(ease, _utc(ms)) for ms, ease in log] + [(2, NOW), (3, _utc(later_ms))]
    _assert_fsrs_state(_cards(collection)[question_id], life, collection.settings().scheduler())
    with collection.session() as s:
        rows = s.execute(select(ReviewRow.kind, func.count()).group_by(ReviewRow.kind))
        kinds = {str(kind): int(n) for kind, n in rows}
    assert kinds == {"imported": 26, "study": 1}
    _assert_rebuild_keeps_every_state(collection)
    collection.close()


def test_importing_the_same_package_again_changes_no_state(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    store_file(collection, FIXTURES / "history.apkg")
    first = {qid: _state(row) for qid, row in _cards(collection).items()}
    _imported, again = store_file(collection, FIXTURES / "history.apkg")
    assert again.reviews == 0
    assert {qid: _state(row) for qid, row in _cards(collection).items()} == first
    assert collection_stats(collection, now=NOW, zone=UTC).reviews_total == 25
    collection.close()


def test_a_log_from_before_1970_is_stored_with_the_same_text_and_state(tmp_path: Path) -> None:
    from dlquiz.importers.result import ImportedReview
    from dlquiz.storage.import_service import store_deck
    from dlquiz.storage.stored_time import to_stored

    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(NOW))
    questions = small_deck("imported")[1]
    old = datetime(1969, 12, 31, 23, 59, 58, 250_000, tzinfo=UTC)  # before the epoch: text path
    logs = {
        questions[0].id: [ImportedReview(old, 3), ImportedReview(old + timedelta(days=2), 3)],
        questions[1].id: [ImportedReview(NOW - timedelta(days=9), 1, 700), ImportedReview(NOW, 4)],
    }
    store_deck(
        collection,
        questions,
        name="Imported",
        source="deck.apkg",
        fmt="apkg",
        media={},
        as_new=False,
        now=NOW,
        history=logs,
    )
    cards = _cards(collection)
    settings = collection.settings().scheduler()
    stored = collection.reader().execute("SELECT reviewed_at FROM reviews ORDER BY reviewed_at")
    expected = sorted(to_stored(r.reviewed_at) for log in logs.values() for r in log)
    assert [str(at) for (at,) in stored] == expected
    for question_id, log in logs.items():
        stored_id = next(qid for qid in cards if qid.endswith(question_id.split(":", 1)[1]))
        _assert_fsrs_state(cards[stored_id], [(r.rating, r.reviewed_at) for r in log], settings)
    collection.close()
