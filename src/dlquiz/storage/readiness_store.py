"""Exam-day readiness for the learner's collection (``core.readiness`` on stored cards)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from sqlalchemy import bindparam, text

from dlquiz.core.exam import ExamSettings
from dlquiz.core.ids import CardId
from dlquiz.core.prepare import ExamGoal, PreparePlan, exam_goal, plan_preparation
from dlquiz.core.readiness import Readiness, ReadinessCard, readiness, sample_ids
from dlquiz.core.scheduling import CardPhase, CardState
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from dlquiz.storage.memory_store import scheduler_settings
from dlquiz.storage.rebuild import rebuild_cards
from dlquiz.storage.types import UTCDateTime, from_stored

EXAM_HOUR = 9  # an exam day's predictions are for 09:00 local time
PREPARE_TARGET = 0.95

_CARDS = (
    "SELECT c.id, c.question_id, c.topic, d.name, c.phase, c.step, c.stability,"
    " c.difficulty, c.due, c.last_review, c.reps, c.lapses FROM cards c"
    " JOIN decks d ON d.id = c.deck_id WHERE c.retired = 0 AND d.deleted_at IS NULL"
    " AND ((:decks IS NULL AND d.enabled = 1) OR d.id IN (SELECT value FROM json_each(:decks)))"
)
_PHASES = {int(phase): phase for phase in CardPhase}
CardRowValues = tuple[Any, ...]  # the columns of _CARDS, in order


def exam_moment(day: date, zone: tzinfo) -> datetime:
    """The UTC instant readiness predicts for: 09:00 on ``day`` in the learner's zone."""
    return datetime.combine(day, time(EXAM_HOUR), tzinfo=zone).astimezone(UTC)


def _checked(day: date, now: datetime, zone: tzinfo, target: float) -> float:
    if day < now.astimezone(zone).date():
        raise ValueError(f"the exam date {day.isoformat()} has passed; give today or later")
    if not 0.0 < target <= 1.0:
        raise ValueError("the target recall must be above 0 % and at most 100 %")
    return target


def readiness_cards(bank: QuestionBank, deck_ids: Sequence[str] | None) -> list[ReadinessCard]:
    """The live cards of the chosen decks (all enabled decks when None)."""
    return card_states(bank.collection, deck_ids)


def _card_rows(collection: Collection, deck_ids: Sequence[str] | None) -> list[CardRowValues]:
    decks = None if deck_ids is None else json.dumps(list(deck_ids))
    # The plain reader: 100,000 rows through SQLAlchemy's result layer took seconds.
    return collection.reader().execute(_CARDS, {"decks": decks}).fetchall()


def _readiness_card(row: CardRowValues) -> ReadinessCard:
    card_id, question_id, topic, deck_name, phase, step, s, d, due, last, reps, lapses = row
    state = CardState(
        _PHASES[phase],
        step,
        s,
        d,
        None if due is None else from_stored(due),
        None if last is None else from_stored(last),
        reps,
        lapses,
    )
    return ReadinessCard(card_id, question_id, topic or deck_name, state)


def card_states(collection: Collection, deck_ids: Sequence[str] | None) -> list[ReadinessCard]:
    """The live cards of the chosen decks (all enabled decks when None), with their states."""
    return [_readiness_card(row) for row in _card_rows(collection, deck_ids)]


