"""A learner's report that a question is wrong or unclear: the reasons and their labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

NOTE_LIMIT = 2000  # characters of the learner's note that are kept


class ReportReason(StrEnum):
    """Why a question is reported; the values are stored and printed as they are."""

    WRONG = "wrong"  # the answer key or a statement is wrong
    UNCLEAR = "unclear"  # the question can be read in more than one way


REASON_LABELS = {
    ReportReason.WRONG: "The answer or a statement is &wrong",
    ReportReason.UNCLEAR: "The question is &unclear",
}


@dataclass(frozen=True, slots=True)
class ProblemReport:
    """One report as a deck author reads it."""

    question_id: str
    deck_id: str
    reason: ReportReason
    note: str
    reported_at: datetime
    prompt: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "question": self.question_id,
            "deck": self.deck_id,
            "reason": self.reason.value,
            "note": self.note,
            "reported_at": self.reported_at.isoformat(),
            "prompt": self.prompt,
        }
