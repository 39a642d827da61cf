"""The grading table: several hundred learner answers to the chapter, each with its reason.

Every case is ``[question, answer, verdict, why]`` in ``tests/grading_cases/``
(C correct, P partial, X incorrect).  The cases were written as a careful
teacher would mark them, from the chapter, before the grader was run on them:
right answers phrased differently, partial answers, and answers that are
wrong but close.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from dlquiz.chapter import chapter
from dlquiz.core.grading import grade
from dlquiz.core.model import Question, Verdict

CASES_DIR = Path(__file__).parent / "grading_cases"
VERDICTS = {"C": Verdict.CORRECT, "P": Verdict.PARTIAL, "X": Verdict.INCORRECT}
DECK = "deep-learning-revolution"


def load_cases() -> list[tuple[str, str, str, str]]:
    """Every case of every table file, in file order."""
    cases: list[tuple[str, str, str, str]] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for question, answer, verdict, why in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append((f"{DECK}:{question}", str(answer), str(verdict), str(why)))
    return cases


@cache
def _questions() -> dict[str, Question]:
    return {question.id: question for question in chapter()[1]}


CASES = load_cases()


def test_the_table_is_large_and_every_case_has_a_reason() -> None:
    assert len(CASES) >= 600
    assert all(why.strip() for *_, why in CASES)
    assert {verdict for _, _, verdict, _ in CASES} == set(VERDICTS)


@pytest.mark.parametrize(
    ("question_id", "answer", "verdict", "why"),
    CASES,
    ids=[f"{q.split(':', 1)[1]}|{a[:40]}" for q, a, _, _ in CASES],
)
def test_a_teacher_would_sign_the_verdict(
    question_id: str, answer: str, verdict: str, why: str
) -> None:
    question = _questions()[question_id]
    result = grade(question, answer)
    assert result.verdict is VERDICTS[verdict], (why, result.feedback)
