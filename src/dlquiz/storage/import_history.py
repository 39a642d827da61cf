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
from dlquiz.storage.schema import CardRow, ReviewRow
from dlquiz.storage.sync_content import events_made_at_sync

IMPORTED_KIND = "imported"
# Straight to the driver: a history can hold hundreds of thousands of reviews.
_INSERT = (
    "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, was_new, answer, verdict,"
    f" score, kind, state_before) VALUES (?, ?, ?, ?, ?, '', '', 0.0, '{IMPORTED_KIND}', '{{}}')"
)
_CHUNK = 500  # SQLite limits the bound parameters of one statement


def _stored_text(moment: datetime) -> str:
    """The text SQLAlchemy's DateTime keeps for a UTC time (``stored_time.to_stored``).

    ``isoformat`` is a third of ``strftime``'s cost; a test checks they agree.
    """
    return moment.astimezone(UTC).isoformat(" ", "microseconds")[:26]


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
    rows: list[tuple[object, ...]] = []
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
            stored_at = _stored_text(review.reviewed_at)
            if review.starts_over and not first:
                resets[card_id] = max(stored_at, resets.get(card_id, ""))
            rows.append(
                (
                    card_id,
                    stored_at,
                    review.rating,
                    review.duration_ms,
                    first or review.starts_over,
                )
            )
            first = False
            added = True
        if added:
            touched.append(card_id)
    if rows:
        # No event per review here: the next sync gives them theirs (they have no uid yet).
        with events_made_at_sync(session):
            cursor = session.connection().connection.cursor()
            try:
                cursor.executemany(_INSERT, rows)
            finally:
                cursor.close()
    _store_resets(session, resets)
    return HistoryStored(reviews=len(rows), card_ids=tuple(touched))


def _store_resets(session: Session, resets: Mapping[int, str]) -> None:
    """The other program's resets as the cards' own (migration 0010_sync): replay and sync
    read them, and the reset events travel."""
    if resets:
        session.execute(
            text(
                "UPDATE cards SET reset_at = :at WHERE id = :id"
                " AND (reset_at IS NULL OR reset_at < :at)"
            ),
            [{"id": card_id, "at": at} for card_id, at in resets.items()],
        )
