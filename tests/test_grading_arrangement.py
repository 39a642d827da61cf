"""Ordering and matching answers: partial credit by documented rules, readable errors."""

from __future__ import annotations

import pytest

from dlquiz.core.grading import grade
from dlquiz.core.grading.arrangement import order_score
from dlquiz.core.grading.responses import Unreadable, parse_matches, parse_order
from dlquiz.core.model import MatchKey, OrderKey, Question, QuestionType, Verdict

C, P, X = Verdict.CORRECT, Verdict.PARTIAL, Verdict.INCORRECT

# Shown in this order; the right order is AlexNet, GoogLeNet, ResNet, AlphaGo = 3 1 2 4.
TIMELINE = Question(
    id="dl:order",
    deck="dl",
    type=QuestionType.ORDERING,
    prompt="Put these in order.",
    key=OrderKey((2, 0, 1, 3)),
    answer="AlexNet (2012), GoogLeNet (2014), ResNet (2015), AlphaGo (2016)",
    choices=("GoogLeNet", "ResNet", "AlexNet", "AlphaGo"),
)
# a) AlexNet -> 2 Toronto, b) VGGNet -> 3 Oxford, c) ResNet -> 1 Microsoft Research
LABS = Question(
    id="dl:match",
    deck="dl",
    type=QuestionType.MATCHING,
    prompt="Match each network to its lab.",
    key=MatchKey(("AlexNet", "VGGNet", "ResNet"), (1, 2, 0)),
    answer="AlexNet: University of Toronto; VGGNet: Oxford; ResNet: Microsoft Research",
    choices=("Microsoft Research", "University of Toronto", "Oxford", "DeepMind"),
)
# Two lefts share one right item: both BERT and the Transformer came from Google.
ORIGINS = Question(
    id="dl:match2",
    deck="dl",
    type=QuestionType.MATCHING,
    prompt="Who built it?",
    key=MatchKey(("BERT", "Transformer", "AlphaGo"), (0, 0, 1)),
    answer="BERT: Google; Transformer: Google; AlphaGo: DeepMind",
    choices=("Google", "DeepMind"),
)

ORDER_CASES = [
    ("3 1 2 4", C, 1.0),
    ("3,1,2,4", C, 1.0),
    ("3, 1, 2, 4", C, 1.0),
    ("3124", C, 1.0),
    ("3-1-2-4", C, 1.0),
    ("3 > 1 > 2 > 4", C, 1.0),
    (" 3  1 2 4 ", C, 1.0),
    ("3 1 2", C, 1.0),  # the one left out comes last
    ("1 3 2 4", P, 5 / 6),  # one swap of neighbours
    ("3 1 4 2", P, 5 / 6),
    ("1 2 3 4", P, 4 / 6),
    ("4 2 1 3", X, 0.0),  # fully reversed
    ("3 2 1 4", P, 5 / 6),
    ("1 2 4 3", P, 3 / 6),
    ("3 1 2 5", X, 0.0),
    ("0 1 2 3", X, 0.0),
    ("3 3 1 2", X, 0.0),
    ("3 1", X, 0.0),
    ("a b c d", X, 0.0),
    ("AlexNet first", X, 0.0),
    ("31245", X, 0.0),
]


@pytest.mark.parametrize(("answer", "verdict", "score"), ORDER_CASES)
def test_ordering_answers(answer: str, verdict: Verdict, score: float) -> None:
    result = grade(TIMELINE, answer)
    assert result.verdict is verdict, (answer, result.feedback)
    assert result.score == pytest.approx(score)


def test_ordering_feedback() -> None:
    feedback = grade(TIMELINE, "1 3 2 4").feedback
    assert feedback.startswith("Partly right: 5 of 6 pairs are in the right order.")
    assert feedback.endswith("AlphaGo (2016).")
    assert grade(TIMELINE, "3 1 2 5").feedback.startswith("There is no item 5:")
    assert grade(TIMELINE, "3 3 1 2").feedback.startswith("Item 3 appears twice:")
    assert grade(TIMELINE, "3 1").feedback.startswith("You ordered 2 of 4 items:")
    assert grade(TIMELINE, "a b c d").feedback.startswith("'a' is not an item number:")


