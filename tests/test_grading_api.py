"""The grading API as the rest of the app sees it: exports, empty answers, flashcards."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dlquiz.core import grading
from dlquiz.core.grading import grade
from dlquiz.core.model import (
    FlashKey,
    Grade,
    NumberKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
    Verdict,
)


def question(qtype: QuestionType, key: object, answer: str) -> Question:
    return Question(
        id="dl:q",
        deck="dl",
        type=qtype,
        prompt="?",
        key=key,  # type: ignore[arg-type]
        answer=answer,
    )


def test_public_api() -> None:
    assert set(grading.__all__) == {"MAX_ANSWER_CHARS", "grade", "normalize_text", "parse_number"}
    assert grading.parse_number("eighty-five percent") == 85.0
    assert grading.normalize_text("L\u00e9e Sedol") == "lee sedol"


@pytest.mark.parametrize("blank", ["", " ", "\n\t ", "\u00a0"])
def test_empty_answer_is_dont_know(blank: str) -> None:
    result = grade(question(QuestionType.TYPED, NumberKey(2012, is_year=True), "2012"), blank)
    assert result == Grade(Verdict.INCORRECT, 0.0, "2012", "Not answered. The answer is 2012.")


def test_flashcards_are_not_graded() -> None:
    card = question(QuestionType.FLASHCARD, FlashKey("AlexNet won in 2012."), "AlexNet")
    with pytest.raises(ValueError, match="rated by the learner"):
        grade(card, "anything")


def test_flash_key_on_another_type_is_refused() -> None:
    with pytest.raises(ValueError):
        grade(question(QuestionType.TYPED, FlashKey("back"), "back"), "back")


def test_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="cannot be graded"):
        grade(question(QuestionType.TYPED, "not a key", "x"), "x")


def test_cloze_is_graded_like_typed() -> None:
    cloze = question(QuestionType.CLOZE, TextKey(("Lee Sedol",)), "Lee Sedol")
    assert grade(cloze, "lee sedoll").verdict is Verdict.CORRECT


def test_grading_dispatches_on_the_key() -> None:
    tf = question(QuestionType.TRUE_FALSE, TrueFalseKey(False), "false")
    assert grade(tf, "no").correct


@pytest.mark.slow  # starts a process
def test_grading_imports_no_gui_or_database() -> None:
    code = (
        "import sys, dlquiz.core.grading; "
        "bad = [m for m in ('PySide6', 'sqlalchemy', 'torch') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
