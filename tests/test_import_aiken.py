"""Aiken: good questions, and every error Moodle reports, with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.model import ChoiceKey, QuestionType
from dlquiz.core.problems import InputError
from dlquiz.importers import read_file


def test_questions_are_read(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_text(
        "Which network won ImageNet in 2012?\nA) VGG\nB) AlexNet\nC. ResNet\nANSWER: B\n\n"
        "Who trained it on GPUs & <b>why</b>?\nA)Krizhevsky\nB)LeCun\nANSWER: A",
        encoding="utf-8",
    )
    imported = read_file(path)
    assert imported.format == "aiken"
    first, second = imported.deck.questions
    assert first.type is QuestionType.MULTIPLE_CHOICE
    assert first.choices == ("VGG", "AlexNet", "ResNet")
    assert first.key == ChoiceKey(correct=(1,))
    assert first.answer == "AlexNet"
    assert second.choices == ("Krizhevsky", "LeCun")  # no space after ")" is fine
    assert second.text_prompt == "Who trained it on GPUs & <b>why</b>?"  # plain text, not HTML
    assert second.prompt == "Who trained it on GPUs &amp; &lt;b&gt;why&lt;/b&gt;?"


def test_every_error_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "errors.txt"
    path.write_text(
        "Too few options\nA) Only one\nANSWER: A\n\n"
        "A) Option before any question\n\n"
        "ANSWER: A\n\n"
        "Unfinished question\nA) one\nB) two\n\n"
        "Next question\nA) x\nB) y\nANSWER: Z\n\n"
        "Last one\nA) p\nB) q\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        read_file(path)
    problems = error.value.problems
    assert [p.line for p in problems] == [3, 5, 7, 13, 16, 18]
    messages = [p.message for p in problems]
    assert "at least 2" in messages[0]
    assert "question not started" in messages[1]
    assert "question not started" in messages[2]
    assert "question not completed before the next question starts" in messages[3]
    assert "'ANSWER: Z' names no option" in messages[4]
    assert "file ends before its 'ANSWER:' line" in messages[5]
