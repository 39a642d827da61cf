"""Spaced-repetition rules on top of the ``fsrs`` package.

The storage layer keeps a :class:`CardState` per question; this module turns
a rating into the next state with FSRS, suggests a rating from a grade, and
knows where the learner's day begins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import Protocol

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS as _FSRS_DEFAULTS
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from dlquiz.core.model import QuestionType, Verdict

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(float(w) for w in _FSRS_DEFAULTS)
PARAMETER_BOUNDS: tuple[tuple[float, float], ...] = tuple(
    zip(LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
)


def check_parameters(parameters: tuple[float, ...]) -> None:
    """Raise ValueError unless ``parameters`` are 21 FSRS-6 weights within fsrs's bounds."""
    if len(parameters) != len(PARAMETER_BOUNDS):
        raise ValueError(f"FSRS needs {len(PARAMETER_BOUNDS)} parameters, not {len(parameters)}")
    for index, (value, (low, high)) in enumerate(zip(parameters, PARAMETER_BOUNDS, strict=True)):
        if not low <= value <= high:
            raise ValueError(f"FSRS parameter w{index} = {value} is outside [{low}, {high}]")


class Rating(IntEnum):
    """The four answers to "how well did you know it?", as in Anki and FSRS."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class CardPhase(IntEnum):
    """Where a card stands.  NEW is ours; the rest mirror ``fsrs.State``."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class CardState:
    """The scheduling state of one card; ``due`` is UTC-aware."""

    phase: CardPhase = CardPhase.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0


class StateFields(Protocol):
    """Anything holding a card state's fields: a database row, a replayed state."""

    @property
    def phase(self) -> int: ...
    @property
    def step(self) -> int | None: ...
    @property
    def stability(self) -> float | None: ...
    @property
    def difficulty(self) -> float | None: ...
    @property
    def due(self) -> datetime | None: ...
    @property
    def last_review(self) -> datetime | None: ...
    @property
    def reps(self) -> int: ...
    @property
    def lapses(self) -> int: ...


def state_from(source: StateFields) -> CardState:
    """The :class:`CardState` of a row or a replayed state with the same fields."""
    return CardState(
        phase=CardPhase(source.phase),
        step=source.step,
        stability=source.stability,
        difficulty=source.difficulty,
        due=source.due,
        last_review=source.last_review,
        reps=source.reps,
        lapses=source.lapses,
    )


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """The learner's scheduling choices (stored in the collection)."""

    desired_retention: float = 0.90
    learning_steps_s: tuple[int, ...] = (60, 600)
    relearning_steps_s: tuple[int, ...] = (600,)
    maximum_interval_days: int = 36500
    # The learner's fitted FSRS-6 weights, or FSRS's defaults until a fit is kept.
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS

    def validate(self) -> None:
        """Raise ValueError with a readable reason for settings FSRS cannot use."""
        check_parameters(self.parameters)
        if not 0.70 <= self.desired_retention <= 0.99:
            raise ValueError("desired retention must be between 0.70 and 0.99")
        if self.maximum_interval_days < 1:
            raise ValueError("the maximum interval must be at least one day")
        if any(s <= 0 for s in (*self.learning_steps_s, *self.relearning_steps_s)):
            raise ValueError("learning steps must be positive durations")


def fsrs_scheduler(settings: SchedulerSettings) -> fsrs.Scheduler:
    """The ``fsrs`` scheduler for ``settings``, without fuzz (see :class:`Scheduler`)."""
    return fsrs.Scheduler(
        parameters=settings.parameters,
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(seconds=s) for s in settings.learning_steps_s),
        relearning_steps=tuple(timedelta(seconds=s) for s in settings.relearning_steps_s),
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=False,
    )


