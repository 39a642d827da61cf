"""The study queue, answering, undo and deck sync on a real collection file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dlquiz.core.clock import FakeClock
from dlquiz.core.model import Grade, Verdict
from dlquiz.core.scheduling import CardPhase, Rating, day_start
from dlquiz.core.settings import Settings
from dlquiz.storage.import_service import store_deck
from dlquiz.storage.schema import CardRow, ReviewRow
from tests.helpers import open_test_collection, small_deck, study_service

GOOD = Grade(Verdict.CORRECT, 1.0, "x", "Correct.")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


def test_chapter_deck_becomes_new_cards_with_topics_interleaved(
    tmp_path: Path, clock: FakeClock
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        counts = service.counts()
        assert counts.new == 20 and counts.learning == 0 and counts.review == 0
        topics = []
        for _ in range(6):
            card = service.next_card()
            assert card is not None
            topics.append(card.question.topic)
            service.record(card, rating=Rating.EASY, answer="x", grade=GOOD, duration_ms=900)
        assert len(set(topics)) >= 4  # not one section at a time
    finally:
        collection.close()


def test_queue_order_learning_then_reviews_then_new(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        first = service.next_card()
        assert first is not None
        service.record(first, rating=Rating.AGAIN, answer="", grade=None, duration_ms=100)
        clock.advance(2 * 60)  # the 1-minute learning step has passed
        again = service.next_card()
        assert again is not None and again.card_id == first.card_id
        assert again.state.phase is CardPhase.LEARNING
    finally:
        collection.close()


def test_daily_new_limit_and_day_rollover(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        collection.save_settings(Settings(new_per_day=3))
        service = study_service(collection)
        for _ in range(3):
            card = service.next_card()
            assert card is not None
            service.record(card, rating=Rating.EASY, answer="", grade=GOOD, duration_ms=500)
        assert service.counts().new == 0
        assert service.next_card() is None
        clock.advance(24 * 3600)  # the next study day
        assert service.counts().new == 3
    finally:
        collection.close()


def test_day_start_respects_the_rollover_hour() -> None:
    late = datetime(2026, 3, 3, 2, 30, tzinfo=UTC)  # 02:30, before the 04:00 rollover
    assert day_start(late, zone=UTC, hour=4) == datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
    after = datetime(2026, 3, 3, 5, 0, tzinfo=UTC)
    assert day_start(after, zone=UTC, hour=4) == datetime(2026, 3, 3, 4, 0, tzinfo=UTC)


def test_answer_is_committed_and_logged_with_everything(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "c.dlquiz"
    collection = open_test_collection(path, clock)
    service = study_service(collection)
    card = service.next_card()
    assert card is not None
    grade = Grade(Verdict.PARTIAL, 0.5, "big data, GPUs", "Half.")
    service.record(card, rating=Rating.HARD, answer="big data", grade=grade, duration_ms=4321)
    # Read it back through another connection, without closing: it is on disk already.
    import sqlite3

    row = (
        sqlite3.connect(path)
        .execute("SELECT rating, answer, verdict, score, duration_ms, kind, was_new FROM reviews")
        .fetchone()
    )
    assert row == (2, "big data", "partial", 0.5, 4321, "study", 1)
    collection.close()


def test_undo_restores_the_card_and_hides_the_review(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        card = service.next_card()
        assert card is not None
        service.record(card, rating=Rating.GOOD, answer="a", grade=GOOD, duration_ms=10)
        back = service.undo_last()
        assert back is not None and back.card_id == card.card_id
        assert back.state.phase is CardPhase.NEW
        with collection.session() as s:
            row = s.get(CardRow, card.card_id)
            assert row is not None and row.phase == 0 and row.reps == 0
            review = s.scalars(select(ReviewRow)).one()
            assert review.undone_at is not None  # kept, but marked
        assert service.counts().new == 20  # the undone answer no longer uses up the limit
        assert service.undo_last() is None
    finally:
        collection.close()


def test_amend_rating_reschedules_from_the_state_before(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        card = service.next_card()
        assert card is not None
        intervals = service.preview(card)
        recorded = service.record(card, rating=Rating.AGAIN, answer="", grade=None, duration_ms=1)
        amended = service.amend_rating(recorded, card, Rating.EASY)
        assert amended.state.due is not None
        assert amended.state.due - clock.now() == intervals[Rating.EASY]
        with collection.session() as s:
            assert s.scalar(select(func.count()).select_from(ReviewRow)) == 1
            assert s.scalars(select(ReviewRow)).one().rating == 4
    finally:
        collection.close()


def test_preview_intervals_grow_with_the_rating(tmp_path: Path, clock: FakeClock) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        card = service.next_card()
        assert card is not None
        intervals = service.preview(card)
        ordered = [intervals[r] for r in Rating]
        assert ordered == sorted(ordered)
        assert intervals[Rating.AGAIN] <= timedelta(minutes=1)
    finally:
        collection.close()


def test_reimport_keeps_progress_and_retires_removed_questions(
    tmp_path: Path, clock: FakeClock
) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        _deck, questions = small_deck()
        stored = store_deck(
            collection,
            questions,
            name="Extra deck",
            source="x.csv",
            fmt="csv",
            media={},
            as_new=False,
            now=clock.now(),
        )
        assert stored.report.added == 4
        deck_ids = [stored.deck_id]
        card = service.next_card(deck_ids)
        assert card is not None
        service.record(card, rating=Rating.GOOD, answer="", grade=None, duration_ms=5)
        again = store_deck(
            collection,
            questions[:3],
            name="Extra deck",
            source="x.csv",
            fmt="csv",
            media={},
            as_new=False,
            now=clock.now(),
        )
        assert again.deck_id == stored.deck_id
        assert again.report.retired == 1 and again.report.kept == 3
        with collection.session() as s:
            reviewed = s.get(CardRow, card.card_id)
            assert reviewed is not None and reviewed.reps == 1  # progress kept
        copy = store_deck(
            collection,
            questions,
            name="Extra deck",
            source="x.csv",
            fmt="csv",
            media={},
            as_new=True,
            now=clock.now(),
        )
        assert copy.deck_id != stored.deck_id and copy.report.added == 4
    finally:
        collection.close()


def test_reimport_with_a_changed_answer_resets_only_that_card(
    tmp_path: Path, clock: FakeClock
) -> None:
    import dataclasses

    from dlquiz.core.model import NumberKey

    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        _deck, questions = small_deck()
        stored = store_deck(
            collection,
            questions,
            name="Extra deck",
            source="x.csv",
            fmt="csv",
            media={},
            as_new=False,
            now=clock.now(),
        )
        for _ in range(2):
            card = service.next_card([stored.deck_id])
            assert card is not None
            service.record(card, rating=Rating.EASY, answer="", grade=None, duration_ms=5)
        fixed = [
            dataclasses.replace(questions[0], key=NumberKey(2013, is_year=True), answer="2013"),
            *questions[1:],
        ]
        again = store_deck(
            collection,
            fixed,
            name="Extra deck",
            source="x.csv",
            fmt="csv",
            media={},
            as_new=False,
            now=clock.now(),
        )
        assert again.report.updated == 1
        with collection.session() as s:
            phases = dict(s.execute(select(CardRow.question_id, CardRow.phase)).all())
        assert phases[f"{stored.deck_id}:q1"] == 0  # its answer changed: learn it afresh
        assert phases[f"{stored.deck_id}:q2"] == 2  # unchanged: progress kept
    finally:
        collection.close()
