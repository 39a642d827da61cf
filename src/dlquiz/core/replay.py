"""A card's FSRS state as a pure function of its review history.

The review log is the record of truth; a card's stored stability, difficulty
and due date are a cache of replaying that log through FSRS with the
learner's parameters.  Importing someone's history and changing the
parameters both rebuild cards this way (see ``dlquiz.storage.rebuild``).

Every step goes through ``fsrs.Scheduler.review_card``: nothing of FSRS
itself is written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import fsrs

from dlquiz.core.scheduling import (
    CardState,
    Rating,
    SchedulerSettings,
    from_fsrs_card,
    fsrs_scheduler,
)

_FSRS_RATINGS = {int(r): fsrs.Rating(int(r)) for r in Rating}
_REVIEW = fsrs.State.Review
_AGAIN = fsrs.Rating.Again


@dataclass(frozen=True, slots=True)
class PastReview:
    """One answer from the log: the rating given and when (UTC-aware).

    Undone answers are not past reviews; leave them out.
    """

    rating: Rating
    reviewed_at: datetime


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"review time {moment.isoformat()} has no time zone; pass UTC")
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


class Replayer:
    """Replays many cards with one FSRS scheduler (building one validates 21 weights).

    Args:
        settings: the parameters, desired retention, learning steps and
            maximum interval, as the app's settings give them.
    """

    def __init__(self, settings: SchedulerSettings) -> None:
        settings.validate()
        self.settings = settings
        self._fsrs = fsrs_scheduler(settings)

    def replay(self, history: Iterable[PastReview], *, card_id: int = 1) -> CardState:
        """The state after answering ``history`` in time order, from a new card.

        Reviews are sorted by time first (stable, so equal times keep the
        given order).  An empty history gives a new card.  ``reps`` counts
        the reviews and ``lapses`` the Again answers given in the Review phase.

        Raises:
            ValueError: a review time is naive.
        """
        ordered = sorted(history, key=lambda r: _utc(r.reviewed_at))
        return self.replay_sorted(
            [(int(r.rating), _utc(r.reviewed_at)) for r in ordered], card_id=card_id
        )

    def replay_sorted(self, history: Sequence[tuple[int, datetime]], *, card_id: int) -> CardState:
        """The fast path for bulk rebuilds: ``(rating, UTC time)`` pairs already in order.

        The caller vouches for the order and for UTC (``datetime.UTC``) times;
        fsrs itself still refuses a non-UTC time.
        """
        if not history:
            return CardState()
        review_card = self._fsrs.review_card
        ratings = _FSRS_RATINGS
        first_at = history[0][1]
        card = fsrs.Card(card_id=card_id, state=fsrs.State.Learning, step=0, due=first_at)
        lapses = 0
        for rating, at in history:
            answer = ratings[rating]
            if answer is _AGAIN and card.state is _REVIEW:
                lapses += 1
            card, _log = review_card(card, answer, at)
        return from_fsrs_card(card, reps=len(history), lapses=lapses)

    def replay_many(
        self, histories: Iterable[tuple[int, Sequence[tuple[int, datetime]]]]
    ) -> Iterator[tuple[int, CardState]]:
        """``(card_id, state)`` for each ``(card_id, sorted history)``, lazily."""
        for card_id, history in histories:
            yield card_id, self.replay_sorted(history, card_id=card_id)


def replay(
    history: Iterable[PastReview], settings: SchedulerSettings, *, card_id: int = 1
) -> CardState:
    """A card's FSRS state from its review history and the scheduling settings.

    Args:
        history: the card's answers (undone ones left out), in any order.
        settings: parameters, desired retention and learning steps in use.
        card_id: passed to fsrs (an explicit id keeps fsrs from sleeping).

    Returns:
        The state FSRS gives after those answers: phase, step, stability,
        difficulty, due, last review, reps and lapses.
    """
    return Replayer(settings).replay(history, card_id=card_id)
