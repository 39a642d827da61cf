"""Preparing for an exam: bring forward the cards that would fall below the target.

For each studied card, its schedule until the exam is played forward with
fsrs, assuming each review due before the exam is answered Good (the usual
answer).  If the card's recall at the exam would still be below the target,
one extra review is planned: its next review moves to the first day from now
on which a Good answer would hold recall at the exam at the target.
Cards never studied are left to the new-card queue.  Nothing changes until
the learner accepts the plan, having seen the extra reviews per day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

import fsrs

from dlquiz.core.readiness import ReadinessCard
from dlquiz.core.scheduling import (
    CardPhase,
    CardState,
    SchedulerSettings,
    fsrs_scheduler,
    to_fsrs_card,
)

_GOOD = fsrs.Rating.Good
DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class BroughtForward:
    """One card whose next review moves earlier."""

    card_id: int
    due_before: datetime | None
    due_after: datetime


@dataclass(frozen=True, slots=True)
class PreparePlan:
    """The extra reviews the exam needs, and how they fall on the days before it."""

    exam_at: datetime
    target: float
    moves: tuple[BroughtForward, ...]
    extra_per_day: tuple[tuple[date, int], ...]
    below_without: int  # studied cards below the target at the exam with no change
    unreachable: int  # cards no single review before the exam can lift to the target


def _studied(state: CardState) -> bool:
    return state.phase is not CardPhase.NEW and state.stability is not None


def plan_preparation(
    cards: Sequence[ReadinessCard],
    settings: SchedulerSettings,
    *,
    now: datetime,
    exam_at: datetime,
    target: float,
    zone: tzinfo,
) -> PreparePlan:
    """Which cards to bring forward, and to when, so recall at ``exam_at`` reaches ``target``."""
    scheduler = fsrs_scheduler(settings)
    review, recall = scheduler.review_card, scheduler.get_card_retrievability
    moves: list[BroughtForward] = []
    below = unreachable = 0
    for card in cards:
        if not _studied(card.state):
            continue
        played = to_fsrs_card(card.state, card_id=card.card_id, now=now)
        guard = 0
        while played.due < exam_at and guard < 50:  # the reviews already due before the exam
            played, _ = review(played, _GOOD, max(played.due, now))
            guard += 1
        if recall(played, exam_at) >= target:
            continue
        below += 1
        last = played.last_review or now
        when = _first_review_day(played, scheduler, exam_at, target, earliest=max(now, last))
        if when is None:
            unreachable += 1
            continue
        current = card.state.due
        if current is None or when < current:
            moves.append(BroughtForward(card.card_id, current, when))
    per_day = Counter(m.due_after.astimezone(zone).date() for m in moves)
    return PreparePlan(
        exam_at=exam_at,
        target=target,
        moves=tuple(moves),
        extra_per_day=tuple(sorted(per_day.items())),
        below_without=below,
        unreachable=unreachable,
    )


def _first_review_day(
    card: fsrs.Card,
    scheduler: fsrs.Scheduler,
    exam_at: datetime,
    target: float,
    *,
    earliest: datetime,
) -> datetime | None:
    """The first moment, in whole days from ``earliest``, a Good answer there holds to the exam.

    The earliest such day, not the last one before the exam: the extra
    reviews spread over the days left instead of piling up on the eve, and a
    longer gap to the exam means a larger gain in stability.
    """
    moment = earliest
    while moment < exam_at:
        after, _ = scheduler.review_card(card, _GOOD, moment)
        if scheduler.get_card_retrievability(after, exam_at) >= target:
            return moment
        moment += DAY
    return None
