"""Preparing for an exam: a schedule up to the exam day, shown first, that study then follows."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dlquiz.cli.main import main
from dlquiz.core.prepare import ExamGoal, Preparer, exam_goal, plan_preparation
from dlquiz.core.readiness import ReadinessCard
from dlquiz.core.replay_engine import ReplayEngine
from dlquiz.core.scheduling import (
    DEFAULT_PARAMETERS,
    CardPhase,
    CardState,
    Rating,
    Scheduler,
    SchedulerSettings,
)
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from dlquiz.storage.memory_store import scheduler_settings
from dlquiz.storage.readiness_store import (
    accept_plan,
    current_goal,
    preparation_plan,
    stop_preparing,
)
from dlquiz.storage.schema import CardRow
from dlquiz.storage.study import StudyService, state_of
from tests.memory_helpers import AFTER_HISTORY, copied_bank, open_copy, seeded_file

NOW = AFTER_HISTORY
DAY = timedelta(days=1)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_file(tmp_path_factory, DEFAULT_PARAMETERS, now=NOW)


@pytest.fixture
def bank(seeded: Path, tmp_path: Path) -> Iterator[QuestionBank]:
    with copied_bank(seeded, tmp_path, now=NOW) as opened:
        yield opened


# --- the rule, against fsrs itself --------------------------------------------------------------

_SCHEDULER = Scheduler(SchedulerSettings())
_ENGINE = ReplayEngine(SchedulerSettings())


def _reviewed(stability: float, days_ago: int) -> CardState:
    """A Review card answered ``days_ago`` days before NOW, due when FSRS says."""
    last = NOW - days_ago * DAY
    interval = _ENGINE.interval_days(stability)
    return CardState(
        phase=CardPhase.REVIEW,
        stability=stability,
        difficulty=5.0,
        due=last + interval * DAY,
        last_review=last,
        reps=4,
    )


def _recall_after_good(state: CardState, at: datetime, exam_at: datetime) -> float:
    after = _SCHEDULER.review(state, Rating.GOOD, now=at)
    return _SCHEDULER.retrievability(after, now=exam_at)


CASES = list(
    itertools.product(
        (0.4, 2.0, 6.0, 20.0, 60.0, 250.0),  # stability (days)
        (0, 1, 4, 30),  # last answer, days before now
        (1, 3, 10, 30, 90),  # exam, days from now
        (0.9, 0.95, 0.99),  # target
    )
)


@pytest.mark.parametrize(("stability", "days_ago", "exam_in", "target"), CASES)
def test_the_rule_brings_a_card_forward_only_to_the_first_day_that_reaches_the_target(
    stability: float, days_ago: int, exam_in: int, target: float
) -> None:
    state = _reviewed(stability, days_ago)
    exam_at = NOW + exam_in * DAY
    preparer = Preparer(SchedulerSettings(), ExamGoal(exam_at, target))
    due = preparer.due(state, now=NOW)
    assert state.due is not None and due is not None
    assert due <= state.due, "never later than FSRS"
    at_exam = _SCHEDULER.retrievability(state, now=exam_at)
    if state.due < exam_at or at_exam >= target:
        assert due == state.due  # a review before the exam comes anyway, or none is needed
        return
    assert state.last_review is not None
    earliest = max(NOW, state.last_review + DAY)
    candidates = []
    moment = earliest
    while moment < exam_at:
        candidates.append(moment)
        moment += DAY
    reaching = [m for m in candidates if _recall_after_good(state, m, exam_at) >= target]
    if not reaching:
        assert due == state.due  # the exam is too close for one review to help
    else:
        assert due == reaching[0]


def test_the_rule_leaves_new_cards_and_passed_exams_alone() -> None:
    preparer = Preparer(SchedulerSettings(), ExamGoal(NOW + 5 * DAY, 0.99))
    assert preparer.due(CardState(), now=NOW) is None
    fading = _reviewed(20.0, 0)  # due after the exam, below 99 % by then
    assert preparer.due(fading, now=NOW + 6 * DAY) == fading.due
    assert preparer.due(fading, now=NOW) != fading.due


def test_the_table_of_cases_moves_some_cards_and_keeps_others() -> None:
    moved = kept = 0
    for stability, days_ago, exam_in, target in CASES:
        state = _reviewed(stability, days_ago)
        goal = ExamGoal(NOW + exam_in * DAY, target)
        due = Preparer(SchedulerSettings(), goal).due(state, now=NOW)
        moved += due != state.due
        kept += due == state.due
    assert moved > 40 and kept > 40


def test_a_goal_covers_its_decks_until_the_exam() -> None:
    goal = ExamGoal(NOW + DAY, 0.9, ("a", "b"))
    assert goal.covers("a", NOW) and not goal.covers("c", NOW)
    assert not goal.covers("a", NOW + DAY)
    assert ExamGoal(NOW + DAY, 0.9).covers("anything", NOW)


# --- the plan ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "target"), [(10, 0.95), (30, 0.97), (60, 0.99)])
def test_the_plan_shows_every_review_until_the_exam_and_lifts_recall(
    bank: QuestionBank, days: int, target: float
) -> None:
    day = (NOW + days * DAY).date()
    plan = preparation_plan(bank, day=day, zone=UTC, target=target)
    assert plan.studied > 100 and plan.extra > 0, "a month-old log has cards to prepare"
    assert plan.recall_with > plan.recall_without
    assert plan.below_with < plan.below_without
    assert all(NOW.date() <= d.day <= day and 0 <= d.extra <= d.reviews for d in plan.days)
    assert sum(n for _d, n in plan.extra_per_day) == plan.extra >= len(plan.moves)
    for move in plan.moves:
        assert NOW <= move.due_after < plan.exam_at
        assert move.due_before is not None and move.due_after < move.due_before


def test_new_cards_are_left_to_the_new_queue() -> None:
    plan = plan_preparation(
        [ReadinessCard(1, "q1", "S", CardState())],
        SchedulerSettings(),
        now=NOW,
        goal=ExamGoal(NOW + 5 * DAY, 0.9),
        zone=UTC,
    )
    assert plan.moves == () and plan.studied == 0 and plan.days == ()


# --- accepting: study follows the plan ----------------------------------------------------------


def _no_new_cards(collection: Collection) -> None:
    collection.save_settings(replace(collection.settings(), new_per_day=0, new_per_day_total=0))


def _dues(collection: Collection) -> dict[int, datetime | None]:
    with collection.session() as s:
        return {r.id: r.due for r in s.scalars(select(CardRow).where(CardRow.phase != 0))}


def _below_at(collection: Collection, exam_at: datetime, target: float) -> int:
    scheduler = Scheduler(scheduler_settings(collection))
    with collection.session() as s:
        states = [state_of(r) for r in s.scalars(select(CardRow).where(CardRow.phase != 0))]
    return sum(scheduler.retrievability(st, now=exam_at) < target for st in states)


def _study_until(service: StudyService, end: datetime) -> int:
    """Answer Good whatever is due, every hour of every day, until ``end``."""
    clock = service.clock
    answered = 0
    while clock.now() < end:
        card = service.next_card()
        while card is not None and clock.now() < end:
            shown = service.preview(card)[Rating.GOOD]
            recorded = service.record(
                card, rating=Rating.GOOD, answer="", grade=None, duration_ms=1000
            )
            assert recorded.state.due is not None
            assert recorded.state.due - clock.now() == shown  # the button told the truth
            answered += 1
            card = service.next_card()
        clock.advance(3600)
    return answered


def test_studying_what_is_due_reaches_the_target_only_when_prepared(
    seeded: Path, tmp_path: Path
) -> None:
    exam_at = NOW + 12 * DAY + timedelta(hours=1)
    target = 0.95
    outcomes = {}
    for prepared in (False, True):
        folder = tmp_path / str(prepared)
        folder.mkdir()
        collection = open_copy(seeded, folder, now=NOW)
        try:
            _no_new_cards(collection)
            bank = QuestionBank(collection)
            plan = preparation_plan(bank, day=exam_at.date(), zone=UTC, target=target)
            if prepared:
                assert accept_plan(collection, plan) == len(plan.moves) > 0
                assert current_goal(collection) == plan.goal
            answered = _study_until(StudyService(bank, zone=UTC), plan.exam_at)
            outcomes[prepared] = (answered, _below_at(collection, plan.exam_at, target), plan)
        finally:
            collection.close(backup=False)
    (natural, below_natural, plan), (worked, below_prepared, _plan) = (
        outcomes[False],
        outcomes[True],
    )
    assert below_natural >= plan.below_without * 0.9
    assert below_prepared <= plan.below_with + max(2, plan.studied // 50)
    assert below_prepared < below_natural / 4
    assert worked > natural  # preparing costs reviews, as the plan said


def test_stop_preparing_gives_back_the_due_dates_fsrs_gives(bank: QuestionBank) -> None:
    collection = bank.collection
    before = _dues(collection)
    plan = preparation_plan(bank, day=(NOW + 20 * DAY).date(), zone=UTC, target=0.97)
    assert accept_plan(collection, plan) > 0
    assert _dues(collection) != before
    assert exam_goal(collection.settings()) == plan.goal
    assert stop_preparing(collection) == len(before)
    assert _dues(collection) == before
    assert current_goal(collection) is None and collection.settings().exam_goal_at == ""
    assert stop_preparing(collection) == 0


def test_a_goal_for_some_decks_leaves_the_others_alone(bank: QuestionBank) -> None:
    collection = bank.collection
    plan = preparation_plan(bank, day=(NOW + 20 * DAY).date(), zone=UTC, target=0.99)
    accept_plan(
        collection, replace(plan, goal=replace(plan.goal, deck_ids=("no-such-deck",)), moves=())
    )
    service = StudyService(bank, zone=UTC)
    card = service.next_card()
    assert card is not None
    expected = Scheduler(scheduler_settings(collection)).preview(card.state, now=NOW)
    assert service.preview(card) == expected


def test_cli_prepare_shows_accepts_and_stops(
    bank: QuestionBank, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(bank.collection.path)
    bank.collection.close(backup=False)
    day = (datetime.now(UTC) + timedelta(days=14)).date().isoformat()
    code = main(["--db", db, "readiness", "--date", day, "--prepare", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert code == 0 and shown["accepted"] is False and shown["moved"] == 0
    per_day = shown["reviews_per_day"]
    assert sum(d["extra"] for d in per_day) == sum(d["reviews"] for d in shown["extra_per_day"])
    assert all(d["extra"] <= d["reviews"] for d in per_day)
    assert shown["predicted_recall_with"] >= shown["predicted_recall_without"]
    code = main(["--db", db, "readiness", "--date", day, "--accept"])
    assert code == 1 and "--accept goes with --prepare" in capsys.readouterr().err
    code = main(["--db", db, "readiness", "--date", day, "--prepare", "--accept", "--json"])
    accepted = json.loads(capsys.readouterr().out)
    assert code == 0 and accepted["accepted"] and accepted["moved"] == shown["brought_forward"]
    code = main(["--db", db, "readiness", "--stop-preparing", "--json"])
    stopped = json.loads(capsys.readouterr().out)
    assert code == 0 and stopped["stopped"] and stopped["cards_rescheduled"] > 0