def collection_readiness(
    bank: QuestionBank,
    *,
    day: date,
    zone: tzinfo,
    deck_ids: Sequence[str] | None = None,
    target: float | None = None,
) -> Readiness:
    """Predicted recall by section and overall on ``day``, and the expected exam score.

    ``target`` defaults to the exam pass mark.  The exam is the usual one:
    the settings' number of questions, drawn from the chosen decks.

    Raises:
        ValueError: ``day`` is before today, or ``target`` is not in (0, 1].
    """
    collection = bank.collection
    now = collection.clock.now()
    moment = exam_moment(day, zone)
    settings = collection.settings()
    chosen = _checked(day, now, zone, settings.exam_pass_mark if target is None else target)
    rows = _card_rows(collection, deck_ids)
    cards = [_readiness_card(row) for row in rows]
    exam = ExamSettings(
        decks=tuple(deck_ids or ()),
        questions=settings.exam_questions,
        pass_mark=settings.exam_pass_mark,
    )
    # A large pool is drawn from a sample (core.readiness): only its questions are read.
    sampled = sample_ids(((row[1], row[2]) for row in rows), exam.questions)
    if sampled is None:
        pool = bank.questions(list(deck_ids) if deck_ids else None)
    else:
        pool = bank.some(sampled)
    return readiness(
        cards,
        scheduler_settings(collection),
        exam_at=max(moment, now),
        target=chosen,
        pool=pool,
        exam=exam,
    )


def preparation_plan(
    bank: QuestionBank,
    *,
    day: date,
    zone: tzinfo,
    deck_ids: Sequence[str] | None = None,
    target: float | None = None,
) -> PreparePlan:
    """The reviews until ``day`` that bring recall then to ``target`` (nothing is changed).

    ``target`` defaults to 95 %: FSRS already keeps every card at or above the
    desired retention until it is due, so only a higher target needs extra reviews.
    """
    collection = bank.collection
    now = collection.clock.now()
    chosen = _checked(day, now, zone, PREPARE_TARGET if target is None else target)
    goal = ExamGoal(max(exam_moment(day, zone), now), chosen, tuple(deck_ids or ()))
    return plan_preparation(
        readiness_cards(bank, deck_ids),
        scheduler_settings(collection),
        now=now,
        goal=goal,
        zone=zone,
    )


_BRING_FORWARD = text(
    "UPDATE cards SET due = :due WHERE id = :id AND phase != 0 AND (due IS NULL OR due > :due)"
).bindparams(bindparam("due", type_=UTCDateTime))


def accept_plan(collection: Collection, plan: PreparePlan) -> int:
    """Prepare for the plan's exam: keep its goal, and bring its cards forward now.

    From then on study follows the goal (``StudyService`` puts every answer
    of those decks through the same rule) until the exam or
    :func:`stop_preparing`.  Returns how many cards moved (never later).
    """
    goal = plan.goal
    collection.save_settings(
        replace(
            collection.settings(),
            exam_goal_at=goal.exam_at.astimezone(UTC).isoformat(),
            exam_goal_target=goal.target,
            exam_goal_decks=goal.deck_ids,
        )
    )
    moved = 0
    if plan.moves:
        with collection.session() as s:
            result = s.execute(
                _BRING_FORWARD, [{"id": m.card_id, "due": m.due_after} for m in plan.moves]
            )
            moved = int(getattr(result, "rowcount", 0) or 0)
    collection.mark_changed()
    return moved


def current_goal(collection: Collection) -> ExamGoal | None:
    """The exam being prepared for, while it is still ahead."""
    goal = exam_goal(collection.settings())
    if goal is None or collection.clock.now() >= goal.exam_at:
        return None
    return goal


_GOAL_CARDS = text(
    "SELECT id FROM cards WHERE phase != 0 AND (:decks IS NULL"
    " OR deck_id IN (SELECT value FROM json_each(:decks)))"
)


def stop_preparing(collection: Collection) -> int:
    """Forget the exam goal; its cards get back the due dates FSRS gives from their reviews.

    Returns how many cards were rebuilt.
    """
    goal = exam_goal(collection.settings())
    if goal is None:
        return 0
    collection.save_settings(replace(collection.settings(), exam_goal_at="", exam_goal_decks=()))
    decks = json.dumps(list(goal.deck_ids)) if goal.deck_ids else None
    with collection.session() as s:
        card_ids = [CardId(int(i)) for i in s.scalars(_GOAL_CARDS, {"decks": decks})]
    return rebuild_cards(collection, card_ids, move_due=True).cards
