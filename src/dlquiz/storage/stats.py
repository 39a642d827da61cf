"""Figures about the learner's progress, computed in SQL from the review log.

Undone reviews never count.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select

from dlquiz.storage.collection import Collection
from dlquiz.storage.schema import CardRow, DeckRow, ReviewRow

_PHASE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def _live_cards() -> Any:
    live_decks = select(DeckRow.id).where(DeckRow.deleted_at.is_(None))
    return (CardRow.retired.is_(False), CardRow.deck_id.in_(live_decks))


def collection_stats(collection: Collection, *, now: datetime) -> dict[str, Any]:
    """The figures behind ``dlquiz stats --json``."""
    since = now - timedelta(days=30)
    counted = ReviewRow.undone_at.is_(None)
    was_review = func.json_extract(ReviewRow.state_before, "$.phase") == 2
    with collection.session() as s:
        reviews_total = s.scalar(select(func.count()).where(counted).select_from(ReviewRow)) or 0
        by_phase = dict(
            s.execute(
                select(CardRow.phase, func.count()).where(*_live_cards()).group_by(CardRow.phase)
            ).all()
        )
        due_now = (
            s.scalar(
                select(func.count())
                .select_from(CardRow)
                .where(
                    *_live_cards(),
                    CardRow.suspended.is_(False),
                    CardRow.phase > 0,
                    CardRow.due <= now,
                )
            )
            or 0
        )
        recall = s.execute(
            select(func.count(), func.sum(case((ReviewRow.rating > 1, 1), else_=0))).where(
                counted, ReviewRow.reviewed_at >= since, was_review
            )
        ).one()
        time_ms = (
            s.scalar(
                select(func.sum(ReviewRow.duration_ms)).where(
                    counted, ReviewRow.reviewed_at >= since
                )
            )
            or 0
        )
        per_topic = s.execute(
            select(CardRow.topic, func.count(), func.sum(case((ReviewRow.rating > 1, 1), else_=0)))
            .join(CardRow, CardRow.id == ReviewRow.card_id)
            .where(counted, ReviewRow.reviewed_at >= since, was_review)
            .group_by(CardRow.topic)
        ).all()
    retention = None if not recall[0] else round((recall[1] or 0) / recall[0], 4)
    return {
        "reviews_total": reviews_total,
        "cards_total": sum(by_phase.values()),
        "cards_due_now": due_now,
        "cards_new": by_phase.get(0, 0),
        "retention_30d": retention,
        "cards_by_state": {name: by_phase.get(p, 0) for p, name in _PHASE_NAMES.items()},
        "retention_30d_by_topic": {
            topic: round((ok or 0) / n, 4) for topic, n, ok in per_topic if n
        },
        "time_spent_30d_s": round(time_ms / 1000, 1),
    }
