"""What the card browser can do to cards: suspend, reset, study now, and show history.

Each function is one unit of work, committed before it returns.  The review
log is never rewritten: a reset card keeps its history.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from dlquiz.core.ids import CardId
from dlquiz.core.scheduling import CardPhase
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from dlquiz.storage.schema import CardRow, ReviewRow
from dlquiz.storage.study import StudyCard, state_of


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One answer in a card's history.

    ``interval`` is how long the answer scheduled the card for: from the
    answer to the due time it set (None for undone answers and when the card
    was reset before it was answered again).
    """

    review_id: int
    reviewed_at: datetime
    kind: str  # study | exam | manual
    rating: int
    verdict: str
    score: float
    duration_ms: int
    answer: str
    undone_at: datetime | None
    interval: timedelta | None

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


def set_suspended(collection: Collection, card_ids: Sequence[CardId], *, suspended: bool) -> int:
    """Suspend (or unsuspend) the cards; returns how many changed."""
    if not card_ids:
        return 0
    with collection.session() as s:
        result = s.execute(
            update(CardRow)
            .where(CardRow.id.in_(list(card_ids)), CardRow.suspended.is_not(suspended))
            .values(suspended=suspended)
        )
        changed = int(getattr(result, "rowcount", 0) or 0)
    if changed:
        collection.mark_changed()
    return changed


def reset_progress(
    collection: Collection, card_ids: Sequence[CardId], *, reset_counts: bool = False
) -> int:
    """Make the cards new again, in their original place in the new queue.

    Their review history stays; with ``reset_counts`` the review and lapse
    counters start again from zero too (as Anki's "Forget" offers).
    """
    if not card_ids:
        return 0
    values: dict[str, object] = {
        "phase": 0,
        "step": None,
        "stability": None,
        "difficulty": None,
        "due": None,
        "last_review": None,
        # Replay and sync read this: reviews until now no longer count (a "reset" event).
        "reset_at": collection.clock.now(),
    }
    if reset_counts:
        values.update(reps=0, lapses=0)
    with collection.session() as s:
        result = s.execute(update(CardRow).where(CardRow.id.in_(list(card_ids))).values(**values))
        changed = int(getattr(result, "rowcount", 0) or 0)
    if changed:
        collection.mark_changed()
    return changed


def make_due_now(collection: Collection, card_id: CardId) -> bool:
    """Unsuspend the card and put it first in line: due now, or first of the new cards.

    Returns False when there is no such card.
    """
    now = collection.clock.now()
    with collection.session() as s:
        row = s.get(CardRow, card_id)
        if row is None:
            return False
        row.suspended = False
        if row.phase == 0:
            first = s.scalar(select(func.min(CardRow.new_rank))) or 0
            row.new_rank = min(row.new_rank, first - 1)
        else:
            row.due = now
    collection.mark_changed()
    return True


def study_card(bank: QuestionBank, card_id: CardId) -> StudyCard | None:
    """The card ready to be asked, or None when it or its question is gone."""
    with bank.collection.session() as s:
        row = s.get(CardRow, card_id)
        if row is None:
            return None
        question_id, state = row.question_id, state_of(row)
    question = bank.get(question_id)
    if question is None:
        return None
    return StudyCard(card_id, bank.asked(question, new=state.phase is CardPhase.NEW), state)


def card_history(collection: Collection, card_id: CardId) -> list[HistoryEntry]:
    """Every answer given to the card, oldest first, undone ones included and marked."""
    with collection.session() as s:
        reviews = list(
            s.scalars(
                select(ReviewRow)
                .where(ReviewRow.card_id == card_id)
                .order_by(ReviewRow.reviewed_at, ReviewRow.id)
            )
        )
        card = s.get(CardRow, card_id)
        current_due = None if card is None or card.phase == 0 else card.due
    counted = [r for r in reviews if r.undone_at is None]
    # The state an answer left is the state the next counted answer started from.
    due_after: dict[int, datetime | None] = {}
    for review, following in zip(counted, counted[1:], strict=False):
        due_after[review.id] = _due_in(following.state_before)
    if counted:
        due_after[counted[-1].id] = current_due
    out = []
    for r in reviews:
        due = due_after.get(r.id)
        out.append(
            HistoryEntry(
                review_id=r.id,
                reviewed_at=r.reviewed_at,
                kind=r.kind,
                rating=r.rating,
                verdict=r.verdict,
                score=r.score,
                duration_ms=r.duration_ms,
                answer=r.answer,
                undone_at=r.undone_at,
                interval=None if due is None else max(timedelta(0), due - r.reviewed_at),
            )
        )
    return out


def _due_in(state_json: str) -> datetime | None:
    try:
        data = json.loads(state_json)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("phase") == 0 or not data.get("due"):
        return None
    return datetime.fromisoformat(str(data["due"]))
