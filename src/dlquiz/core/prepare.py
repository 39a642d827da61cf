"""Preparing for an exam: a review schedule up to the exam day that study then follows.

The rule (:meth:`Preparer.due`), applied to a card whenever it is planned or
answered while the learner prepares for an exam:

- a card whose next FSRS review comes before the exam keeps it: the rule is
  applied again when that review is answered;
- a card whose next review falls after the exam, and whose recall at the
  exam would be below the target, is due on the first day (from a day after
  its last answer, and not before now) on which a Good answer would hold its
  recall at the exam at the target; it is never made later.

The plan (:func:`plan_preparation`) plays that rule forward for every studied
card, answering Good at each planned review, so the learner sees every review
until the exam, day by day, how many of them are extra (earlier than FSRS
alone would ask), and the recall at the exam with and without preparing.
Accepting stores the goal (``ExamGoal``) and brings the cards forward; from
then on every answer goes through the rule, so study follows the plan and
the plan adjusts to answers that were not Good.  Cards never studied are left
to the new-card queue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from dlquiz.core.readiness import ReadinessCard
from dlquiz.core.replay_engine import Replayed, ReplayEngine
from dlquiz.core.scheduling import (
    CardPhase,
    CardState,
    Rating,
    Scheduler,
    SchedulerSettings,
    state_from,
)
from dlquiz.core.settings import Settings

DAY = timedelta(days=1)
_GOOD = int(Rating.GOOD)
_MOST_PLANNED = 200  # reviews planned for one card; learning steps can add several a day


@dataclass(frozen=True, slots=True)
class ExamGoal:
    """An exam the learner prepares for: when, the recall to reach, and which decks."""

    exam_at: datetime  # UTC
    target: float
    deck_ids: tuple[str, ...] = ()  # empty: every deck

    def covers(self, deck_id: str, now: datetime) -> bool:
        """Whether the rule applies to a card of ``deck_id`` at ``now``."""
        return now < self.exam_at and (not self.deck_ids or deck_id in self.deck_ids)


def exam_goal(settings: Settings) -> ExamGoal | None:
    """The exam the learner prepares for (kept in the settings), or None."""
    if not settings.exam_goal_at:
        return None
    moment = datetime.fromisoformat(settings.exam_goal_at).astimezone(UTC)
    return ExamGoal(moment, settings.exam_goal_target, settings.exam_goal_decks)


@dataclass(frozen=True, slots=True)
class BroughtForward:
    """One card whose next review moves earlier when the plan is accepted."""

    card_id: int
    due_before: datetime | None
    due_after: datetime


@dataclass(frozen=True, slots=True)
class PlannedDay:
    """The reviews planned on one day before the exam; ``extra`` come earlier than FSRS asks."""

    day: date
    reviews: int
    extra: int


@dataclass(frozen=True, slots=True)
class PreparePlan:
    """The schedule up to the exam, and what it changes."""

    goal: ExamGoal
    moves: tuple[BroughtForward, ...]  # what accepting changes now
    days: tuple[PlannedDay, ...]
    studied: int
    below_without: int  # studied cards below the target at the exam on FSRS's own schedule
    below_with: int  # still below with the plan: the exam is too close to lift them
    recall_without: float  # mean predicted recall at the exam of the studied cards
    recall_with: float

    @property
    def exam_at(self) -> datetime:
        return self.goal.exam_at

    @property
    def target(self) -> float:
        return self.goal.target

    @property
    def extra_per_day(self) -> tuple[tuple[date, int], ...]:
        """The days with extra reviews, and how many."""
        return tuple((d.day, d.extra) for d in self.days if d.extra)

    @property
    def extra(self) -> int:
        return sum(d.extra for d in self.days)


def _studied(state: CardState) -> bool:
    return (
        state.phase is not CardPhase.NEW
        and state.stability is not None
        and state.difficulty is not None
        and state.due is not None
        and state.last_review is not None
    )


def _replayed(state: CardState) -> Replayed:
    assert state.stability is not None and state.difficulty is not None
    assert state.due is not None and state.last_review is not None
    return Replayed(
        int(state.phase),
        state.step,
        state.stability,
        state.difficulty,
        state.due,
        state.last_review,
        state.reps,
        state.lapses,
    )


class Preparer:
    """The preparation rule for one goal and the learner's scheduling settings."""

    def __init__(self, settings: SchedulerSettings, goal: ExamGoal) -> None:
        self.goal = goal
        self._engine = ReplayEngine(settings)
        # For a card on a learning step the settings no longer have (the engine's table
        # lacks it), fsrs itself answers.
        self._fsrs = Scheduler(settings)

    def due(self, state: CardState, *, now: datetime) -> datetime | None:
        """The card's due date under the goal: FSRS's own, or earlier to reach the target."""
        if not _studied(state) or now >= self.goal.exam_at:
            return state.due
        return self._due(_replayed(state), now)

    def _due(self, card: Replayed, now: datetime) -> datetime:
        goal = self.goal
        if card.due < goal.exam_at or self._recall(card) >= goal.target:
            return card.due
        # The earliest day that works, not the eve of the exam: extra reviews spread
        # over the days left, and a longer gap to the exam is a larger gain in stability.
        moment = max(now, card.last_review + DAY)
        while moment < goal.exam_at:
            if self._recall(self._answer(card, moment)) >= goal.target:
                return moment
            moment += DAY
        return card.due  # the exam is too close for one more review to reach the target

    def _recall(self, card: Replayed) -> float:
        return self._engine.recall(card.stability, card.last_review, self.goal.exam_at)

    def _answer(self, card: Replayed, moment: datetime) -> Replayed:
        if self._engine.can_continue(card):
            return self._engine.continue_from(card, [(_GOOD, moment)])
        return _replayed(self._fsrs.review(state_from(card), Rating.GOOD, now=moment))

    def play(
        self, state: CardState, *, now: datetime, prepared: bool
    ) -> tuple[list[tuple[datetime, bool]], float]:
        """Every review until the exam, answered Good, and the recall at the exam.

        Returns the planned moments, each with whether it is extra (the rule
        brought it before the review FSRS would ask for), and the predicted
        recall at the exam after them.  ``prepared=False`` plays FSRS's own
        schedule instead.
        """
        card = _replayed(state)
        planned: list[tuple[datetime, bool]] = []
        at = now
        while len(planned) < _MOST_PLANNED:
            due = self._due(card, at) if prepared else card.due
            if due >= self.goal.exam_at:
                break
            at = max(due, at)
            planned.append((at, due < card.due))
            card = self._answer(card, at)
        return planned, self._recall(card)


