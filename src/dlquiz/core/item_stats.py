"""Question statistics for a class, as Moodle's quiz statistics define them.

Each attempt is a mapping from question id to the score it earned, a
fraction of the question's maximum (0 to 1).

- **Facility index**: the mean score of the attempts that had the question,
  as a fraction of its maximum: how easy the question was (1 = everyone got
  it right).
- **Discrimination index**: the Pearson correlation, over the same attempts,
  between the score on this question and the score on the rest of the test
  (the attempt's total without this question).  Near 1, the question tells
  strong attempts from weak ones; near 0 or below, it does not, which is a
  sign of a broken or misleading question.  It is undefined (None) with fewer
  than two attempts or when either side does not vary.

Plain Python, no dependencies: the teacher's report (``dlquiz hub report``)
calls it on the exam attempts read from the hub.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import sqrt


@dataclass(frozen=True, slots=True)
class ItemStats:
    """One question's figures over a class's attempts."""

    question_id: str
    attempts: int
    facility: float | None
    discrimination: float | None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The correlation coefficient of two equally long series; None when undefined."""
    if len(xs) != len(ys):
        raise ValueError("both series must be equally long")
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return max(-1.0, min(1.0, sxy / sqrt(sxx * syy)))


def item_statistics(attempts: Sequence[Mapping[str, float]]) -> dict[str, ItemStats]:
    """Facility and discrimination of every question that appears in ``attempts``.

    Raises:
        ValueError: a score outside 0..1.
    """
    for attempt in attempts:
        for question_id, score in attempt.items():
            if not 0.0 <= score <= 1.0:
                raise ValueError(f"score {score} of {question_id!r} is not between 0 and 1")
    totals = [sum(attempt.values()) for attempt in attempts]
    questions = sorted({q for attempt in attempts for q in attempt})
    out: dict[str, ItemStats] = {}
    for question_id in questions:
        item: list[float] = []
        rest: list[float] = []
        for attempt, total in zip(attempts, totals, strict=True):
            if question_id in attempt:
                item.append(attempt[question_id])
                rest.append(total - attempt[question_id])
        facility = sum(item) / len(item) if item else None
        out[question_id] = ItemStats(question_id, len(item), facility, pearson(item, rest))
    return out
