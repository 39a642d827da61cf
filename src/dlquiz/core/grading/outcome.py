"""What a judge returns, and the wording shared by the judges' feedback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dlquiz.core.model import Verdict

SCORE_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Outcome:
    """A judge's finding: the score in 0..1 and what to tell the learner."""

    score: float
    feedback: str


def verdict_for(score: float) -> Verdict:
    """Correct at full marks, incorrect at none, partial in between."""
    if score >= 1.0 - SCORE_EPSILON:
        return Verdict.CORRECT
    if score <= SCORE_EPSILON:
        return Verdict.INCORRECT
    return Verdict.PARTIAL


def clamp_score(score: float) -> float:
    """Keep ``score`` in 0..1 and snap values within rounding error of an end."""
    if score >= 1.0 - SCORE_EPSILON:
        return 1.0
    if score <= SCORE_EPSILON:
        return 0.0
    return score


def join_items(items: Iterable[str]) -> str:
    """ "a, b, c" for feedback lists."""
    return ", ".join(items)


def spelling_note(spellings: Iterable[str]) -> str:
    """ " (spelling: Lee Sedol)" when a typo was forgiven, else empty."""
    listed = list(dict.fromkeys(spellings))
    return f" (spelling: {join_items(listed)})" if listed else ""


def closing(text: str) -> str:
    """``text`` ending a sentence: adds a full stop unless it has one."""
    return text if text.endswith((".", "!", "?")) else text + "."
