"""Multiple choice (by letter, number or text), weighted multiple answer, true/false."""

from __future__ import annotations

import pytest

from dlquiz.core.grading import grade
from dlquiz.core.grading.responses import Unreadable, parse_choices, parse_true_false
from dlquiz.core.model import (
    ChoiceKey,
    Question,
    QuestionType,
    TrueFalseKey,
    Verdict,
)

C, P, X = Verdict.CORRECT, Verdict.PARTIAL, Verdict.INCORRECT


def choice(
    choices: tuple[str, ...], correct: int, *, weights: tuple[float, ...] | None = None
) -> Question:
    if weights is None:
        answer = choices[correct]
        key = ChoiceKey((correct,))
    else:
        right = tuple(i for i, w in enumerate(weights) if w > 0)
        answer = ", ".join(choices[i] for i in right)
        key = ChoiceKey(right, weights)
    return Question(
        id="dl:mc",
        deck="dl",
        type=QuestionType.MULTIPLE_CHOICE,
        prompt="?",
        key=key,
        answer=answer,
        choices=choices,
    )


def true_false(value: bool) -> Question:
    return Question(
        id="dl:tf",
        deck="dl",
        type=QuestionType.TRUE_FALSE,
        prompt="AlexNet won ImageNet in 2012.",
        key=TrueFalseKey(value),
        answer="true" if value else "false",
    )


WINNER = choice(("VGGNet", "AlexNet", "ResNet", "GoogLeNet"), 1)
YEAR = choice(("2010", "2011", "2012", "2013"), 2)
LAYERS = choice(("8", "19", "22", "152"), 2)
LAB = choice(("Oxford", "University of Toronto", "Microsoft Research", "DeepMind"), 1)
TRICKS = choice(
    ("ReLU", "sigmoid", "dropout", "data augmentation"),
    0,
    weights=(1 / 3, -1.0, 1 / 3, 1 / 3),
)
TWO = choice(("Siri", "Tesla", "Alexa", "Waymo"), 0, weights=(0.5, -0.5, 0.5, -0.5))
GIFT_THIRDS = choice(("Go", "Chess", "poker", "Tetris"), 0, weights=(0.33333, 0.33333, 0.33333, 0))

CHOICE_CASES = [
    (WINNER, "b", C),
    (WINNER, "B", C),
    (WINNER, "b)", C),
    (WINNER, "(b)", C),
    (WINNER, "b.", C),
    (WINNER, " b ", C),
    (WINNER, "2", C),
    (WINNER, "2)", C),
    (WINNER, "AlexNet", C),
    (WINNER, "alexnet", C),
    (WINNER, "Alex Net", C),
    (WINNER, "AlexNett", C),
    (WINNER, "a", X),
    (WINNER, "c", X),
    (WINNER, "1", X),
    (WINNER, "4", X),
    (WINNER, "ResNet", X),
    (WINNER, "e", X),
    (WINNER, "z", X),
    (WINNER, "5", X),
    (WINNER, "0", X),
    (WINNER, "LeNet-5", X),
    (WINNER, "b c", X),
    (WINNER, "b, d", X),
    (YEAR, "c", C),
    (YEAR, "2012", C),
    (YEAR, "in 2012", C),
    (YEAR, "3", C),
    (YEAR, "2011", X),
    (YEAR, "2", X),
    (LAYERS, "22", C),
    (LAYERS, "twenty-two", C),
    (LAYERS, "c", C),
    (LAYERS, "3", C),
    (LAYERS, "19", X),
    (LAYERS, "2", X),
    (LAB, "Toronto", C),  # words that only one choice holds name that choice
    (LAB, "university of toronto", C),
    (LAB, "the University of Toronto", C),
    (LAB, "b", C),
    # weighted multiple answer
    (TRICKS, "a c d", C),
    (TRICKS, "a,c,d", C),
    (TRICKS, "a, c, d", C),
    (TRICKS, "acd", C),
    (TRICKS, "d c a", C),
    (TRICKS, "A C D", C),
    (TRICKS, "1 3 4", C),
    (TRICKS, "ReLU, dropout, data augmentation", C),
    (TRICKS, "a c", P),
    (TRICKS, "a", P),
    (TRICKS, "ReLU", P),
    (TRICKS, "a b c d", X),
    (TRICKS, "b", X),
    (TRICKS, "a e", X),
    (TWO, "a c", C),
    (TWO, "a", P),
    (TWO, "a b c", P),
    (TWO, "a b", X),
    (TWO, "b d", X),
    (GIFT_THIRDS, "a b c", C),
    (GIFT_THIRDS, "a b", P),
]


@pytest.mark.parametrize(("question", "answer", "verdict"), CHOICE_CASES)
def test_choice_answers(question: Question, answer: str, verdict: Verdict) -> None:
    result = grade(question, answer)
    assert result.verdict is verdict, (answer, result.feedback)