def test_order_score_counts_pairs() -> None:
    assert order_score((0, 1, 2), (0, 1, 2)) == (3, 3)
    assert order_score((0, 1, 2), (2, 1, 0)) == (0, 3)
    assert order_score((0, 1, 2), (0, 2)) == (1, 3)  # item 1 missing: its pairs are lost
    assert order_score((0,), (0,)) == (0, 0)


def test_single_item_ordering_is_trivially_right() -> None:
    question = Question(
        id="dl:o1",
        deck="dl",
        type=QuestionType.ORDERING,
        prompt="?",
        key=OrderKey((0,)),
        answer="AlexNet",
        choices=("AlexNet",),
    )
    assert grade(question, "1").verdict is C


def test_parse_order() -> None:
    assert parse_order("3 1 2 4", 4) == (2, 0, 1, 3)
    assert parse_order("2\u21921", 2) == (1, 0)
    assert isinstance(parse_order("1 2 3 4 5 6 7 8 9 10 11", 10), Unreadable)
    assert parse_order("10 9 8 7 6 5 4 3 2 1", 10) == tuple(range(9, -1, -1))


MATCH_CASES = [
    (LABS, "a2 b3 c1", C, 1.0),
    (LABS, "A2 B3 C1", C, 1.0),
    (LABS, "a2, b3, c1", C, 1.0),
    (LABS, "a-2 b-3 c-1", C, 1.0),
    (LABS, "a:2 b:3 c:1", C, 1.0),
    (LABS, "a=2, b=3, c=1", C, 1.0),
    (LABS, "a2b3c1", C, 1.0),
    (LABS, "c1 a2 b3", C, 1.0),
    (LABS, "a 2 b 3 c 1", C, 1.0),
    (LABS, "a) 2; b) 3; c) 1", C, 1.0),
    (LABS, "2 3 1", C, 1.0),  # plain numbers for a, b, c in turn
    (LABS, "231", C, 1.0),
    (LABS, "2 3", X, 0.0),  # plain numbers must cover every left item
    (LABS, "a2 b3 c4", P, 2 / 3),
    (LABS, "a2 b2 c1", P, 2 / 3),  # option 2 used twice: only the right one counts
    (LABS, "a2 b2 c2", P, 1 / 3),
    (LABS, "a2", P, 1 / 3),
    (LABS, "a1 b2 c3", X, 0.0),
    (LABS, "a5 b3 c1", X, 0.0),
    (LABS, "a2 d3", X, 0.0),
    (LABS, "a2 a3 c1", X, 0.0),
    (LABS, "a2 a2 b3 c1", C, 1.0),
    (LABS, "hello", X, 0.0),
    (LABS, "a2 hello", X, 0.0),
    (LABS, "Toronto", X, 0.0),
    (ORIGINS, "a1 b1 c2", C, 1.0),
    (ORIGINS, "a1 b2 c2", P, 2 / 3),
]


@pytest.mark.parametrize(("question", "answer", "verdict", "score"), MATCH_CASES)
def test_matching_answers(question: Question, answer: str, verdict: Verdict, score: float) -> None:
    result = grade(question, answer)
    assert result.verdict is verdict, (answer, result.feedback)
    assert result.score == pytest.approx(score)


def test_matching_feedback() -> None:
    feedback = grade(LABS, "a2 b2").feedback
    assert feedback.startswith("1 of 3 pairs right. Wrong: b) VGGNet. Not matched: c) ResNet.")
    assert grade(LABS, "a5").feedback.startswith("There is no option 5: use the numbers 1 to 4.")
    assert grade(LABS, "d1").feedback.startswith("There is no item d: use a letter from a to c.")
    assert grade(LABS, "a2 a3").feedback.startswith("Item a is matched twice")
    assert grade(LABS, "a2 hello").feedback.startswith("Could not read 'hello'")


def test_parse_matches() -> None:
    assert parse_matches("a2 b1", 2, 2) == {0: 1, 1: 0}
    assert parse_matches("b1", 2, 2) == {1: 0}
    assert isinstance(parse_matches(",,", 2, 2), Unreadable)
