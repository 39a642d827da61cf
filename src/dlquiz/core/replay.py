"""A card's FSRS state as a pure function of its review history.

The review log is the record of truth; a card's stored stability, difficulty
and due date are a cache of replaying that log through FSRS with the
learner's parameters.  Importing someone's history and changing the
parameters both rebuild cards this way (see ``dlquiz.storage.rebuild``).

The update itself is ``core.replay_engine``: fsrs's FSRS-6 arithmetic in
one loop, bit for bit what ``fsrs.Scheduler.review_card`` gives (a property
test holds the two equal), about fifty times faster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from dlquiz.core.replay_engine import ReplayEngine
from dlquiz.core.scheduling import CardState, Rating, SchedulerSettings, state_from


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
    """Replays many cards with one set of settings (validated once, not per card).

    Args:
        settings: the parameters, desired retention, learning steps and
            maximum interval, as the app's settings give them.
    """

    def __init__(self, settings: SchedulerSettings) -> None:
        self.settings = settings
        self._engine = ReplayEngine(settings)

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

        The caller vouches for the order and for UTC-aware times.  ``card_id``
        is kept for callers that name the card; the state does not depend on it.
        """
        del card_id
        if not history:
            return CardState()
        return state_from(self._engine.replay(history))

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
        card_id: the card's id (kept for callers; the state does not depend on it).

    Returns:
        The state FSRS gives after those answers: phase, step, stability,
        difficulty, due, last review, reps and lapses.
    """
    return Replayer(settings).replay(history, card_id=card_id)
