"""Answers written loosely, and what the learner is told about them.

The case tables (``tests/grading_cases/``) hold the verdicts; these tests hold
the feedback for the rules added with the learners' tables: a letter and a
text that disagree, number words said loosely or misspelt, a denied number,
a vague plural, figures that all fit, and a short true/false echo.
"""

from __future__ import annotations

import pytest

from dlquiz.core.grading import grade, parse_number
from dlquiz.core.grading.number_idioms import plain_numbers
from dlquiz.core.model import Bound, NumberKey, Verdict
from tests.test_grading_choices import choice as _choice
from tests.test_grading_choices import true_false
from tests.test_grading_numbers import typed as _typed

C, X = Verdict.CORRECT, Verdict.INCORRECT
NETWORKS = ("ResNet", "AlexNet", "GoogLeNet", "VGGNet")


def test_a_letter_and_a_text_that_disagree_are_wrong_and_the_feedback_names_both() -> None:
    result = grade(_choice(NETWORKS, 0), "b) ResNet")
    assert result.verdict is X
    assert result.feedback == (
        "Your letter b is AlexNet, but your text names a) ResNet: give one choice."
        " The answer is ResNet."
    )


@pytest.mark.parametrize("answer", ["a) ResNet", "(a) resnet", "a: ResNet", "a - ResNet"])
def test_a_letter_with_its_own_text_is_that_choice(answer: str) -> None:
    assert grade(_choice(NETWORKS, 0), answer).verdict is C


def test_a_letter_with_a_text_that_names_no_choice_keeps_the_letter() -> None:
    # A loose restatement of the choice is no second choice.
    assert grade(_choice(NETWORKS, 0), "a) the residual one").verdict is C
    assert grade(_choice(NETWORKS, 0), "b) the residual one").verdict is X


def test_a_value_after_the_wrong_letter_is_a_contradiction() -> None:
    years = ("2012", "2010", "2011", "2009")
    result = grade(_choice(years, 0), "c) 2012")
    assert result.verdict is X
    assert result.feedback.startswith("Your letter c is 2011, but your text names a) 2012")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a pair", 2),
        ("a pair of networks", 2),
        ("a couple", 2),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("eigth", 8),
        ("ninteen layers", 19),
        ("fourty", 40),
        ("1.2 milion", 1_200_000),
    ],
)
def test_loose_number_words_are_read(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["there", "eighth", "thirsty", "seventh", "millions", "the then team"]
)
def test_words_near_a_number_word_are_not_taken_for_one(text: str) -> None:
    assert plain_numbers(text).spellings == ()


def test_a_forgiven_number_word_is_spelt_in_the_feedback() -> None:
    layers = _typed(NumberKey(8, unit="layers"), "8 layers")
    assert grade(layers, "eigth layers").feedback == "Correct (spelling: eight)."
    images = _typed(NumberKey(1_200_000, unit="images", tolerance=100_000), "1.2 million images")
    assert grade(images, "1.2 milion").feedback == "Correct (spelling: million)."


def test_a_denied_number_only_rules_it_out() -> None:
    year = _typed(NumberKey(2012, is_year=True), "2012")
    result = grade(year, "not 2012")
    assert result.verdict is X
    assert result.feedback == "Incorrect: your answer only rules out 2012; the answer is 2012."
    assert grade(year, "not 2011 but 2012").verdict is C


def test_a_plural_magnitude_is_too_vague_for_a_count_but_clears_a_bound() -> None:
    categories = _typed(NumberKey(1000, unit="categories"), "1,000 categories")
    result = grade(categories, "thousands")
    assert result.verdict is X
    assert result.feedback == "Too vague: give a figure; the answer is 1,000 categories."
    deep = _typed(NumberKey(100, unit="layers", bound=Bound.AT_LEAST), "over 100 layers")
    assert grade(deep, "hundreds of layers").verdict is C


def test_figures_that_all_fit_an_approximate_key_agree() -> None:
    plateau = _typed(NumberKey(74, unit="%", tolerance=1), "74%")
    result = grade(plateau, "73-75%")
    assert result.verdict is C
    assert result.feedback == "Correct: every figure you gave fits 74%."
    assert grade(plateau, "70-80%").verdict is X


def test_the_figure_with_the_keys_unit_answers_beside_other_figures() -> None:
    accuracy = _typed(NumberKey(85, unit="%"), "85%")
    assert grade(accuracy, "85%, ten points ahead of the rest").verdict is C
    assert grade(accuracy, "85% or 86%").verdict is X  # a hedge stays a hedge
    games = _typed(NumberKey(5, unit="games"), "5 games")
    assert grade(games, "five games, winning four").verdict is C
    assert grade(games, "5 games, 4 games").verdict is X


def test_several_labelled_choices_are_several_picks() -> None:
    tricks = _choice(
        ("ReLU", "sigmoid", "dropout", "data augmentation"), 0, weights=(1 / 3, -1.0, 1 / 3, 1 / 3)
    )
    assert grade(tricks, "a) ReLU, c) dropout, d) data augmentation").verdict is C
    assert grade(tricks, "a, c, d").verdict is C
    assert grade(tricks, "a) ReLU, b) sigmoid").verdict is X


@pytest.mark.parametrize(
    ("value", "answer", "verdict"),
    [
        # a short answer echoed with a pronoun and a verb
        (True, "yes it did", C),
        (True, "yes, it was", C),
        (False, "no it wasn't", C),
        (False, "no it didn't", C),
        (True, "yes it didn't", X),  # says no verdict plainly
        (False, "no idea", X),
        # slips in the verdict, and words of certainty
        (False, "fasle", C),
        (True, "ture", C),
        (False, "probably false", C),
        (True, "definitely true", C),
        (True, "maybe true", X),  # a hedge
        (True, "true, false", X),  # both verdicts
        (True, "true, correct", C),
    ],
)
def test_true_false_written_loosely(value: bool, answer: str, verdict: Verdict) -> None:
    assert grade(true_false(value), answer).verdict is verdict
