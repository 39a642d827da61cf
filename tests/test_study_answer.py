"""One call per study action: answer, reveal and rate through StudyService."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, select

from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import Outcome
from dlquiz.core.grading import grade
from dlquiz.core.labels import RATING_LABELS, outcome_text, rating_label
from dlquiz.core.model import QuestionType, Verdict
from dlquiz.core.scheduling import CardPhase, Rating, suggest_rating
from dlquiz.importers.ids import deck_id_for
from dlquiz.storage.collection import Collection
from dlquiz.storage.schema import ReviewRow
from dlquiz.storage.study import Graded, Revealed, StudyService
from tests.helpers import collection_with_small_deck, open_test_collection, study_service


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


@pytest.fixture
def collection(tmp_path: Path, clock: FakeClock) -> Iterator[Collection]:
    opened = open_test_collection(tmp_path / "c.dlquiz", clock)
    yield opened
    opened.close(backup=False)


def _reviews(collection: Collection) -> list[ReviewRow]:
    with collection.session() as s:
        return list(s.scalars(select(ReviewRow).order_by(ReviewRow.id)))


def _count_transactions(collection: Collection) -> list[int]:
    begun: list[int] = []
    event.listen(collection.engine, "begin", lambda _conn: begun.append(1))
    return begun


# (how the learner answers, milliseconds taken): right, wrong, blank, slow and quick.
ANSWERS = [("answer", 2_500), ("nonsense words", 9_000), ("", 1_000), ("answer", 60_000)]


def test_answer_grades_stores_and_previews_in_one_transaction(
    collection: Collection, clock: FakeClock
) -> None:
    service = study_service(collection)
    service.counts()  # settings and scheduler are read once, up front
    begun = _count_transactions(collection)
    answered = 0
    for turn in range(20):
        card = service.next_card()
        assert card is not None
        if card.question.type is QuestionType.FLASHCARD:
            continue
        how, duration = ANSWERS[turn % len(ANSWERS)]
        text = card.question.answer if how == "answer" else how
        expected_grade = grade(card.question, text)
        before = len(begun)
        graded = service.answer(card, text, duration_ms=duration)
        assert len(begun) - before == 1
        assert graded.grade == expected_grade
        assert graded.suggested is suggest_rating(
            expected_grade.verdict, qtype=card.question.type, duration_ms=duration
        )
        assert graded.recorded.rating is graded.suggested
        assert graded.recorded.state.due == clock.now() + graded.intervals[graded.suggested]
        stored = _reviews(collection)[-1]
        assert (stored.card_id, stored.answer, stored.rating) == (
            card.card_id,
            text,
            int(graded.suggested),
        )
        assert stored.verdict == expected_grade.verdict.value
        answered += 1
        clock.advance(30)
    assert answered >= 10
    assert len(_reviews(collection)) == answered


def test_rate_amends_the_stored_answer_and_keeps_one_row(
    collection: Collection, clock: FakeClock
) -> None:
    service = study_service(collection)
    for rating in Rating:
        card = service.next_card()
        assert card is not None
        answered_at = clock.now()
        graded = service.answer(card, "", duration_ms=500)
        assert graded.suggested is Rating.AGAIN
        clock.advance(5)  # the amendment is scheduled at the answer's time, not the rating's
        begun = _count_transactions(collection)
        recorded = service.rate(graded, rating, duration_ms=9_999)
        assert len(begun) == (0 if rating is Rating.AGAIN else 1)
        assert recorded.review_id == graded.recorded.review_id
        assert recorded.state.due == answered_at + graded.intervals[rating]
        row = _reviews(collection)[-1]
        assert (row.id, row.rating, row.duration_ms) == (recorded.review_id, int(rating), 500)
    assert len(_reviews(collection)) == len(Rating)


def test_a_flashcard_is_stored_only_when_rated(tmp_path: Path, clock: FakeClock) -> None:
    collection = collection_with_small_deck(tmp_path / "c.dlquiz", clock)
    try:
        service = study_service(collection)
        flash = None
        while flash is None:
            card = service.next_card([deck_id_for("extra")])
            assert card is not None
            if card.question.type is QuestionType.FLASHCARD:
                flash = card
            else:  # answered well enough to leave the queue for days
                service.record(card, rating=Rating.EASY, answer="", grade=None, duration_ms=1)
        rows_before = len(_reviews(collection))
        revealed = service.reveal(flash)
        assert isinstance(revealed, Revealed) and revealed.suggested is Rating.GOOD
        assert revealed.intervals == service.preview(flash)
        assert len(_reviews(collection)) == rows_before
        with pytest.raises(ValueError, match="flashcard"):
            service.answer(flash, "anything", duration_ms=1)
        recorded = service.rate(revealed, Rating.HARD, duration_ms=4_200)
        row = _reviews(collection)[-1]
        assert (row.id, row.rating, row.duration_ms, row.verdict) == (
            recorded.review_id,
            int(Rating.HARD),
            4_200,
            "",
        )
        assert row.was_new and recorded.state.phase is not CardPhase.NEW
    finally:
        collection.close(backup=False)


def test_undo_takes_back_an_answer_given_through_answer(collection: Collection) -> None:
    service: StudyService = study_service(collection)
    card = service.next_card()
    assert card is not None
    graded = service.answer(card, card.question.answer, duration_ms=3_000)
    assert isinstance(graded, Graded) and service.can_undo
    back = service.undo_last()
    assert back is not None and back.card_id == card.card_id
    assert back.state == card.state
    assert _reviews(collection)[-1].undone_at is not None


def test_one_table_names_every_rating_and_outcome() -> None:
    assert [RATING_LABELS[r] for r in Rating] == ["Again", "Hard", "Good", "Easy"]
    assert [rating_label(n) for n in (1, 2, 3, 4, 0, 9)] == [
        "Again",
        "Hard",
        "Good",
        "Easy",
        "?",
        "?",
    ]
    for verdict in Verdict:
        # A study verdict and an exam outcome of the same value read the same.
        assert outcome_text(verdict) == outcome_text(Outcome(verdict.value))
        assert outcome_text(verdict).endswith(outcome_text(verdict, mark=False))
    texts = {outcome_text(o) for o in Outcome}
    assert len(texts) == len(Outcome)  # no two outcomes look alike
    assert outcome_text(Outcome.UNANSWERED, mark=False) == "Not answered"
