"""GIFT: every question type, escapes, categories, ids, tags, and errors with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.core.model import (
    ChoiceKey,
    MatchKey,
    NumberKey,
    QuestionType,
    TextKey,
    TrueFalseKey,
)
from dlquiz.core.problems import InputError
from dlquiz.importers import read_file

SAMPLE = r"""
// Deep learning basics
$CATEGORY: $course$/top/Deep Learning/ImageNet

::alexnet-year::In which year did AlexNet win ImageNet?{#2012}

::winner::Which network won ImageNet in 2012?{
  =AlexNet#Right: eight layers, trained on GPUs.
  ~VGG
  ~%25%LeNet
  ####AlexNet cut the error rate by about ten points.
}

AlexNet used ReLU activations.{TRUE#It did not?#Yes.}

// [id:relu-1] [tag:activation] [tag:alexnet]
Which activation replaced the sigmoid?{=ReLU =rectified linear unit =%50%rectifier}

AlexNet had {=eight =8} layers in all.

Pick the ingredients of the revolution:{
  ~%50%big data
  ~%50%GPU computing
  ~%-100%quantum chips
}

Match each network to its year:{
  =AlexNet -> 2012
  =ResNet -> 2015
  = -> 1998
}

The top-5 accuracy was about {#85:1}%.

Give a number between 1 and 5 {#1..5}

Write about Hinton. {}

Just a description with no braces.
"""


@pytest.fixture
def imported(tmp_path: Path):  # noqa: ANN201 - returns an ImportedDeck
    path = tmp_path / "basics.gift"
    path.write_text(SAMPLE, encoding="utf-8")
    return read_file(path)


def test_every_supported_type_is_read(imported) -> None:  # noqa: ANN001
    assert imported.format == "gift"
    assert imported.counts() == {
        "typed": 4,
        "multiple_choice": 2,
        "true_false": 1,
        "cloze": 1,
        "matching": 1,
    }
    assert {q.topic for q in imported.deck.questions} == {"Deep Learning::ImageNet"}


def test_numerical_keys(imported) -> None:  # noqa: ANN001
    year, *_ = imported.deck.questions
    assert year.key == NumberKey(value=2012.0, is_year=True)
    assert year.id.endswith(":t-alexnet-year")
    (accuracy,) = [q for q in imported.deck.questions if "top-5" in q.text_prompt]
    assert accuracy.key == NumberKey(value=85.0, tolerance=1.0)
    assert accuracy.text_prompt == "The top-5 accuracy was about _____%."
    (ranged,) = [q for q in imported.deck.questions if "between" in q.text_prompt]
    assert ranged.key == NumberKey(value=3.0, tolerance=2.0)


def test_multiple_choice_feedback_and_partial_credit(imported) -> None:  # noqa: ANN001
    winner = imported.deck.questions[1]
    assert winner.choices == ("AlexNet", "VGG", "LeNet")
    assert winner.key == ChoiceKey(correct=(0,))
    assert winner.explanation == "AlexNet cut the error rate by about ten points."
    assert any("partial credit on a single-answer question dropped" in n for n in imported.notices)
    (multi,) = [q for q in imported.deck.questions if q.text_prompt.startswith("Pick")]
    assert multi.key == ChoiceKey(correct=(0, 1), weights=(0.5, 0.5, -1.0))


def test_true_false_short_answer_ids_and_tags(imported) -> None:  # noqa: ANN001
    truth = imported.deck.questions[2]
    assert truth.key == TrueFalseKey(True)
    assert truth.explanation == "It did not?"
    relu = imported.deck.questions[3]
    assert relu.id.endswith(":id-relu-1")
    assert relu.tags == ("activation", "alexnet")
    assert relu.key == TextKey(
        accepted=("ReLU", "rectified linear unit"), partial=(("rectifier", 0.5),)
    )
    layers = imported.deck.questions[4]
    assert layers.type is QuestionType.CLOZE
    assert layers.text_prompt == "AlexNet had _____ layers in all."


def test_matching_keeps_the_extra_right_hand_side(imported) -> None:  # noqa: ANN001
    (match,) = [q for q in imported.deck.questions if q.type is QuestionType.MATCHING]
    assert match.choices == ("2012", "2015", "1998")
    assert match.key == MatchKey(lefts=("AlexNet", "ResNet"), pairs=(0, 1))


def test_essay_and_description_are_skipped_with_notices(imported) -> None:  # noqa: ANN001
    skipped = [n for n in imported.notices if "skipped" in n]
    assert any(":37: essay question skipped" in n for n in skipped)
    assert any(":39: description question skipped" in n for n in skipped)


def test_escapes_become_literal_characters(tmp_path: Path) -> None:
    path = tmp_path / "esc.gift"
    path.write_text(r"Which is 1\:2 \{ratio\}?{=a \= b ~c \~ d ~e \# f ~g\\h}", encoding="utf-8")
    (question,) = read_file(path).deck.questions
    assert question.text_prompt == "Which is 1:2 {ratio}?"
    assert question.choices == ("a = b", "c ~ d", "e # f", "g\\h")


def test_html_is_sanitised_and_images_without_files_reported(tmp_path: Path) -> None:
    path = tmp_path / "h.gift"
    path.write_text(
        '[html]<p onclick\\="x()">Look <img src\\="@@PLUGINFILE@@/a.png"> '
        "<script>bad()</script><b>here</b></p>{T}",
        encoding="utf-8",
    )
    imported = read_file(path)
    (question,) = imported.deck.questions
    assert question.prompt == "<p>Look  <b>here</b></p>"
    assert any("image a.png left out" in n for n in imported.notices)


def test_every_broken_question_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.gift"
    path.write_text(
        "Fine?{T}\n\nNever closed {=a ~b\n\n\n"
        "Two blocks {=a} and {=b}\n\nBad weight {~%abc%x =y}\n\nNo right {~a ~b}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        read_file(path)
    places = [(p.line, p.column) for p in error.value.problems]
    assert places == [(3, 14), (6, 21), (8, 13), (10, 10)]
    text = str(error.value)
    assert "bad.gift:3:14: the answer block opened here is never closed" in text
    assert "second answer block" in text
    assert "%abc% is not a number" in text
    assert "no correct answer" in text


def test_file_with_only_essays_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "essays.gift"
    path.write_text("Tell me about Hinton.{}\n\nAnd LeCun.{}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_file(path)
    assert str(error.value) == (
        "essays.gift: no importable question: 2 essay questions were skipped "
        "(dlquiz grades only questions with a definite answer)"
    )
