"""Numeric answers: read as numbers in any common form, never compared as text."""

from __future__ import annotations

import pytest

from dlquiz.core.grading import grade, parse_number
from dlquiz.core.grading.numbers import Qualifier, read_numbers
from dlquiz.core.grading.numeric import format_number
from dlquiz.core.model import Bound, NumberKey, Question, QuestionType, Verdict

C, P, X = Verdict.CORRECT, Verdict.PARTIAL, Verdict.INCORRECT


def typed(key: NumberKey, answer: str) -> Question:
    return Question(
        id="dl:fact", deck="dl", type=QuestionType.TYPED, prompt="?", key=key, answer=answer
    )


# Keys for the chapter's numeric facts.
ALEXNET_YEAR = typed(NumberKey(2012, is_year=True), "2012")
ALEXNET_TOP5 = typed(NumberKey(85, unit="%"), "85%")
BEST_2011 = typed(NumberKey(74, unit="%"), "74%")
MARGIN = typed(NumberKey(10, unit="percentage points"), "10 percentage points")
ALEXNET_LAYERS = typed(NumberKey(8, unit="layers"), "8 layers")
CATEGORIES = typed(NumberKey(1000, unit="categories"), "1,000 categories")
IMAGES = typed(NumberKey(1_200_000, unit="images"), "1.2 million images")
GOOGLENET_LAYERS = typed(NumberKey(22, unit="layers"), "22 layers")
VGG_LAYERS = typed(NumberKey(19, unit="layers"), "19 layers")
RESNET_LAYERS = typed(NumberKey(100, unit="layers", bound=Bound.AT_LEAST), "over 100 layers")
BACKPROP = typed(NumberKey(1980, tolerance=9, is_year=True), "the 1980s")
CHESS = typed(NumberKey(1997, is_year=True), "1997")
MATCH_GAMES = typed(NumberKey(5, unit="games"), "five games")
AROUND_1985 = typed(NumberKey(1985, tolerance=5, is_year=True), "1985 (give or take 5 years)")