class Scheduler:
    """FSRS-6 through the ``fsrs`` package, with our card state in and out.

    Fuzzing is off so that the interval shown on a rating button is exactly
    the interval the card gets.
    """

    def __init__(self, settings: SchedulerSettings | None = None) -> None:
        self.settings = settings or SchedulerSettings()
        self.settings.validate()
        self._fsrs = fsrs_scheduler(self.settings)

    def review(
        self, state: CardState, rating: Rating, *, now: datetime, card_id: int = 1
    ) -> CardState:
        """Return the state after answering with ``rating`` at ``now`` (UTC)."""
        card = to_fsrs_card(state, card_id=card_id, now=now)
        reviewed, _log = self._fsrs.review_card(card, fsrs.Rating(int(rating)), now.astimezone(UTC))
        lapsed = state.phase is CardPhase.REVIEW and rating is Rating.AGAIN
        return from_fsrs_card(
            reviewed, reps=state.reps + 1, lapses=state.lapses + (1 if lapsed else 0)
        )

    def preview(
        self, state: CardState, *, now: datetime, card_id: int = 1
    ) -> dict[Rating, timedelta]:
        """The interval each rating would give, for the rating buttons."""
        out: dict[Rating, timedelta] = {}
        for rating in Rating:
            after = self.review(state, rating, now=now, card_id=card_id)
            assert after.due is not None
            out[rating] = after.due - now
        return out

    def retrievability(self, state: CardState, *, now: datetime) -> float:
        """The predicted chance of recalling the card at ``now`` (0 for new cards)."""
        if state.phase is CardPhase.NEW:
            return 0.0
        card = to_fsrs_card(state, card_id=1, now=now)
        return float(self._fsrs.get_card_retrievability(card, now.astimezone(UTC)))


def to_fsrs_card(state: CardState, *, card_id: int, now: datetime) -> fsrs.Card:
    """The ``fsrs.Card`` for ``state``; a new card starts learning, due at ``now``."""
    # An explicit id matters: without one fsrs sleeps to make ids unique.
    if state.phase is CardPhase.NEW:
        return fsrs.Card(card_id=card_id, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=card_id,
        state=fsrs.State(int(state.phase)),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def from_fsrs_card(card: fsrs.Card, *, reps: int, lapses: int) -> CardState:
    """Our state for an ``fsrs.Card``, with the counters fsrs does not keep."""
    return CardState(
        phase=CardPhase(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=reps,
        lapses=lapses,
    )


# Answers this quick, when correct, count as effortless: the rating becomes Easy.
_FAST_MS = {
    QuestionType.TRUE_FALSE: 4_000,
    QuestionType.MULTIPLE_CHOICE: 6_000,
    QuestionType.TYPED: 8_000,
    QuestionType.CLOZE: 8_000,
    QuestionType.LIST: 15_000,
    QuestionType.ORDERING: 15_000,
    QuestionType.MATCHING: 15_000,
}


def suggest_rating(verdict: Verdict, *, qtype: QuestionType, duration_ms: int) -> Rating:
    """Map a graded answer to the rating the learner will probably choose.

    Incorrect is Again, partial is Hard, correct is Good, and correct within
    the type's quick-answer time is Easy.
    """
    if verdict is Verdict.INCORRECT:
        return Rating.AGAIN
    if verdict is Verdict.PARTIAL:
        return Rating.HARD
    fast = _FAST_MS.get(qtype)
    if fast is not None and 0 < duration_ms <= fast:
        return Rating.EASY
    return Rating.GOOD


def day_start(now: datetime, *, zone: tzinfo, hour: int) -> datetime:
    """The UTC instant the learner's current study day began.

    The day rolls over at ``hour`` local time (04:00 by default, like Anki), so
    a late-night session still counts towards the evening's day.
    """
    if not 0 <= hour <= 23:
        raise ValueError("the day start hour must be between 0 and 23")
    local = now.astimezone(zone)
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def format_interval(delta: timedelta) -> str:
    """A short human interval for rating buttons: "1m", "10m", "3h", "4d", "2mo", "1.5y"."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}".rstrip("0").rstrip(".") + "mo"
    return f"{days / 365:.1f}".rstrip("0").rstrip(".") + "y"
