"""What a desired retention costs: simulated reviews per day over the next year.

The learner's own cards are played forward with fsrs: each review falls on
its due day, is recalled with the probability the learner's parameters give
(rated Good, else Again, then relearned), and is rescheduled for the
retention being priced.  New cards start at the daily limit until none are
left.  Large collections are priced on an even sample of cards and scaled
up, which keeps the estimate to a second or two.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import fsrs

from dlquiz.core.scheduling import (
    CardPhase,
    CardState,
    SchedulerSettings,
    fsrs_scheduler,
    to_fsrs_card,
)

RETENTIONS = (0.80, 0.85, 0.90, 0.95)
SAMPLE = 1500  # cards simulated at most per retention (studied and new together)
_GOOD, _AGAIN = fsrs.Rating.Good, fsrs.Rating.Again


@dataclass(frozen=True, slots=True)
class Workload:
    """The simulated cost of one desired retention."""

    retention: float
    reviews_per_day: float  # every answer, learning steps included
    first_month_per_day: float
    recalled_share: float  # answers not rated Again


def simulate_workload(
    states: Sequence[CardState],
    settings: SchedulerSettings,
    *,
    now: datetime,
    new_per_day: int,
    retentions: Sequence[float] = RETENTIONS,
    days: int = 365,
    seed: int = 0,
) -> list[Workload]:
    """Reviews per day over ``days`` for each desired retention, with the learner's parameters.

    Args:
        states: every card's current state (new cards included).
        settings: scheduling settings with the learner's parameters.
        now: the start of the simulation (UTC).
        new_per_day: new cards started per day.
    """
    studied = [s for s in states if s.phase is not CardPhase.NEW and s.stability is not None]
    new = len(states) - len(studied)
    share = min(1.0, SAMPLE / len(states)) if states else 1.0
    stride = max(1, round(1 / share))
    picked = studied[::stride]
    new_picked = min(new, round(new * share))
    new_rate = new_per_day * share
    weights = (
        len(studied) / len(picked) if picked else 0.0,
        new / new_picked if new_picked else 0.0,
    )
    end = now + timedelta(days=days)
    month = now + timedelta(days=30)
    out = []
    for retention in retentions:
        rng = random.Random(seed)
        scheduler = fsrs_scheduler(replace(settings, desired_retention=retention))
        tally = [0.0, 0.0, 0]  # weighted answers, weighted answers in the first month, recalled
        answers = 0
        starts = [
            (to_fsrs_card(s, card_id=i + 1, now=now), max(s.due or now, now), weights[0])
            for i, s in enumerate(picked)
        ]
        for index in range(new_picked):
            if not new_rate:
                break
            begun = now + timedelta(days=int(index / new_rate))
            if begun < end:
                starts.append((fsrs.Card(card_id=10**9 + index, due=begun), begun, weights[1]))
        for card, first, weight in starts:
            for at, hit in _play(card, first, end, scheduler, rng):
                tally[0] += weight
                tally[1] += weight * (at < month)
                tally[2] += hit
                answers += 1
        out.append(
            Workload(
                retention=retention,
                reviews_per_day=tally[0] / days,
                first_month_per_day=tally[1] / min(30, days),
                recalled_share=tally[2] / answers if answers else 0.0,
            )
        )
    return out


def _play(
    card: fsrs.Card, first: datetime, end: datetime, scheduler: fsrs.Scheduler, rng: random.Random
) -> list[tuple[datetime, bool]]:
    """The answers one card gets until ``end``: (time, recalled)."""
    answers = []
    at = first
    while at < end:
        # A card's first answer starts its learning steps; later ones are recalled by chance.
        chance = 1.0 if card.last_review is None else scheduler.get_card_retrievability(card, at)
        hit = rng.random() < chance
        card, _ = scheduler.review_card(card, _GOOD if hit else _AGAIN, at)
        answers.append((at, hit))
        at = max(card.due, at + timedelta(minutes=1))
    return answers
