"""Class: two writes that must be one transaction (17.4).

An exam's mark and the reviews it feeds to scheduling are committed together:
a failure (or kill) between them leaves the attempt unmarked, and the next
start marks it again with every review, once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import ExamSession, ExamSettings
from dlquiz.storage.exam_flow import settle_unfinished, start_exam
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.schema import ExamAttemptRow, ReviewRow
from dlquiz.storage.study import StudyService
from tests.helpers import collection_with_small_deck, study_service

DECK = "import-extra"


class Interrupted(Exception):
    """Stands for the kill: raised from inside the marking transaction."""


def _exam_reviews(service: StudyService) -> int:
    with service.collection.session() as s:
        return int(s.scalar(select(func.count()).where(ReviewRow.kind == "exam")) or 0)


def _marked(service: StudyService) -> int:
    with service.collection.session() as s:
        return int(
            s.scalar(select(func.count()).where(ExamAttemptRow.finished_at.is_not(None))) or 0
        )


@pytest.mark.parametrize("fail_after", [0, 1, 2])
def test_a_failure_while_logging_reviews_leaves_no_half_marked_exam(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_after: int
) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    collection = collection_with_small_deck(tmp_path / "c.dlquiz", clock)
    service = study_service(collection)
    store = ExamStore(collection)
    settings = ExamSettings(decks=(DECK,), questions=10, time_limit_s=300, seed=3)
    attempt, _ = start_exam(
        store, service.bank.questions([DECK]), settings, seconds_per_question=None, now=clock.now()
    )
    session = ExamSession(attempt, clock, on_change=store.save)
    for question_id in attempt.question_ids:
        session.answer(question_id, "2012")
    submitted = session.submit()

    real_record = StudyService._store
    calls = {"n": 0}

    def record_then_fail(self: StudyService, *args: object, **kwargs: object) -> object:
        if calls["n"] == fail_after:
            raise Interrupted
        calls["n"] += 1
        return real_record(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(StudyService, "_store", record_then_fail)
    with pytest.raises(Interrupted):
        store.finalize(submitted, service.bank, service)
    assert _marked(service) == 0 and _exam_reviews(service) == 0
    monkeypatch.setattr(StudyService, "_store", real_record)

    result = settle_unfinished(
        store, service.bank, service, now=clock.now(), monotonic=clock.monotonic()
    )
    assert result is not None
    assert _marked(service) == 1
    assert _exam_reviews(service) == len(attempt.question_ids)
    assert (
        settle_unfinished(
            store, service.bank, service, now=clock.now(), monotonic=clock.monotonic()
        )
        is None
    )
    assert _exam_reviews(service) == len(attempt.question_ids)  # never logged twice
    collection.close(backup=False)
