"""What an exam result holds, and the history views built from results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from dlquiz.core.exam_outcome import Outcome


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One question as shown in the review after the exam.

    ``your_answer`` is readable (choice texts, not letters); ``raw_answer``
    is exactly what was typed.  ``number`` is the 1-based place in the exam.
    """

    number: int
    question_id: str
    question_type: str
    prompt: str
    your_answer: str
    raw_answer: str
    correct_answer: str
    outcome: Outcome
    score: float
    feedback: str
    explanation: str
    topic: str
    flagged: bool


@dataclass(frozen=True, slots=True)
class TopicScore:
    """The result for one chapter section."""

    topic: str
    questions: int
    correct: int
    points: float

    @property
    def share(self) -> float:
        """Points over the section's questions, 0..1."""
        return self.points / self.questions if self.questions else 0.0


@dataclass(frozen=True, slots=True)
class ExamResult:
    """The marked exam.

    Every graded question is worth one point; ``score`` is ``points`` over
    ``max_points``.  ``missing_ids`` lists questions of the attempt that
    could no longer be found (the deck changed before marking): they are
    left out of the score rather than counted wrong.
    """

    attempt_id: str
    started_at: datetime
    finished_at: datetime
    auto_submitted: bool
    time_limit_s: float
    time_used_s: float
    pass_mark: float
    points: float
    max_points: int
    passed: bool
    answered: int
    correct: int
    partial: int
    incorrect: int
    unanswered: int
    topics: tuple[TopicScore, ...]
    items: tuple[ReviewItem, ...]
    missing_ids: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        """The share of the points earned, 0..1."""
        return self.points / self.max_points if self.max_points else 0.0

    @property
    def questions(self) -> int:
        """How many questions were marked."""
        return self.max_points

    def item(self, question_id: str) -> ReviewItem:
        """The review item of one question."""
        for item in self.items:
            if item.question_id == question_id:
                return item
        raise KeyError(question_id)


class Scored(Protocol):
    """Anything with a start time and a score, e.g. an :class:`ExamResult`."""

    @property
    def started_at(self) -> datetime: ...

    @property
    def score(self) -> float: ...


def score_trend(results: Iterable[Scored]) -> list[float]:
    """Scores (0..1) from the oldest attempt to the newest, for the trend chart."""
    return [result.score for result in sorted(results, key=lambda r: r.started_at)]


def result_summary(result: ExamResult) -> dict[str, Any]:
    """One attempt as a JSON-safe record, as ``dlquiz exam history --json`` lists it."""
    return {
        "attempt_id": result.attempt_id,
        "started_at": result.started_at.isoformat(),
        "finished_at": result.finished_at.isoformat(),
        "score": round(result.score, 4),
        "points": round(result.points, 4),
        "passed": result.passed,
        "pass_mark": result.pass_mark,
        "questions": result.questions,
        "answered": result.answered,
        "correct": result.correct,
        "partial": result.partial,
        "unanswered": result.unanswered,
        "time_used_s": round(result.time_used_s, 3),
        "auto_submitted": result.auto_submitted,
    }
