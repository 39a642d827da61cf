"""Prepare for the exam: bring forward cards that would fall below the target, after a look."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dlquiz.cli.main import main
from dlquiz.core.prepare import plan_preparation
from dlquiz.core.readiness import ReadinessCard, recall_at
from dlquiz.core.scheduling import DEFAULT_PARAMETERS, Rating, Scheduler
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.memory_store import scheduler_settings
from dlquiz.storage.readiness_store import accept_plan, preparation_plan, readiness_cards
from dlquiz.storage.schema import CardRow
from tests.memory_helpers import START, open_copy, seeded_file

NOW = START + timedelta(days=121)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_file(tmp_path_factory, DEFAULT_PARAMETERS, now=NOW)


@pytest.fixture
def bank(seeded: Path, tmp_path: Path) -> Iterator[QuestionBank]:
    collection = open_copy(seeded, tmp_path, now=NOW)
    yield QuestionBank(collection)
    if not collection.closed:
        collection.close(backup=False)


@pytest.mark.parametrize(("days", "target"), [(10, 0.95), (30, 0.97), (60, 0.99)])
def test_the_planned_reviews_lift_every_moved_card_to_the_target(
    bank: QuestionBank, days: int, target: float
) -> None:
    day = (NOW + timedelta(days=days)).date()
    plan = preparation_plan(bank, day=day, zone=UTC, target=target)
    assert plan.moves, "a month-old log always has cards to bring forward"
    assert sum(n for _d, n in plan.extra_per_day) == len(plan.moves)
    scheduler = Scheduler(scheduler_settings(bank.collection))
    cards = {c.card_id: c for c in readiness_cards(bank, None)}
    for move in plan.moves:
        assert NOW <= move.due_after < plan.exam_at
        assert move.due_before is None or move.due_after < move.due_before
        # answered Good on the planned day, the card holds the target at the exam
        after = scheduler.review(cards[move.card_id].state, Rating.GOOD, now=move.due_after)
        assert scheduler.retrievability(after, now=plan.exam_at) >= target


def test_nothing_moves_until_accepted_and_then_only_earlier(bank: QuestionBank) -> None:
    day = (NOW + timedelta(days=20)).date()
    collection = bank.collection
    with collection.session() as s:
        before = {r.id: r.due for r in s.scalars(select(CardRow))}
    plan = preparation_plan(bank, day=day, zone=UTC, target=0.97)
    with collection.session() as s:
        assert {r.id: r.due for r in s.scalars(select(CardRow))} == before
    moved = accept_plan(collection, plan)
    assert moved == len(plan.moves) > 0
    with collection.session() as s:
        after = {r.id: r.due for r in s.scalars(select(CardRow))}
    planned = {m.card_id: m.due_after for m in plan.moves}
    for card_id, due in after.items():
        if card_id in planned:
            assert due == planned[card_id]
        else:
            assert due == before[card_id]
    assert preparation_plan(bank, day=day, zone=UTC, target=0.97).moves == ()  # done once


def test_new_cards_are_left_to_the_new_queue() -> None:
    from dlquiz.core.scheduling import CardState, SchedulerSettings

    at = datetime(2026, 1, 1, tzinfo=UTC)
    plan = plan_preparation(
        [ReadinessCard(1, "q1", "S", CardState())],
        SchedulerSettings(),
        now=at,
        exam_at=at + timedelta(days=5),
        target=0.9,
        zone=UTC,
    )
    assert plan.moves == () and plan.below_without == 0


def test_cli_prepare_shows_then_accepts(
    bank: QuestionBank, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(bank.collection.path)
    bank.collection.close(backup=False)
    day = (datetime.now(UTC) + timedelta(days=14)).date().isoformat()
    code = main(["--db", db, "readiness", "--date", day, "--prepare", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert code == 0 and shown["accepted"] is False and shown["moved"] == 0
    assert sum(d["reviews"] for d in shown["extra_per_day"]) == shown["brought_forward"]
    code = main(["--db", db, "readiness", "--date", day, "--accept"])
    assert code == 1 and "--accept goes with --prepare" in capsys.readouterr().err
    code = main(["--db", db, "readiness", "--date", day, "--prepare", "--accept", "--json"])
    accepted = json.loads(capsys.readouterr().out)
    assert code == 0 and accepted["moved"] == shown["brought_forward"]


def test_recall_at_matches_the_scheduler(bank: QuestionBank) -> None:
    cards = readiness_cards(bank, None)
    moment = NOW + timedelta(days=9)
    scheduler = Scheduler(scheduler_settings(bank.collection))
    recall = recall_at(cards, scheduler.settings, moment)
    for card in cards[:50]:
        assert recall[card.card_id] == pytest.approx(
            scheduler.retrievability(card.state, now=moment)
        )
