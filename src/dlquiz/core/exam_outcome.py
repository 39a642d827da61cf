"""How one exam question went, apart from the exam package.

The labels every front end shows (``core.labels``) name these outcomes; the
study window loads those labels before its first paint, without the exam
rules and the grader that ``dlquiz.core.exam`` brings in.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """How one exam question went; the grader's verdict, or unanswered."""

    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    UNANSWERED = "unanswered"
