"""The statistics figures against what was recorded, on a real collection and a fake clock."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dlquiz.chapter import chapter
from dlquiz.core.clock import FakeClock
from dlquiz.core.exam import ExamSettings
from dlquiz.core.progress import ProgressStats, StudyDay, Today
from dlquiz.core.scheduling import Rating, Scheduler
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.browse_actions import set_suspended
from dlquiz.storage.collection import Collection
from dlquiz.storage.exam_flow import start_exam
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.schema import CardRow
from dlquiz.storage.stats import collection_stats, study_date
from dlquiz.storage.study import StudyService, state_of
from tests.helpers import open_test_collection, study_service

CHAPTER_CARDS = len(chapter()[1])  # every chapter question is one card

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def collection(tmp_path: Path, clock: FakeClock) -> Iterator[Collection]:
    opened = open_test_collection(tmp_path / "c.dlquiz", clock)
    yield opened
    if not opened.closed:
        opened.close(backup=False)


@pytest.fixture
def service(collection: Collection) -> StudyService:
    return study_service(collection)


def answer(service: StudyService, count: int, *, rating: Rating, seconds: int) -> None:
    for _ in range(count):
        card = service.next_card()
        assert card is not None
        service.record(card, rating=rating, answer="", grade=None, duration_ms=seconds * 1000)
        service.clock.advance(seconds)  # type: ignore[attr-defined]


def stats(collection: Collection) -> ProgressStats:
    return collection_stats(collection, now=collection.clock.now(), zone=UTC)


def test_reviews_per_day_follow_the_study_day_and_skip_undone_answers(
    service: StudyService, collection: Collection, clock: FakeClock
) -> None:
    answer(service, 3, rating=Rating.GOOD, seconds=10)  # Mar 2, 12:00
    clock.advance(13 * 3600)  # Mar 3, 01:00: before 04:00, still the study day of Mar 2
    answer(service, 2, rating=Rating.AGAIN, seconds=5)
    clock.advance(6 * 3600)  # Mar 3, 07:00: a new study day
    answer(service, 2, rating=Rating.GOOD, seconds=20)
    service.undo_last()  # the last one does not count
    figures = stats(collection)
    assert figures.reviews_per_day == (
        # Three new cards, then two of them again at 01:00 as learning steps.
        StudyDay(date(2026, 3, 2), reviews=5, correct=3, new=3, time_s=40.0),
        StudyDay(date(2026, 3, 3), reviews=1, correct=1, new=0, time_s=20.0),
    )
    assert figures.today == date(2026, 3, 3)
    assert figures.studied_today == Today(reviews=1, correct=1, time_s=20.0)
    assert figures.streak_days == 2 and figures.days_studied_365 == 2
    assert figures.reviews_total == 6
    assert figures.time_spent_total_s == 60.0
    assert figures.to_json()["reviews_per_day"][0] == {
        "date": "2026-03-02",
        "reviews": 5,
        "correct": 3,
        "new": 3,
        "time_s": 40.0,
    }
    # A day with no answers yet does not break the streak until it is over.
    clock.advance(24 * 3600)
    assert stats(collection).streak_days == 2
    clock.advance(24 * 3600)
    assert stats(collection).streak_days == 0


def test_study_date_honours_the_zone_and_the_rollover_hour() -> None:
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    late = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)  # 02:30 in Tokyo on Mar 3
    assert study_date(late, zone=tokyo, hour=4).isoformat() == "2026-03-02"
    assert study_date(late, zone=tokyo, hour=0).isoformat() == "2026-03-03"


def test_due_forecast_counts_every_scheduled_card_once(
    service: StudyService, collection: Collection, clock: FakeClock
) -> None:
    answer(service, 6, rating=Rating.EASY, seconds=5)
    answer(service, 4, rating=Rating.GOOD, seconds=5)
    with collection.session() as s:
        first = s.scalars(select(CardRow).where(CardRow.phase > 0)).first()
        assert first is not None
        suspended_id = first.id
    set_suspended(collection, [suspended_id], suspended=True)
    clock.advance(2 * 86400)  # some learning cards are overdue now
    figures = stats(collection)
    forecast = figures.due_forecast_30d
    assert len(forecast) == 30 and forecast[0].day == figures.today
    expected: Counter[int] = Counter()
    today = study_date(clock.now(), zone=UTC, hour=4)
    with collection.session() as s:
        for row in s.scalars(select(CardRow).where(CardRow.phase > 0)):
            if row.suspended or row.due is None:
                continue
            offset = max(0, (study_date(row.due, zone=UTC, hour=4) - today).days)
            if offset < 30:
                expected[offset] += 1
    assert [d.due for d in forecast] == [expected[i] for i in range(30)]
    assert sum(d.due for d in forecast) == 9  # ten scheduled, one suspended
    assert [figures.due_on(i) for i in (0, 1, 29, 30)] == [
        expected[0],
        expected[1],
        expected[29],
        0,
    ]
    assert figures.cards_suspended == 1


def test_mastery_is_the_share_of_cards_fsrs_expects_to_recall_at_90_percent(
    service: StudyService, collection: Collection, clock: FakeClock
) -> None:
    answer(service, 12, rating=Rating.EASY, seconds=5)
    answer(service, 8, rating=Rating.AGAIN, seconds=5)
    clock.advance(3 * 86400 + 3600)
    figures = stats(collection)
    scheduler = Scheduler(collection.settings().scheduler())
    per_topic: dict[str, list[bool]] = {}
    with collection.session() as s:
        for row in s.scalars(select(CardRow)):
            recall = scheduler.retrievability(state_of(row), now=clock.now())
            per_topic.setdefault(row.topic, []).append(recall >= 0.9)
    expected = {t: round(sum(v) / len(v), 4) for t, v in per_topic.items()}
    assert figures.mastery_by_topic == {t: expected[t] for t in figures.mastery_by_topic}
    assert set(figures.mastery_by_topic) == set(expected)
    assert 0 < sum(expected.values())  # some cards are mastered, so the test can tell
    total = sum(sum(v) for v in per_topic.values())
    assert figures.mastery == round(total / sum(len(v) for v in per_topic.values()), 4)


def test_exam_trend_lists_finished_exams_in_order(
    service: StudyService, collection: Collection, clock: FakeClock
) -> None:
    bank: QuestionBank = service.bank
    store = ExamStore(collection)
    scores = []
    for seed, right in ((1, 2), (2, 5)):
        attempt, _ = start_exam(
            store,
            bank.questions([bank.chapter_deck.id]),
            ExamSettings(questions=5, seed=seed, time_limit_s=300),
            seconds_per_question=None,
            now=clock.now(),
        )
        for index, question_id in enumerate(attempt.question_ids):
            question = bank.get(question_id)
            assert question is not None
            text = question.answer if index < right else ""
            attempt = attempt.answer(question_id, text, now=clock.now())
        attempt = attempt.submit(clock.now())
        scores.append(store.finalize(attempt, bank, service).score)
        clock.advance(86400)
    # An unfinished exam is not part of the trend.
    start_exam(
        store,
        bank.questions(),
        ExamSettings(questions=3, seed=9, time_limit_s=300),
        seconds_per_question=None,
        now=clock.now(),
    )
    trend = stats(collection).exam_trend
    assert [t.score for t in trend] == [round(s, 4) for s in scores]
    assert [t.finished_at for t in trend] == [START, START + timedelta(days=1)]
    assert all(t.finished_at.tzinfo is not None for t in trend)


def test_the_command_line_carries_the_same_figures(
    service: StudyService, collection: Collection, capsys: pytest.CaptureFixture[str]
) -> None:
    from dlquiz.cli.main import main

    answer(service, 4, rating=Rating.GOOD, seconds=7)
    path = collection.path
    here = stats(collection)
    collection.close(backup=False)
    assert main(["--db", str(path), "stats", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = here.to_json()  # the command reads on the real clock: dates may differ
    assert set(printed) == set(expected)
    for key in ("reviews_total", "cards_by_state", "time_spent_total_s", "exam_trend"):
        assert printed[key] == expected[key], key
    assert sum(d["reviews"] for d in printed["reviews_per_day"]) == 4
    assert main(["--db", str(path), "stats"]) == 0
    text = capsys.readouterr().out
    assert (
        f"cards: {CHAPTER_CARDS} ({CHAPTER_CARDS - 4} new, 0 suspended)" in text
        and "streak:" in text
    )
