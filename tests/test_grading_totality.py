"""Grading is total: every string gets a verdict, for every kind of question.

Issue 17 found answers that made marking raise ("İ1" for a matching
question, a 5,000-digit number).  A property over arbitrary Unicode, with a
fixed seed so CI sees the same examples, keeps every judge total; the
answer-length cap holds for every question.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from dlquiz.chapter import chapter
from dlquiz.core.grading import MAX_ANSWER_CHARS, grade
from dlquiz.core.model import Question, QuestionType, Verdict


@cache
def _one_of_each() -> tuple[Question, ...]:
    """The first chapter question of each gradable type and answer key."""
    seen: dict[tuple[QuestionType, str], Question] = {}
    for question in chapter()[1]:
        kind = (question.type, type(question.key).__name__)
        if question.type is not QuestionType.FLASHCARD and kind not in seen:
            seen[kind] = question
    return tuple(seen.values())


def _assert_graded(question: Question, answer: str) -> None:
    result = grade(question, answer)
    assert result.verdict in Verdict
    assert 0.0 <= result.score <= 1.0
    assert result.feedback
    assert result.expected == question.answer


@seed(20120930)
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.text(max_size=300), st.data())
def test_any_unicode_answer_gets_a_verdict(answer: str, data: st.DataObject) -> None:
    question = data.draw(st.sampled_from(_one_of_each()))
    _assert_graded(question, answer)


@seed(20120930)
@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["a", "b", "1", "2", "İ", "ß", "-", ":", "=", "%", "'", "½", "٣"]),
            st.text(alphabet=st.characters(codec="utf-8"), max_size=3),
        ),
        max_size=40,
    ).map("".join),
    st.data(),
)
def test_answer_syntax_fragments_get_a_verdict(answer: str, data: st.DataObject) -> None:
    question = data.draw(st.sampled_from(_one_of_each()))
    _assert_graded(question, answer)


@pytest.mark.parametrize(
    "answer",
    [
        "İ1",
        "a İ1 b2",
        "1" * 5000,
        "9" * 999,
        "one " * 300,
        "a" * MAX_ANSWER_CHARS,
        "x" * (MAX_ANSWER_CHARS + 1),
        "\u0000\ufffd\U0001f600",
        "ﬁ ﬂ Ⅻ ⑫ ¹²",
        "not not not not",
        "(((((((((((",
        "'12'12'12",
        "= = = =",
    ],
)
def test_known_troublemakers_get_a_verdict_from_every_kind_of_question(answer: str) -> None:
    for question in _one_of_each():
        _assert_graded(question, answer)


def test_an_answer_over_the_cap_is_refused_with_the_reason() -> None:
    question = _one_of_each()[0]
    result = grade(question, "2012 " * MAX_ANSWER_CHARS)
    assert result.verdict is Verdict.INCORRECT
    assert f"longer than {MAX_ANSWER_CHARS:,} characters" in result.feedback
