"""Reporting a question as wrong or unclear: one operation for the window and the terminal.

A report suspends the card at once, so the learner is not asked the doubtful
question again until someone looks at it; Browse finds such cards under the
state "Reported", and ``dlquiz questions --reported --json`` lists the
reports for the deck's author.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from dlquiz.core.reports import NOTE_LIMIT, ProblemReport, ReportReason
from dlquiz.storage.collection import Collection
from dlquiz.storage.schema import CardRow, ReportRow


def report_problem(
    collection: Collection, *, card_id: int, reason: ReportReason, note: str, now: datetime
) -> ProblemReport:
    """Store a report on the card's question and suspend the card, in one transaction.

    Raises:
        KeyError: no such card.
    """
    with collection.session() as s:
        card = s.get(CardRow, card_id)
        if card is None:
            raise KeyError(f"card {card_id} is not in the collection")
        kept_note = " ".join(note.split())[:NOTE_LIMIT]
        s.add(
            ReportRow(
                question_id=card.question_id,
                deck_id=card.deck_id,
                reason=reason.value,
                note=kept_note,
                reported_at=now,
            )
        )
        card.suspended = True
        report = ProblemReport(card.question_id, card.deck_id, reason, kept_note, now)
    collection.mark_changed()
    return report


def is_reported() -> ColumnElement[bool]:
    """A condition on ``CardRow``: its question has at least one report."""
    return CardRow.question_id.in_(select(ReportRow.question_id))