def plan_preparation(
    cards: Sequence[ReadinessCard],
    settings: SchedulerSettings,
    *,
    now: datetime,
    goal: ExamGoal,
    zone: tzinfo,
) -> PreparePlan:
    """The schedule of reviews until ``goal``'s exam that reaches its target, card by card.

    Args:
        cards: the cards of the goal's decks (new ones are left out).
        settings: scheduling settings with the learner's parameters.
        now: the moment the plan starts from.
        goal: the exam, its target and decks.
        zone: the learner's zone, for the days of the schedule.
    """
    preparer = Preparer(settings, goal)
    moves: list[BroughtForward] = []
    reviews: Counter[date] = Counter()
    extra: Counter[date] = Counter()
    studied = below_without = below_with = 0
    total_without = total_with = 0.0
    for card in cards:
        state = card.state
        if not _studied(state):
            continue
        studied += 1
        _natural, recall_without = preparer.play(state, now=now, prepared=False)
        planned, recall_with = preparer.play(state, now=now, prepared=True)
        total_without += recall_without
        total_with += recall_with
        below_without += recall_without < goal.target
        below_with += recall_with < goal.target
        for moment, moved in planned:
            day = moment.astimezone(zone).date()
            reviews[day] += 1
            extra[day] += moved
        due = preparer.due(state, now=now)
        if due is not None and state.due is not None and due < state.due:
            moves.append(BroughtForward(card.card_id, state.due, due))
    days = tuple(PlannedDay(d, reviews[d], extra[d]) for d in sorted(reviews))
    return PreparePlan(
        goal=goal,
        moves=tuple(moves),
        days=days,
        studied=studied,
        below_without=below_without,
        below_with=below_with,
        recall_without=total_without / studied if studied else 0.0,
        recall_with=total_with / studied if studied else 0.0,
    )