NUMBER_CASES = [
    # the number itself, in every common form
    (ALEXNET_YEAR, "2012", C),
    (ALEXNET_YEAR, "in 2012", C),
    (ALEXNET_YEAR, "around 2012", C),
    (ALEXNET_YEAR, "2012.", C),
    (ALEXNET_YEAR, " 2012 ", C),
    (ALEXNET_YEAR, "twenty twelve", C),
    (ALEXNET_YEAR, "two thousand and twelve", C),
    (ALEXNET_YEAR, "two thousand twelve", C),
    (ALEXNET_TOP5, "85", C),
    (ALEXNET_TOP5, "85%", C),
    (ALEXNET_TOP5, "85 %", C),
    (ALEXNET_TOP5, "85 percent", C),
    (ALEXNET_TOP5, "85 per cent", C),
    (ALEXNET_TOP5, "85.0", C),
    (ALEXNET_TOP5, "eighty-five", C),
    (ALEXNET_TOP5, "eighty five", C),
    (ALEXNET_TOP5, "Eighty-Five percent", C),
    (ALEXNET_TOP5, "about 85% top-5 accuracy", C),
    (BEST_2011, "around 74%", C),
    (MARGIN, "10 percentage points", C),
    (MARGIN, "ten", C),
    (ALEXNET_LAYERS, "8", C),
    (ALEXNET_LAYERS, "eight layers", C),
    (CATEGORIES, "1000", C),
    (CATEGORIES, "1,000", C),
    (CATEGORIES, "a thousand", C),
    (CATEGORIES, "one thousand categories", C),
    (CATEGORIES, "1k", C),
    (IMAGES, "1.2 million", C),
    (IMAGES, "1.2M", C),
    (IMAGES, "1.2m images", C),
    (IMAGES, "1,200,000", C),
    (IMAGES, "1200000", C),
    (IMAGES, "1.2 mio", C),
    (IMAGES, "1,2 million", C),
    (IMAGES, "1200k", C),
    (IMAGES, "one point two", X),
    (GOOGLENET_LAYERS, "twenty-two", C),
    (GOOGLENET_LAYERS, "twenty two", C),
    (GOOGLENET_LAYERS, "22 layers", C),
    (VGG_LAYERS, "nineteen", C),
    (MATCH_GAMES, "five", C),
    (MATCH_GAMES, "5 games", C),
    (CHESS, "nineteen ninety-seven", C),
    (CHESS, "in 1997", C),
    # at least: the value or more, said or implied
    (RESNET_LAYERS, "over 100", C),
    (RESNET_LAYERS, "more than 100", C),
    (RESNET_LAYERS, "more than a hundred", C),
    (RESNET_LAYERS, "at least 100 layers", C),
    (RESNET_LAYERS, "100+", C),
    (RESNET_LAYERS, "152", C),
    (RESNET_LAYERS, "one hundred", C),
    (RESNET_LAYERS, "50", X),
    (RESNET_LAYERS, "over 50", X),
    (RESNET_LAYERS, "under 100", X),
    (RESNET_LAYERS, "less than 100", X),
    # decades
    (BACKPROP, "the 1980s", C),
    (BACKPROP, "1980s", C),
    (BACKPROP, "1980's", C),
    (BACKPROP, "the eighties", C),
    (BACKPROP, "the '80s", C),
    (BACKPROP, "nineteen eighties", C),
    (BACKPROP, "1986", C),
    (BACKPROP, "1980", C),
    (BACKPROP, "1989", C),
    (BACKPROP, "1979", X),
    (BACKPROP, "1990", X),
    (BACKPROP, "1975", X),
    (BACKPROP, "the 1990s", X),
    (BACKPROP, "the seventies", X),
    (AROUND_1985, "1980s", C),
    (AROUND_1985, "1990", C),
    (AROUND_1985, "1991", X),
    (ALEXNET_YEAR, "the 2010s", X),
    # a different number is wrong, however close its digits
    (ALEXNET_YEAR, "2011", X),
    (ALEXNET_YEAR, "2013", X),
    (ALEXNET_YEAR, "2021", X),
    (ALEXNET_YEAR, "12", X),
    (ALEXNET_TOP5, "58", X),
    (ALEXNET_TOP5, "84", X),
    (ALEXNET_TOP5, "85.5", X),
    (ALEXNET_TOP5, "0.58", X),
    (GOOGLENET_LAYERS, "19", X),
    (VGG_LAYERS, "22", X),
    (IMAGES, "1.2", X),
    (IMAGES, "12 million", X),
    (CATEGORIES, "100", X),
    # hedging and non-answers
    (ALEXNET_YEAR, "2012 or 2013", X),
    (ALEXNET_YEAR, "2011-2013", X),
    (ALEXNET_YEAR, "between 2011 and 2013", X),
    (GOOGLENET_LAYERS, "22 or 19", X),
    (ALEXNET_TOP5, "85% or 74%", X),
    (ALEXNET_YEAR, "AlexNet", X),
    (ALEXNET_YEAR, "?", X),
    # the unit is not held against the learner
    (ALEXNET_TOP5, "85 layers", C),
    (GOOGLENET_LAYERS, "22%", C),
]


@pytest.mark.parametrize(("question", "answer", "verdict"), NUMBER_CASES)
def test_number_answers(question: Question, answer: str, verdict: Verdict) -> None:
    result = grade(question, answer)
    assert result.verdict is verdict, (answer, result.feedback)
    assert result.score == (1.0 if verdict is C else 0.0)
    assert result.expected == question.answer