def test_multiple_answer_scores() -> None:
    assert grade(TRICKS, "a c").score == pytest.approx(2 / 3)
    assert grade(TWO, "a b c").score == pytest.approx(0.5)
    assert grade(TWO, "a b").score == 0.0  # 0.5 - 0.5, never below zero
    assert grade(TRICKS, "a b").score == 0.0  # 1/3 - 1, clamped
    # 3 x 33.333% falls short of 100% only by rounding: full marks.
    assert grade(GIFT_THIRDS, "a b c").score == 1.0


def test_multiple_answer_feedback() -> None:
    feedback = grade(TWO, "a b").feedback
    assert feedback == "Incorrect. Missed: c) Alexa. Wrong: b) Tesla."
    assert grade(TRICKS, "a c").feedback == "Partly right. Missed: d) data augmentation."


def test_wrong_choice_feedback_names_both() -> None:
    assert grade(WINNER, "c").feedback == "Incorrect: you chose c) ResNet; the answer is AlexNet."


def test_unreadable_choice_says_why() -> None:
    feedback = grade(WINNER, "e").feedback
    assert feedback == (
        "There is no choice e: answer with a letter from a to d. The answer is AlexNet."
    )
    assert "none of the choices" in grade(WINNER, "Transformer").feedback
    assert "one answer only" in grade(WINNER, "a b").feedback


def test_parse_choices_keeps_order_without_repeats() -> None:
    choices = ("ReLU", "sigmoid", "dropout", "data augmentation")
    assert parse_choices("c a c", choices) == (2, 0)
    assert isinstance(parse_choices("a q", choices), Unreadable)
    assert isinstance(parse_choices("", choices), Unreadable)
    assert isinstance(parse_choices("a", ()), Unreadable)


TRUE_FALSE_CASES = [
    (True, "t", C),
    (True, "T", C),
    (True, "true", C),
    (True, "True.", C),
    (True, "TRUE", C),
    (True, "yes", C),
    (True, "Yes!", C),
    (True, "y", C),
    (True, "f", X),
    (True, "false", X),
    (True, "no", X),
    (False, "f", C),
    (False, "False", C),
    (False, "no", C),
    (False, "N", C),
    (False, "t", X),
    (False, "yes", X),
    (True, "maybe", X),
    (True, "wahr", X),
    (True, "true or false", X),
    # a verdict word, then the learner's reason, which is not graded
    (False, "False - it is pre-training and fine-tuning", C),
    (False, "F (vanishing gradients)", C),
    (False, "false, because the chapter says 2017", C),
    (False, "No, it was Google", C),
    (True, "True: ResNet came first", C),
    (True, "yes - that is what the chapter says", C),
    # other words for the two verdicts
    (False, "wrong", C),
    (False, "incorrect", C),
    (False, "untrue", C),
    (False, "nope", C),
    (False, "not true", C),
    (False, "not correct", C),
    (True, "correct", C),
    (True, "right", C),
    (True, "not false", C),
    (True, "yep", C),
    (False, "correct", X),
    (True, "wrong", X),
    # lead-ins
    (False, "It's false", C),
    (False, "that is wrong", C),
    (True, "the statement is true", C),
    (True, "I think true", C),
    (True, "That\u2019s correct", C),
    # no verdict: a hedge, "I don't know" words, a short word running on
    (False, "no idea", X),
    (True, "yes and no", X),
    (True, "True/False", X),
    (False, "false or true", X),
    (False, "n/a", X),
    (False, "not sure", X),
    (True, "maybe true", X),
    (False, "idk", X),
]


@pytest.mark.parametrize(("value", "answer", "verdict"), TRUE_FALSE_CASES)
def test_true_false_answers(value: bool, answer: str, verdict: Verdict) -> None:
    assert grade(true_false(value), answer).verdict is verdict


def test_true_false_feedback() -> None:
    assert grade(true_false(True), "f").feedback == "Incorrect: the statement is true."
    assert grade(true_false(False), "maybe").feedback == (
        "Answer true or false (t or f). The answer is false."
    )
    assert parse_true_false(" Yes ") is True


def test_key_longer_than_choices_does_not_crash() -> None:
    question = choice(("Siri", "Alexa"), 0, weights=(0.5, 0.5))
    lopsided = Question(
        id=question.id,
        deck=question.deck,
        type=question.type,
        prompt=question.prompt,
        key=ChoiceKey((0, 1, 2), (0.4, 0.3, 0.3)),
        answer="Siri, Alexa, Cortana",
        choices=question.choices,
    )
    result = grade(lopsided, "a b")
    assert result.verdict is P
    assert result.score == pytest.approx(0.7)
    assert "Missed: c." in result.feedback
