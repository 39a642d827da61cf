"""FSRS-6's card update written out as one tight loop, for replaying whole logs.

``fsrs.Scheduler.review_card`` copies a card, builds a review log and goes
through several method calls per answer: about 36 µs, so a million reviews
took over half a minute.  Replay needs none of that.  This module does the
same arithmetic as fsrs 6.x, operation for operation and in the same order
on Python floats, so stability, difficulty, phase, step and due come out
bit for bit equal (``tests/test_replay_engine.py`` checks it against fsrs
on thousands of random histories and settings).  What it leaves out:

- fuzz: replay never fuzzes, so that a rebuild gives back what studying gave;
- the review log objects, and every due date but the last one, which is
  the only one a replay keeps.

Every setting dlquiz has (parameters, desired retention, learning and
relearning steps, maximum interval) is expressed here, so nothing falls back
to the fsrs loop.  fsrs remains the reference: live answers, the interval
previews and the tests go through ``fsrs.Scheduler`` itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from dlquiz.core.scheduling import CardPhase, SchedulerSettings

History = Sequence[tuple[int, datetime]]  # (rating 1-4, time), in time order

_LEARNING = int(CardPhase.LEARNING)
_REVIEW = int(CardPhase.REVIEW)
_RELEARNING = int(CardPhase.RELEARNING)
# fsrs's clamps.
_S_MIN = 0.001
_D_MIN = 1.0
_D_MAX = 10.0


class Replayed(NamedTuple):
    """A card's state after its history: what fsrs's ``Card`` holds, plus the counts.

    ``due`` and ``last_review`` are of the kind the history's times were
    (UTC-aware in, UTC-aware out; naive UTC in, naive out).
    """

    phase: int
    step: int | None
    stability: float
    difficulty: float
    due: datetime
    last_review: datetime
    reps: int
    lapses: int


class Scored(NamedTuple):
    """One review answered a whole day or more after the previous one, with its prediction."""

    position: int  # the review's index in the history
    elapsed_days: int
    retrievability: float  # FSRS's recall chance just before the answer


def _hard_delay(steps: tuple[timedelta, ...], step: int) -> timedelta:
    # fsrs's Hard on the first step: halfway to the second step, or 1.5 times a single one.
    if step == 0 and len(steps) == 1:
        return steps[0] * 1.5
    if step == 0:
        return (steps[0] + steps[1]) / 2.0
    return steps[step]


class _Move(NamedTuple):
    """Where one rating takes a card: its next place, the delay (None: a Review interval)."""

    to: int
    delay: timedelta | None
    lapse: bool


def _moves(
    learning: tuple[timedelta, ...], relearning: tuple[timedelta, ...]
) -> tuple[tuple[int | None, ...], list[_Move]]:
    """fsrs's phase and step rules as a table over places and ratings.

    A place is Review (0), a learning step (1..), a relearning step (after
    those), or last a new card, which fsrs treats as on the first learning
    step, or sends to Review when there are no learning steps.  Returns each
    place's fsrs step and the moves, indexed ``place * 5 + rating``.
    """
    places: list[tuple[int, int | None]] = [(_REVIEW, None)]
    places += [(_LEARNING, i) for i in range(len(learning))]
    places += [(_RELEARNING, i) for i in range(len(relearning))]
    place_of = {place: index for index, place in enumerate(places)}
    review = place_of[_REVIEW, None]
    moves: list[_Move] = []
    for phase, step in places:
        moves.append(_Move(-1, None, False))  # rating 0 does not exist
        for rating in (1, 2, 3, 4):
            if phase == _REVIEW:
                if rating == 1 and relearning:
                    moves.append(_Move(place_of[_RELEARNING, 0], relearning[0], True))
                else:
                    moves.append(_Move(review, None, rating == 1))
                continue
            assert step is not None
            steps = learning if phase == _LEARNING else relearning
            if rating == 1:
                moves.append(_Move(place_of[phase, 0], steps[0], False))
            elif rating == 2:
                moves.append(_Move(place_of[phase, step], _hard_delay(steps, step), False))
            elif rating == 3 and step + 1 < len(steps):
                moves.append(_Move(place_of[phase, step + 1], steps[step + 1], False))
            else:  # Good on the last step, or Easy: the card graduates
                moves.append(_Move(review, None, False))
    if learning:
        moves += moves[5:10]  # a new card is on the first learning step
    else:
        moves += [_Move(-1, None, False)] + [_Move(review, None, False)] * 4
    steps_of = tuple(step for _phase, step in places)
    return (*steps_of, 0), moves


class ReplayEngine:
    """Replays histories with one set of scheduling settings (validated once).

    Args:
        settings: parameters, desired retention, learning steps and maximum
            interval, as the app's settings give them.
    """

    def __init__(self, settings: SchedulerSettings) -> None:
        settings.validate()
        w = tuple(float(x) for x in settings.parameters)
        e = math.e
        self._decay = -w[20]
        self._factor: float = 0.9 ** (1 / self._decay) - 1
        # fsrs: interval = (S / FACTOR) * (retention ** (1 / DECAY) - 1), rounded, 1..maximum.
        self._interval_scale: float = (settings.desired_retention ** (1 / self._decay)) - 1
        self._maximum_interval = settings.maximum_interval_days
        ratings = (1, 2, 3, 4)
        # Tables indexed by the rating itself (index 0 is never used).
        self._initial_s = (0.0, *(max(w[r - 1], _S_MIN) for r in ratings))
        self._initial_d = (
            0.0,
            *(min(max(w[4] - (e ** (w[5] * (r - 1))) + 1, _D_MIN), _D_MAX) for r in ratings),
        )
        easy_initial = w[4] - (e ** (w[5] * (4 - 1))) + 1
        # fsrs multiplies by a Hard penalty and an Easy bonus that are 1 for the other ratings.
        self._tables = (
            (0.0, *(-(w[6] * (r - 3)) for r in ratings)),  # difficulty step
            (0.0, *((e ** (w[17] * (r - 3 + w[18]))) for r in ratings)),  # same-day gain
            (0.0, 1.0, w[15], 1.0, 1.0),
            (0.0, 1.0, 1.0, 1.0, w[16]),
        )
        # The parameters as the update uses them (signs folded in where fsrs negates).
        self._update = (
            w[7] * easy_initial,
            1 - w[7],
            e ** w[8],
            -w[9],
            w[10],
            w[11],
            -w[12],
            w[13],
            w[14],
            -w[19],
            e ** (w[17] * w[18]),
        )
        learning = tuple(timedelta(seconds=s) for s in settings.learning_steps_s)
        relearning = tuple(timedelta(seconds=s) for s in settings.relearning_steps_s)
        steps, moves = _moves(learning, relearning)
        self._steps = steps
        self._phases = tuple(
            _REVIEW if i == 0 else _LEARNING if i <= len(learning) else _RELEARNING
            for i in range(len(steps) - 1)
        ) + (_LEARNING,)
        # The table split in two flat tuples: the loop reads only where each answer goes.
        self._goto = tuple(m.to for m in moves)
        self._delays = tuple(m.delay for m in moves)
        self._new = len(steps) - 1  # the place of a card never answered
        self._place_of = {
            (phase, step): place
            for place, (phase, step) in enumerate(zip(self._phases, steps, strict=True))
            if place != self._new
        }

    def interval_days(self, stability: float) -> int:
        """The whole days fsrs schedules a Review card of ``stability`` for."""
        days = round((stability / self._factor) * self._interval_scale)
        return min(max(days, 1), self._maximum_interval)

    def recall_at(
        self, memories: Iterable[tuple[float, datetime]], moment: datetime
    ) -> list[float]:
        """fsrs's ``get_card_retrievability`` at ``moment`` for many cards at once.

        Args:
            memories: each card's ``(stability, last review)``.
            moment: when to predict recall (of the same kind as the times).
        """
        factor, decay = self._factor, self._decay
        return [
            (1 + factor * max(0, (moment - last).days) / stability) ** decay
            for stability, last in memories
        ]

    def recall(self, stability: float, last_review: datetime, moment: datetime) -> float:
        """fsrs's ``get_card_retrievability`` of one card at ``moment``."""
        elapsed = max(0, (moment - last_review).days)
        return float((1 + self._factor * elapsed / stability) ** self._decay)

    def replay(self, history: Iterable[tuple[int, datetime]]) -> Replayed:
        """The state after ``history`` (non-empty, in time order) from a new card.

        Raises:
            ValueError: the history is empty or holds a rating outside 1-4.
        """
        return self._run(history, None, None)

    def can_continue(self, state: Replayed) -> bool:
        """Whether :meth:`continue_from` can take ``state``.

        A card left on a learning step that the current settings no longer
        have is beyond this table; ``fsrs.Scheduler`` handles such a card.
        """
        return (state.phase, state.step) in self._place_of

    def continue_from(self, state: Replayed, history: Iterable[tuple[int, datetime]]) -> Replayed:
        """The state after answering ``history`` (non-empty, in order) from a studied card.

        Raises:
            ValueError: the history is empty, holds a rating outside 1-4, or
                ``state`` is on a step the settings lack (see :meth:`can_continue`).
        """
        if not self.can_continue(state):
            raise ValueError(f"no learning step {state.step} in phase {state.phase} here")
        return self._run(history, None, None, state)

    def scored(self, history: History, *, since: datetime | None = None) -> list[Scored]:
        """The reviews of ``history`` a day or more after the previous one, with predictions.

        Only reviews at or after ``since`` (when given) are returned; all of
        them still update the card.
        """
        out: list[Scored] = []
        if history:
            self._run(history, out, since)
        return out

    def _begin(
        self, pairs: Iterator[tuple[int, datetime]], start: Replayed | None
    ) -> tuple[float, float, datetime, int, int, int, int]:
        """Stability, difficulty, last review, place, last key, reps and lapses to go on from.

        From a new card this answers the first review (its own rules: the
        initial stability and difficulty); the key is -1 while none is answered.
        """
        if start is not None:
            place = self._place_of[start.phase, start.step]
            return (
                start.stability,
                start.difficulty,
                start.last_review,
                place,
                -1,
                start.reps,
                start.lapses,
            )
        first = next(pairs, None)
        if first is None:
            raise ValueError("an empty history has no replayed state; the card is new")
        rating, at = first
        if not 1 <= rating <= 4:
            raise _bad_rating(rating)
        key = self._new * 5 + rating
        return self._initial_s[rating], self._initial_d[rating], at, self._goto[key], key, 1, 0

    def _run(
        self,
        history: Iterable[tuple[int, datetime]],
        sink: list[Scored] | None,
        since: datetime | None,
        start: Replayed | None = None,
    ) -> Replayed:
        pairs = iter(history)
        # Locals: attribute look-ups would cost more than the arithmetic in this loop.
        target, keep, w8e, w9, w10, w11, w12, w13, w14, w19, forget_short = self._update
        delta_d, short_gain, hard_penalty, easy_bonus = self._tables
        e, decay, factor, goto = math.e, self._decay, self._factor, self._goto
        s, d, last, place, key, reps, lapses = self._begin(pairs, start)
        index = 0
        for index, (rating, at) in enumerate(pairs, 1):
            if not 1 <= rating <= 4:
                raise _bad_rating(rating)
            # Stability and difficulty: the same update in every phase.
            days = (at - last).days
            if days < 1:
                gain = short_gain[rating] * (s**w19)
                gain = 1.0 if rating > 1 and gain < 1.0 else gain
                s = s * gain
            else:
                recall = (1 + factor * days / s) ** decay
                if sink is not None and (since is None or at >= since):
                    sink.append(Scored(index, days, recall))
                if rating == 1:
                    long_term = (
                        w11 * (d**w12) * (((s + 1) ** w13) - 1) * (e ** ((1 - recall) * w14))
                    )
                    short_term = s / forget_short
                    s = short_term if short_term < long_term else long_term
                else:
                    growth = w8e * (11 - d) * (s**w9) * ((e ** ((1 - recall) * w10)) - 1)
                    s = s * (1 + growth * hard_penalty[rating] * easy_bonus[rating])
            s = _S_MIN if s < _S_MIN else s
            d = target + keep * (d + (10.0 - d) * delta_d[rating] / 9.0)
            d = _D_MIN if d < _D_MIN else _D_MAX if d > _D_MAX else d
            last = at
            # Phase and step; an Again in Review (place 0) is a lapse.
            key = place * 5 + rating
            lapses += key == 1
            place = goto[key]
        if key < 0:
            raise ValueError("no review to continue with")
        delay = self._delays[key]
        if delay is None:
            delay = timedelta(days=self.interval_days(s))
        return Replayed(
            self._phases[place], self._steps[place], s, d, last + delay, last, reps + index, lapses
        )


def _bad_rating(rating: int) -> ValueError:
    return ValueError(f"rating {rating} is not one of 1 (Again) to 4 (Easy)")
