"""Properties that hold for every answer: no exceptions, scores in range, keys grade right."""

from __future__ import annotations

import string
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlquiz.core.grading import grade, parse_number
from dlquiz.core.grading.lists import split_items
from dlquiz.core.grading.numeric import format_number
from dlquiz.core.grading.outcome import SCORE_EPSILON
from dlquiz.core.grading.responses import letter
from dlquiz.core.model import (
    AnswerKey,
    Bound,
    ChoiceKey,
    ListKey,
    ListMember,
    MatchKey,
    NumberKey,
    OrderKey,
    Question,
    QuestionType,
    TextKey,
    TrueFalseKey,
    Verdict,
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def make(
    qtype: QuestionType, key: AnswerKey, answer: str, choices: tuple[str, ...] | None = None
) -> Question:
    return Question(
        id="dl:p", deck="dl", type=qtype, prompt="?", key=key, answer=answer, choices=choices
    )


SAMPLES = [
    make(QuestionType.TYPED, NumberKey(2012, is_year=True), "2012"),
    make(QuestionType.TYPED, NumberKey(85, unit="%"), "85%"),
    make(QuestionType.TYPED, NumberKey(100, bound=Bound.AT_LEAST), "over 100"),
    make(QuestionType.TYPED, NumberKey(1980, tolerance=9, is_year=True), "the 1980s"),
    make(QuestionType.CLOZE, TextKey(("Lee Sedol",), (("Go", 0.5),)), "Lee Sedol"),
    make(
        QuestionType.LIST,
        ListKey((ListMember("big data"), ListMember("GPU computing", ("GPUs",)))),
        "big data, GPU computing",
    ),
    make(QuestionType.MULTIPLE_CHOICE, ChoiceKey((1,)), "AlexNet", ("VGGNet", "AlexNet", "2012")),
    make(
        QuestionType.MULTIPLE_CHOICE,
        ChoiceKey((0, 2), (0.5, -1.0, 0.5)),
        "Siri, Alexa",
        ("Siri", "Tesla", "Alexa"),
    ),
    make(QuestionType.TRUE_FALSE, TrueFalseKey(True), "true"),
    make(QuestionType.ORDERING, OrderKey((2, 0, 1)), "c a b", ("GoogLeNet", "ResNet", "AlexNet")),
    make(
        QuestionType.MATCHING,
        MatchKey(("AlexNet", "VGGNet"), (1, 0)),
        "a2 b1",
        ("Oxford", "Toronto"),
    ),
]

# Text that looks like answers (letters, numbers, separators) as well as anything at all.
answer_like = st.text(alphabet=string.ascii_letters + string.digits + " ,;:-=+%&.()\n", max_size=40)
any_text = st.one_of(st.text(max_size=60), answer_like)


def check(result_verdict: Verdict, score: float) -> None:
    assert 0.0 <= score <= 1.0
    if score >= 1.0 - SCORE_EPSILON:
        assert result_verdict is Verdict.CORRECT
    elif score <= SCORE_EPSILON:
        assert result_verdict is Verdict.INCORRECT
    else:
        assert result_verdict is Verdict.PARTIAL


@FAST
@given(st.sampled_from(SAMPLES), any_text)
def test_grade_never_raises_and_stays_consistent(question: Question, answer: str) -> None:
    result = grade(question, answer)
    check(result.verdict, result.score)
    assert result.expected == question.answer
    assert result.feedback


@FAST
@given(any_text)
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, float)


words = st.text(alphabet=string.ascii_letters + "éü' -", min_size=1, max_size=20).filter(
    lambda s: any(ch.isalpha() for ch in s)
)


@FAST
@given(st.lists(words, min_size=1, max_size=3))
def test_text_key_accepts_its_own_answers(accepted: list[str]) -> None:
    question = make(QuestionType.TYPED, TextKey(tuple(accepted)), accepted[0])
    for spelling in accepted:
        assert grade(question, spelling).verdict is Verdict.CORRECT


@FAST
@given(
    st.one_of(
        st.integers(min_value=-(10**9), max_value=10**12).map(Decimal),
        st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False),
    ),
    st.booleans(),
)
def test_number_key_accepts_its_value(value: Decimal, as_year: bool) -> None:
    key = NumberKey(float(value), is_year=as_year)
    question = make(QuestionType.TYPED, key, str(value))
    assert grade(question, str(value)).verdict is Verdict.CORRECT
    if value == int(value):
        assert grade(question, format_number(float(value))).verdict is Verdict.CORRECT


# Members may hold separators ("R&D"); a member that is nothing but one ("and") may not.
member_words = st.text(alphabet=string.ascii_lowercase + " &", min_size=1, max_size=15).filter(
    lambda s: bool(split_items(s))
)


@FAST
@given(st.lists(member_words, min_size=1, max_size=5, unique_by=lambda s: s.strip()))
def test_list_key_accepts_its_members(texts: list[str]) -> None:
    key = ListKey(tuple(ListMember(t) for t in texts))
    answer = ", ".join(texts)
    result = grade(make(QuestionType.LIST, key, answer), answer)
    assert result.verdict is Verdict.CORRECT, result.feedback


@FAST
@given(st.permutations(list(range(6))), st.integers(min_value=1, max_value=6))
def test_order_and_match_keys_accept_their_own_answer(order: list[int], size: int) -> None:
    items = tuple(order[:size])
    remap = {item: rank for rank, item in enumerate(sorted(items))}
    key_order = tuple(remap[i] for i in items)
    choices = tuple(f"item {i}" for i in range(size))
    ordering = make(QuestionType.ORDERING, OrderKey(key_order), "...", choices)
    assert grade(ordering, " ".join(str(i + 1) for i in key_order)).correct
    matching = make(QuestionType.MATCHING, MatchKey(choices, key_order), "...", choices)
    pairs = " ".join(f"{letter(left)}{right + 1}" for left, right in enumerate(key_order))
    assert grade(matching, pairs).correct


@FAST
@given(st.integers(min_value=2, max_value=8), st.data())
def test_choice_key_accepts_its_letter(size: int, data: st.DataObject) -> None:
    right = data.draw(st.integers(min_value=0, max_value=size - 1))
    choices = tuple(f"option {i}" for i in range(size))
    question = make(QuestionType.MULTIPLE_CHOICE, ChoiceKey((right,)), choices[right], choices)
    assert grade(question, letter(right)).correct
    assert grade(question, choices[right]).correct


@FAST
@given(st.booleans())
def test_true_false_key_accepts_its_value(value: bool) -> None:
    question = make(QuestionType.TRUE_FALSE, TrueFalseKey(value), str(value).lower())
    assert grade(question, str(value).lower()).correct