PARSE_CASES = [
    ("85", 85.0),
    ("85%", 85.0),
    ("eighty-five percent", 85.0),
    ("one hundred and five", 105.0),
    ("a hundred", 100.0),
    ("twelve hundred", 1200.0),
    ("12 hundred", 1200.0),
    ("two hundred thousand", 200_000.0),
    ("a million", 1_000_000.0),
    ("1.2 billion", 1_200_000_000.0),
    ("3 bn", 3_000_000_000.0),
    ("1.5 trillion tokens", 1_500_000_000_000.0),
    ("twenty one", 21.0),
    ("twenty ten", 2010.0),
    ("nineteen oh five", 1905.0),
    ("nineteen hundred", 1900.0),
    ("zero", 0.0),
    (".5", 0.5),
    ("-5", -5.0),
    ("\u22125", -5.0),
    ("ResNet-152", 152.0),
    ("the 1980s", 1980.0),
    ("the eighties", 1980.0),
    ("1,200", 1200.0),
    ("1st", 1.0),
    ("", None),
    ("no number here", None),
    ("an apple", None),
    ("2012 or 2013", None),
    ("2010-2018", None),
    ("five and six", None),
    ("1,2", None),
    ("12 12", 12.0),
    ("twelve (12)", 12.0),
]


@pytest.mark.parametrize(("text", "value"), PARSE_CASES)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_readings_carry_percent_decade_and_qualifier() -> None:
    (percent,) = read_numbers("eighty-five percent")
    assert percent.percent and not percent.decade
    (decade,) = read_numbers("the 1980s")
    assert decade.decade and decade.value == 1980
    (above,) = read_numbers("more than 100")
    assert above.qualifier is Qualifier.ABOVE
    (plus,) = read_numbers("100+")
    assert plus.qualifier is Qualifier.ABOVE
    (below,) = read_numbers("fewer than 100")
    assert below.qualifier is Qualifier.BELOW
    (symbol,) = read_numbers(">100")
    assert symbol.qualifier is Qualifier.ABOVE


def test_magnitudes_are_exact_not_float_rounded() -> None:
    # 1.2 * 10**6 in floats is 1199999.9999999998; the key must still match exactly.
    assert parse_number("1.2 million") == 1_200_000.0
    assert parse_number("0.3M") == 300_000.0


def test_close_year_feedback_names_the_gap() -> None:
    result = grade(ALEXNET_YEAR, "2011")
    assert result.feedback == "Close: 2011 is one year off; the answer is 2012."
    assert "2 years off" in grade(ALEXNET_YEAR, "2010").feedback
    assert "Close" not in grade(ALEXNET_YEAR, "2000").feedback


def test_close_number_feedback() -> None:
    assert grade(ALEXNET_TOP5, "84").feedback == "Close: 84 is 1 off; the answer is 85%."
    assert grade(ALEXNET_TOP5, "58").feedback == "Incorrect: 58 is not right; the answer is 85%."


def test_hedging_is_named_in_feedback() -> None:
    feedback = grade(ALEXNET_YEAR, "2012 or 2013").feedback
    assert "2012 and 2013" in feedback and "one number" in feedback


def test_decade_too_vague_for_a_year() -> None:
    feedback = grade(ALEXNET_YEAR, "the 2010s").feedback
    assert feedback.startswith("Too vague: the 2010s is the right decade")


def test_answer_without_number() -> None:
    result = grade(ALEXNET_YEAR, "AlexNet")
    assert result.feedback == "No number found in your answer; the answer is 2012."


def test_tolerance_is_absolute_and_says_the_exact_figure() -> None:
    key = typed(NumberKey(85, tolerance=1, unit="%"), "85%")
    assert grade(key, "86").verdict is C
    assert grade(key, "86").feedback == "Correct: close enough; the exact figure is 85%."
    assert grade(key, "84.0").verdict is C
    assert grade(key, "87").verdict is X


@pytest.mark.parametrize(
    ("value", "year", "text"),
    [
        (2012.0, True, "2012"),
        (1_200_000.0, False, "1,200,000"),
        (0.85, False, "0.85"),
        (1_234_567.5, False, "1,234,567.5"),
        (0.00001, False, "1e-05"),
        (float("inf"), False, "inf"),
    ],
)
def test_format_number(value: float, year: bool, text: str) -> None:
    assert format_number(value, year=year) == text


def test_enormous_numbers_are_graded_not_crashed() -> None:
    result = grade(ALEXNET_YEAR, "9" * 400)
    assert result.verdict is X
    assert grade(RESNET_LAYERS, "9" * 400).verdict is C
