"""A simulated learner whose memory follows given FSRS parameters.

Each day the learner answers every card that is due and starts some new
ones; an answer is recalled with the probability FSRS gives for the card's
true memory (the ``truth`` parameters), and rated Again otherwise.  The
cards are scheduled with the ``schedule`` settings, as dlquiz would.

Used to estimate the workload a desired retention costs, and by tests and
benchmarks that need a review log with a known answer.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import fsrs

from dlquiz.core.scheduling import SchedulerSettings, fsrs_scheduler

DAY = timedelta(days=1)
# Among recalled answers: Hard, Good, Easy; and the first answer of a new card.
_RECALLED = ((2, 3, 4), (15, 75, 10))
_FIRST = ((1, 2, 3, 4), (20, 15, 55, 10))


@dataclass(frozen=True, slots=True)
class SimulatedDay:
    """One simulated day: reviews of cards seen before, and cards started."""

    reviews: int
    new: int


def simulate(
    *,
    truth: Sequence[float],
    schedule: SchedulerSettings,
    cards: int,
    days: int,
    new_per_day: int,
    start: datetime,
    seed: int = 0,
    limit: datetime | None = None,
) -> tuple[list[tuple[int, list[tuple[int, datetime]]]], list[SimulatedDay]]:
    """Simulate ``days`` of study of ``cards`` cards from ``start`` (UTC).

    Returns each card's history ``(card_id, [(rating, time), ...])`` (cards
    never started are left out) and the per-day counts.  ``limit`` stops the
    log early, as if the learner stopped at that time.
    """
    rng = random.Random(seed)
    learner = _Learner(schedule, truth)
    next_new = 1
    per_day: list[SimulatedDay] = []
    end = start + days * DAY if limit is None else min(limit, start + days * DAY)
    day_start = start
    while day_start < end:
        day_end = day_start + DAY
        reviews = started = 0
        while learner.due and learner.due[0][0] < day_end:
            when, card_id = heapq.heappop(learner.due)
            at = max(when, day_start) + timedelta(minutes=rng.randrange(0, 600))
            if at >= end:
                heapq.heappush(learner.due, (when, card_id))
                break
            recalled = rng.random() < learner.recall(card_id, at)
            learner.answer(card_id, rng.choices(*_RECALLED)[0] if recalled else 1, at)
            reviews += 1
        while started < new_per_day and next_new <= cards:
            at = day_start + timedelta(minutes=rng.randrange(0, 600))
            if at >= end:
                break
            learner.start(next_new, at)
            learner.answer(next_new, rng.choices(*_FIRST)[0], at)
            next_new += 1
            started += 1
        per_day.append(SimulatedDay(reviews=reviews, new=started))
        day_start = day_end
    return sorted(learner.histories.items()), per_day


class _Learner:
    """The cards as dlquiz schedules them and as the learner truly remembers them."""

    def __init__(self, schedule: SchedulerSettings, truth: Sequence[float]) -> None:
        self.planner = fsrs_scheduler(schedule)
        self.memory = fsrs_scheduler(replace(schedule, parameters=tuple(truth)))
        self.planned: dict[int, fsrs.Card] = {}
        self.remembered: dict[int, fsrs.Card] = {}
        self.histories: dict[int, list[tuple[int, datetime]]] = {}
        self.due: list[tuple[datetime, int]] = []  # a heap of (due, card id)

    def start(self, card_id: int, at: datetime) -> None:
        self.planned[card_id] = fsrs.Card(card_id=card_id, due=at)
        self.remembered[card_id] = fsrs.Card(card_id=card_id, due=at)
        self.histories[card_id] = []

    def recall(self, card_id: int, at: datetime) -> float:
        return float(self.memory.get_card_retrievability(self.remembered[card_id], at))

    def answer(self, card_id: int, rating: int, at: datetime) -> None:
        answer = fsrs.Rating(rating)
        self.planned[card_id], _ = self.planner.review_card(self.planned[card_id], answer, at)
        self.remembered[card_id], _ = self.memory.review_card(self.remembered[card_id], answer, at)
        self.histories[card_id].append((rating, at))
        heapq.heappush(self.due, (self.planned[card_id].due, card_id))
