"""Exam attempts in a real collection: saving, resuming, marking, and feeding FSRS."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import ExamAttempt, ExamResult, ExamSession, ExamSettings, Resume
from dlquiz.storage.collection import Collection
from dlquiz.storage.exam_flow import settle_unfinished, start_exam
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.schema import CardRow, ExamAttemptRow, ReviewRow
from dlquiz.storage.study import StudyService
from tests.helpers import collection_with_small_deck, study_service

DECK = "import-extra"  # the id dlquiz gives a deck imported as "extra"
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def open_with_deck(path: Path, clock: FakeClock) -> tuple[Collection, StudyService]:
    collection = collection_with_small_deck(path, clock)
    return collection, study_service(collection)


def begin(collection: Collection, service: StudyService, *, limit: int = 300) -> ExamAttempt:
    settings = ExamSettings(decks=(DECK,), questions=10, time_limit_s=limit, seed=3)
    attempt, selection = start_exam(
        ExamStore(collection),
        service.bank.questions([DECK]),
        settings,
        seconds_per_question=None,
        now=collection.clock.now(),
    )
    # The flashcard cannot be marked, so the three others make the exam.
    assert sorted(attempt.question_ids) == [f"{DECK}:q1", f"{DECK}:q2", f"{DECK}:q3"]
    assert selection.shortfall == 7
    return attempt


def row(collection: Collection, attempt_id: str) -> ExamAttemptRow:
    with collection.session() as s:
        found = s.get(ExamAttemptRow, attempt_id)
        assert found is not None
        return found


def test_every_change_is_saved_and_resumes_after_a_close(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "c.dlquiz"
    collection, service = open_with_deck(path, clock)
    store = ExamStore(collection)
    attempt = begin(collection, service)
    assert row(collection, attempt.id).finished_at is None
    session = ExamSession(attempt, clock, on_change=store.save)
    session.answer(f"{DECK}:q1", "2012")
    assert row(collection, attempt.id).answered == 1  # committed before returning
    session.flag(f"{DECK}:q3")
    session.go_to(2)
    clock.advance(100)
    collection.close(backup=False)  # the window closes mid-exam

    clock.advance(50)  # 150 s of the 300 have gone, 50 of them while closed
    collection, service = open_with_deck(path, clock)
    store = ExamStore(collection)
    saved = store.unfinished_attempt()
    assert saved is not None and saved.id == attempt.id
    assert dict(saved.answers) == {f"{DECK}:q1": "2012"}
    assert saved.flags == {f"{DECK}:q3"} and saved.current == 2
    assert saved.deadline == attempt.deadline
    found = settle_unfinished(
        store, service.bank, service, now=clock.now(), monotonic=clock.monotonic()
    )
    assert isinstance(found, Resume)
    assert found.seconds_left == pytest.approx(150)
    assert store.history() == []
    collection.close(backup=False)


def test_deadline_passed_while_closed_is_marked_at_the_deadline(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "c.dlquiz"
    collection, service = open_with_deck(path, clock)
    attempt = begin(collection, service, limit=60)
    ExamSession(attempt, clock, on_change=ExamStore(collection).save).answer(f"{DECK}:q1", "2012")
    collection.close(backup=False)
    clock.advance(3600)
    collection, service = open_with_deck(path, clock)
    store = ExamStore(collection)
    result = settle_unfinished(
        store, service.bank, service, now=clock.now(), monotonic=clock.monotonic()
    )
    assert isinstance(result, ExamResult)
    assert result.auto_submitted and result.finished_at == attempt.deadline
    assert result.answered == 1 and result.correct == 1 and result.questions == 3
    assert store.unfinished_attempt() is None
    stored = row(collection, attempt.id)
    assert stored.finished_at == attempt.deadline
    assert stored.score == pytest.approx(1 / 3) and stored.passed is False
    assert (stored.questions, stored.answered, stored.correct) == (3, 1, 1)
    collection.close(backup=False)


def test_history_records_have_the_documented_shape(tmp_path: Path, clock: FakeClock) -> None:
    collection, service = open_with_deck(tmp_path / "c.dlquiz", clock)
    store = ExamStore(collection)
    for answer in ("1999", "2012"):
        session = ExamSession(begin(collection, service), clock, on_change=store.save)
        session.answer(f"{DECK}:q1", answer)
        clock.advance(30)
        store.finalize(session.submit(), service.bank, service)
        clock.advance(600)
    entries = store.history()
    assert [round(e.score, 3) for e in entries] == [0.0, 0.333]  # oldest first
    record = json.loads(json.dumps(entries[1].to_json()))
    assert {
        "started_at",
        "finished_at",
        "score",
        "passed",
        "questions",
        "answered",
        "correct",
    } <= set(record)
    assert datetime.fromisoformat(record["finished_at"]).utcoffset() == timedelta(0)
    assert record["questions"] == 3 and record["answered"] == 1 and record["correct"] == 1
    assert record["time_used_s"] == pytest.approx(30)
    assert store.result_of(entries[0].attempt_id) is not None
    collection.close(backup=False)


def test_feed_reviews_logs_exam_kind_and_missed_ones_come_due_soon(
    tmp_path: Path, clock: FakeClock
) -> None:
    collection, service = open_with_deck(tmp_path / "c.dlquiz", clock)
    store = ExamStore(collection)
    session = ExamSession(begin(collection, service), clock, on_change=store.save)
    session.answer(f"{DECK}:q1", "2012")  # right
    session.answer(f"{DECK}:q3", "a")  # wrong (Microsoft Research is b); q2 left blank
    result = store.finalize(session.submit(), service.bank, service)
    assert (result.correct, result.incorrect, result.unanswered) == (1, 1, 1)
    with collection.session() as s:
        logged = {
            card.question_id: (review.kind, review.rating, card.due)
            for review, card in s.execute(
                select(ReviewRow, CardRow).join(CardRow, CardRow.id == ReviewRow.card_id)
            ).all()
        }
    assert {kind for kind, _rating, _due in logged.values()} == {"exam"}
    assert {qid: rating for qid, (_k, rating, _d) in logged.items()} == {
        f"{DECK}:q1": 3,
        f"{DECK}:q2": 1,
        f"{DECK}:q3": 1,
    }
    soon = clock.now() + timedelta(minutes=10)
    assert logged[f"{DECK}:q2"][2] <= soon and logged[f"{DECK}:q3"][2] <= soon
    assert logged[f"{DECK}:q1"][2] > logged[f"{DECK}:q3"][2]
    # Exam reviews never enter the study undo stack.
    assert not service.can_undo
    collection.close(backup=False)


def test_questions_without_a_card_are_skipped(tmp_path: Path, clock: FakeClock) -> None:
    collection, service = open_with_deck(tmp_path / "c.dlquiz", clock)
    store = ExamStore(collection)
    session = ExamSession(begin(collection, service), clock, on_change=store.save)
    with collection.session() as s:
        s.execute(delete(CardRow).where(CardRow.question_id == f"{DECK}:q2"))
    store.finalize(session.submit(), service.bank, service)
    with collection.session() as s:
        kinds = list(s.scalars(select(ReviewRow.kind)))
    assert kinds == ["exam", "exam"]
    collection.close(backup=False)


def test_submitted_but_unmarked_attempt_is_marked_on_the_next_start(
    tmp_path: Path, clock: FakeClock
) -> None:
    collection, service = open_with_deck(tmp_path / "c.dlquiz", clock)
    store = ExamStore(collection)
    session = ExamSession(begin(collection, service), clock, on_change=store.save)
    session.answer(f"{DECK}:q1", "2012")
    session.submit()  # saved as submitted; the process dies before marking
    result = settle_unfinished(
        store, service.bank, service, now=clock.now(), monotonic=clock.monotonic()
    )
    assert isinstance(result, ExamResult) and not result.auto_submitted
    assert result.correct == 1
    with pytest.raises(KeyError):
        store.save(session.attempt)  # a marked attempt is never rewritten
    collection.close(backup=False)


def test_unreadable_state_is_skipped_not_fatal(tmp_path: Path, clock: FakeClock) -> None:
    collection, service = open_with_deck(tmp_path / "c.dlquiz", clock)
    attempt = begin(collection, service)
    with collection.session() as s:
        stored = s.get(ExamAttemptRow, attempt.id)
        assert stored is not None
        stored.state = json.dumps({"version": 99})
    assert ExamStore(collection).unfinished_attempt() is None
    collection.close(backup=False)


def test_questions_without_a_section_are_reported_under_their_decks_name(
    tmp_path: Path, clock: FakeClock
) -> None:
    import dataclasses

    from dlquiz.importers.ids import deck_id_for
    from tests.helpers import open_test_collection, small_deck, store_questions

    collection = open_test_collection(tmp_path / "c.dlquiz", clock)
    deck_id = deck_id_for("Capitals 101")
    _deck, questions = small_deck(deck_id)
    store_questions(
        collection, [dataclasses.replace(q, topic="") for q in questions], "Capitals 101"
    )
    service = study_service(collection)
    attempt, _ = start_exam(
        ExamStore(collection),
        service.bank.questions([deck_id]),
        ExamSettings(decks=(deck_id,), questions=10, time_limit_s=300, seed=3),
        seconds_per_question=None,
        now=clock.now(),
    )
    session = ExamSession(attempt, clock, on_change=ExamStore(collection).save)
    session.answer(attempt.question_ids[0], "2012")
    result = ExamStore(collection).finalize(session.submit(), service.bank, service)
    assert [topic.topic for topic in result.topics] == ["Capitals 101"]
    assert {item.topic for item in result.items} == {"Capitals 101"}
    collection.close(backup=False)
