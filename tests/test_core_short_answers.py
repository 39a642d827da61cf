"""A short-answer card asked as multiple choice: same id, the deck's own answers of its kind."""

from __future__ import annotations

import pytest

from dlquiz.chapter import chapter
from dlquiz.core.grading import grade
from dlquiz.core.model import ChoiceKey, FlashKey, NumberKey, Question, QuestionType, TextKey
from dlquiz.core.short_answers import (
    MC_CHOICES,
    AnswerKind,
    ChoicePool,
    answer_kind,
    as_choice,
    parse_number,
)


def typed(n: int, answer: str, *, deck: str = "d") -> Question:
    number = parse_number(answer)
    key = NumberKey(value=number[0], unit=number[1]) if number else TextKey(accepted=(answer,))
    return Question(
        id=f"{deck}:q{n}",
        deck=deck,
        type=QuestionType.TYPED,
        prompt=f"Question {n}?",
        key=key,
        answer=answer,
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2012", AnswerKind.YEAR),
        ("1999", AnswerKind.YEAR),
        ("1,200", AnswerKind.NUMBER),
        ("3.5", AnswerKind.NUMBER),
        ("152", AnswerKind.NUMBER),
        ("85%", AnswerKind.PERCENT),
        ("Geoffrey Hinton", AnswerKind.NAME),
        ("Toronto", AnswerKind.NAME),
        ("dropout", AnswerKind.WORD),
        ("gato", AnswerKind.WORD),
    ],
)
def test_answer_kinds(text: str, kind: AnswerKind) -> None:
    assert answer_kind(text) is kind


NAMES = ["Hinton", "LeCun", "Bengio", "Ng", "Sutskever", "Krizhevsky"]
YEARS = ["2006", "2009", "2012", "2014", "2015", "2017", "2018", "1998", "1986"]


def test_a_card_asked_as_choice_keeps_its_id_and_grades_right_and_wrong() -> None:
    deck = [typed(i, a) for i, a in enumerate(NAMES + YEARS)]
    pool = ChoicePool(deck)
    for question in deck:
        asked = as_choice(question, pool)
        assert asked is not None
        assert asked.id == question.id and asked.answer == question.answer
        assert asked.type is QuestionType.MULTIPLE_CHOICE
        assert asked.choices is not None and len(asked.choices) == MC_CHOICES
        assert len({c.casefold() for c in asked.choices}) == MC_CHOICES
        assert isinstance(asked.key, ChoiceKey)
        (right,) = asked.key.correct
        assert asked.choices[right] == question.answer
        kinds = {answer_kind(choice) for choice in asked.choices}
        assert kinds == {answer_kind(question.answer)}  # years with years, names with names
        letter = "abcd"[right]
        assert grade(asked, letter).score == 1.0
        assert grade(asked, "abcd"[(right + 1) % MC_CHOICES]).score == 0.0
        assert as_choice(question, pool) == asked  # the same choices every time


def test_number_choices_come_in_order_and_from_near_values() -> None:
    years = [str(y) for y in range(1950, 2021)]
    deck = [typed(i, a) for i, a in enumerate(years)]
    pool = ChoicePool(deck)
    for question in deck:
        asked = as_choice(question, pool)
        assert asked is not None and asked.choices is not None
        values = [int(c) for c in asked.choices]
        assert values == sorted(values)
        assert max(values) - min(values) <= 12  # neighbours, not a far-off giveaway


@pytest.mark.parametrize(
    ("answers", "asked"),
    [
        (["Hinton", "LeCun", "Bengio"], False),  # two others: too few
        (["Hinton", "LeCun", "Bengio", "hinton"], False),  # the same name twice counts once
        (["Hinton", "LeCun", "Bengio", "Ng"], True),
        (["Hinton", "2012", "85%", "dropout", "1,200"], False),  # nothing of the same kind
    ],
)
def test_too_few_answers_of_the_kind_keep_the_card_typed(answers: list[str], asked: bool) -> None:
    deck = [typed(i, a) for i, a in enumerate(answers)]
    assert (as_choice(deck[0], ChoicePool(deck)) is not None) is asked


def test_only_short_answer_cards_are_asked_as_choice() -> None:
    pool = ChoicePool(typed(i, a) for i, a in enumerate(NAMES))
    flash = Question(
        id="d:f",
        deck="d",
        type=QuestionType.FLASHCARD,
        prompt="p",
        key=FlashKey(back="Hinton"),
        answer="Hinton",
    )
    assert as_choice(flash, pool) is None
    for question in chapter()[1]:
        if question.type is not QuestionType.TYPED:
            assert as_choice(question, ChoicePool(chapter()[1])) is None


def test_choices_depend_on_the_card_not_on_the_order_of_asking() -> None:
    deck = [typed(i, a) for i, a in enumerate(NAMES)]
    forwards = ChoicePool(deck)
    backwards = ChoicePool(reversed(deck))
    for question in deck:
        a, b = as_choice(question, forwards), as_choice(question, backwards)
        assert a is not None and b is not None
        assert a.choices is not None and b.choices is not None
        assert question.answer in a.choices and question.answer in b.choices
