"""Exam question numbers read as question numbers, in the terminal and the window alike."""

from __future__ import annotations

import pytest

from dlquiz.core.labels import question_numbers


@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ([], "none"),
        (["3"], "question 3"),
        (["2", "5"], "questions 2, 5"),
        (["1", "2", "3", "10"], "questions 1, 2, 3, 10"),
    ],
)
def test_question_numbers(numbers: list[str], text: str) -> None:
    assert question_numbers(numbers) == text
