"""Class: a wall clock that moved while dlquiz was closed (17.20, and 17.3's rotation).

The exam's own record of how far it got wins over a clock set back: time
used and dates stay true, and no time is added.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import ExamSession, ExamSettings, Resume, attempt_from_dict, attempt_to_dict
from dlquiz.storage.exam_flow import settle_unfinished, start_exam
from dlquiz.storage.exams_store import ExamStore
from tests.helpers import collection_with_small_deck, study_service

DECK = "import-extra"
T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("back", "used_before"),
    [
        (timedelta(days=1), 100),
        (timedelta(days=400), 250),
        (timedelta(seconds=30), 100),
        (timedelta(hours=2), 10),
    ],
)
def test_a_clock_set_back_while_closed_keeps_time_used_and_dates_true(
    tmp_path: Path, back: timedelta, used_before: int
) -> None:
    path = tmp_path / "c.dlquiz"
    clock = FakeClock(T0)
    collection = collection_with_small_deck(path, clock)
    service = study_service(collection)
    store = ExamStore(collection)
    settings = ExamSettings(decks=(DECK,), questions=10, time_limit_s=600, seed=3)
    attempt, _ = start_exam(
        store, service.bank.questions([DECK]), settings, seconds_per_question=None, now=clock.now()
    )
    session = ExamSession(attempt, clock, on_change=store.save)
    clock.advance(used_before)
    session.answer(attempt.question_ids[0], "2012")
    collection.close(backup=False)

    later = FakeClock(T0 + timedelta(seconds=used_before) - back)  # a new process, clock behind
    collection = collection_with_small_deck(path, later)
    service = study_service(collection)
    store = ExamStore(collection)
    decision = settle_unfinished(
        store, service.bank, service, now=later.now(), monotonic=later.monotonic()
    )
    assert isinstance(decision, Resume)
    assert decision.seconds_left == 600 - used_before  # never more than was left
    session = ExamSession(decision.attempt, later, on_change=store.save)
    later.advance(50)
    submitted = session.submit()
    result = store.finalize(submitted, service.bank, service)
    assert result.time_used_s == used_before + 50
    assert result.started_at == T0
    assert result.finished_at == T0 + timedelta(seconds=used_before + 50)
    (entry,) = store.history()
    assert entry.finished_at - entry.started_at == timedelta(seconds=used_before + 50)
    collection.close(backup=False)


def test_the_time_reached_survives_saving_and_loading() -> None:
    clock = FakeClock(T0)
    from dlquiz.core.exam import start_attempt
    from tests.helpers import small_deck

    _deck, questions = small_deck()
    attempt = start_attempt(
        questions[:3], ExamSettings(time_limit_s=600), attempt_id="a1", now=clock.now()
    )
    session = ExamSession(attempt, clock)
    clock.advance(42)
    session.flag(questions[0].id)
    loaded = attempt_from_dict(attempt_to_dict(session.attempt))
    assert loaded.seen_at == T0 + timedelta(seconds=42)
    assert loaded.time_left(T0 - timedelta(days=3)) == 600 - 42
    legacy = attempt_to_dict(attempt)
    del legacy["seen_at"]  # saved by a dlquiz that did not keep it
    assert attempt_from_dict(legacy).seen_at is None
