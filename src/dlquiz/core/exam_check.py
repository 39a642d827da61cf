"""After an exam: how the readiness prediction compares with what happened.

The prediction for each question is the recall FSRS gave its card at the
moment the exam began (from the reviews before it); the outcome is the
question's score (1 correct, 0 wrong or unanswered, partial credit between).
A learner who sees the predicted and the actual score side by side, and
the predicted recall of the questions they got right and wrong, can judge
whether to trust the model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """One question of the exam: predicted recall and the score it got."""

    question_id: str
    section: str
    predicted: float
    score: float


@dataclass(frozen=True, slots=True)
class ExamCheck:
    """The predicted against the actual result of one exam."""

    attempt_id: str
    questions: int
    predicted_score: float
    actual_score: float
    predicted_when_right: float | None  # mean predicted recall of questions answered right
    predicted_when_wrong: float | None
    log_loss: float | None  # of the predictions against right (score 1) or not
    items: tuple[AskedQuestion, ...]

    @property
    def gap(self) -> float:
        """Actual minus predicted score: above 0 the model was too gloomy."""
        return self.actual_score - self.predicted_score


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def check_exam(
    attempt_id: str,
    asked: Sequence[tuple[str, str, float]],
    predicted: Mapping[str, float],
) -> ExamCheck:
    """Compare ``predicted`` recall by question id with the exam's ``(id, section, score)``.

    A question without a prediction (no card) counts as predicted 0.
    """
    items = tuple(
        AskedQuestion(qid, section, predicted.get(qid, 0.0), score) for qid, section, score in asked
    )
    if not items:
        return ExamCheck(attempt_id, 0, 0.0, 0.0, None, None, None, ())
    right = [i.predicted for i in items if i.score >= 1.0]
    wrong = [i.predicted for i in items if i.score < 1.0]
    eps = 1e-6
    loss = -sum(
        math.log(min(max(i.predicted, eps), 1 - eps))
        if i.score >= 1.0
        else math.log(1 - min(max(i.predicted, eps), 1 - eps))
        for i in items
    ) / len(items)
    return ExamCheck(
        attempt_id=attempt_id,
        questions=len(items),
        predicted_score=sum(i.predicted for i in items) / len(items),
        actual_score=sum(i.score for i in items) / len(items),
        predicted_when_right=_mean(right),
        predicted_when_wrong=_mean(wrong),
        log_loss=loss,
        items=items,
    )
