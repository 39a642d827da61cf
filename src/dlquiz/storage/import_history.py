"""Another program's review history stored as reviews of kind ``imported``.

Imported reviews are history, not answers given here: undo never takes them
back (it only knows this session's answers), and statistics count them like
any other.  Storing the same history again adds nothing: a card's imported
reviews are matched by their time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dlquiz.importers.result import ImportedReview
from dlquiz.storage.decks_store import _bulk_insert
from dlquiz.storage.schema import CardRow, ReviewRow

IMPORTED_KIND = "imported"
_CHUNK = 500  # SQLite limits the bound parameters of one statement


@dataclass(frozen=True, slots=True)
class HistoryStored:
    """What storing a history did: reviews added, and the cards they belong to."""

    reviews: int
    card_ids: tuple[int, ...]


def store_history(
    session: Session, history: Mapping[str, Sequence[ImportedReview]]
) -> HistoryStored:
    """Add the reviews of ``history`` (by question id) that are not stored yet.

    A card's first review, and the first after a reset in the other program,
    is marked ``was_new``: replaying starts the card's life there.
    """
    wanted = [qid for qid, reviews in history.items() if reviews]
    cards: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found = session.execute(
            select(CardRow.question_id, CardRow.id).where(CardRow.question_id.in_(chunk))
        )
        cards.update((str(qid), int(card_id)) for qid, card_id in found)
    ids = list(cards.values())
    seen: set[tuple[int, datetime]] = set()
    has_reviews: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        id_chunk = ids[start : start + _CHUNK]
        for card_id, moment, kind in session.execute(
            select(ReviewRow.card_id, ReviewRow.reviewed_at, ReviewRow.kind).where(
                ReviewRow.card_id.in_(id_chunk)
            )
        ):
            has_reviews.add(card_id)
            if kind == IMPORTED_KIND:
                seen.add((card_id, moment))
    rows = []
    touched: list[int] = []
    resets: dict[int, str] = {}  # card -> its last reset in the other program
    for qid, reviews in history.items():
        found_id = cards.get(qid)
        if found_id is None:
            continue
        card_id = found_id
        first = card_id not in has_reviews
        added = False
        for review in reviews:
            if (card_id, review.reviewed_at) in seen:
                continue
            # the text SQLAlchemy's DateTime keeps, written directly: a
            # history can hold hundreds of thousands of reviews
            stored_at = f"{review.reviewed_at.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"
            if review.starts_over and not first:
                resets[card_id] = max(stored_at, resets.get(card_id, ""))
            rows.append(
                {
                    "card_id": card_id,
                    "reviewed_at": stored_at,
                    "rating": review.rating,
                    "duration_ms": review.duration_ms,
                    "answer": "",
                    "verdict": "",
                    "score": 0.0,
                    "kind": IMPORTED_KIND,
                    "was_new": first or review.starts_over,
                    "state_before": "{}",
                }
            )
            first = False
            added = True
        if added:
            touched.append(card_id)
    if rows:
        _bulk_insert(session, ReviewRow.__tablename__, rows)
    if resets:
        # A reset is the card's own fact (migration 0010_sync): replay and sync read it.
        session.execute(
            text(
                "UPDATE cards SET reset_at = :at WHERE id = :id"
                " AND (reset_at IS NULL OR reset_at < :at)"
            ),
            [{"id": card_id, "at": at} for card_id, at in resets.items()],
        )
    return HistoryStored(reviews=len(rows), card_ids=tuple(touched))
