"""Number distractors: near the value, really wrong, formatted like the answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dlquiz.core.generate import generate_questions
from dlquiz.core.generate.numeric import is_wrong_number, numeric_distractors
from dlquiz.core.model import Bound, ChoiceKey, Deck, Fact, FactKind, QuestionType

YEAR = Fact(
    id="alexnet-year",
    topic="imagenet",
    kind=FactKind.YEAR,
    subject="AlexNet",
    attribute="year",
    prompt="In which year did AlexNet win ImageNet?",
    statement="AlexNet won ImageNet in {value}.",
    explanation="2012.",
    number=2012.0,
    event="AlexNet wins ImageNet",
)
PERCENT = replace(
    YEAR,
    id="alexnet-top5",
    kind=FactKind.PERCENT,
    attribute="top-5 accuracy",
    number=85.0,
    unit="%",
    tolerance=2.0,
    event="",
)
DEPTH = replace(
    YEAR,
    id="alexnet-depth",
    kind=FactKind.COUNT,
    attribute="depth",
    number=8.0,
    unit="layers",
    event="",
)


def numbers(texts: list[str], suffix: str = "") -> list[float]:
    """Read back the numbers of formatted distractors such as "16 layers"."""
    return [float(text.removesuffix(suffix).replace(",", "")) for text in texts]


@pytest.mark.parametrize("seed", range(30))
def test_year_distractors_are_neighbours_and_never_after_2018(seed: int) -> None:
    for value in (2012.0, 2017.0, 2018.0, 1997.0):
        fact = replace(YEAR, number=value)
        picked = numbers(numeric_distractors(fact, related=[], salt=(seed, "q"), count=3))
        assert len(picked) == 3
        assert len(set(picked)) == 3
        assert all(1 <= abs(year - value) <= 4 for year in picked)
        assert all(year <= max(2018, value) for year in picked)


def test_a_year_with_tolerance_keeps_its_distractors_outside_it() -> None:
    fact = replace(YEAR, tolerance=1.0)
    for seed in range(30):
        picked = numbers(numeric_distractors(fact, related=[], salt=(seed, "q"), count=3))
        assert all(abs(year - 2012) >= 2 for year in picked)


def test_a_decade_gets_other_decades() -> None:
    fact = replace(YEAR, number=1980.0, tolerance=9.0)
    for seed in range(30):
        picked = numeric_distractors(fact, related=[], salt=(seed, "q"), count=3)
        assert all(text.endswith("0s") and text != "1980s" for text in picked)
        assert all(int(text[:4]) <= 2018 for text in picked)
    assert not is_wrong_number(fact, 1986)
    assert is_wrong_number(fact, 1979)
    assert is_wrong_number(fact, 1990)


@pytest.mark.parametrize("seed", range(30))
def test_percent_distractors_stay_near_inside_0_to_100_and_outside_tolerance(seed: int) -> None:
    for value in (85.0, 97.0, 2.0, 99.5):
        fact = replace(PERCENT, number=value)
        picked = numbers(
            numeric_distractors(fact, related=[], salt=(seed, "q"), count=3), suffix="%"
        )
        assert len(picked) == 3
        assert all(0 < p < 100 for p in picked)
        assert all(3 <= abs(p - value) <= 15 for p in picked)
        assert all(abs(p - value) > fact.tolerance for p in picked)


def test_other_facts_values_come_first_when_plausible() -> None:
    related = [8.0, 19.0, 22.0, 5000.0]  # 5000 is no plausible depth next to 22
    fact = replace(DEPTH, number=22.0)
    for seed in range(20):
        picked = numeric_distractors(fact, related=related, salt=(seed, "q"), count=3)
        assert {"8 layers", "19 layers"} <= set(picked)
        assert "5,000 layers" not in picked
        assert "22 layers" not in picked


def test_small_counts_move_by_a_few_units_or_double() -> None:
    seen: set[float] = set()
    for seed in range(60):
        seen |= set(
            numbers(
                numeric_distractors(DEPTH, related=[], salt=(seed, "q"), count=3), suffix=" layers"
            )
        )
    assert seen <= {3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 16}
    assert {5, 11, 16} <= seen


def test_large_counts_scale_and_read_in_millions() -> None:
    fact = replace(DEPTH, number=1_200_000.0, unit="images", tolerance=100_000.0)
    picked = numeric_distractors(fact, related=[], salt=(0, "q"), count=3)
    assert len(picked) == 3
    for text in picked:
        assert text.endswith(" images")
        assert text != "1.2 million images"


def test_at_least_distractors_lie_well_below_the_bound() -> None:
    fact = replace(DEPTH, number=100.0, bound=Bound.AT_LEAST)
    for seed in range(30):
        picked = numeric_distractors(fact, related=[8.0, 19.0, 152.0], salt=(seed, "q"), count=3)
        assert all(text.startswith("up to ") for text in picked)
        values = numbers([text.removeprefix("up to ") for text in picked], suffix=" layers")
        assert len(values) == 3
        assert all(value <= 60 for value in values)
    assert is_wrong_number(fact, 99)
    assert not is_wrong_number(fact, 152)


def test_the_seed_changes_the_picks_but_each_pick_is_repeatable() -> None:
    fact = replace(PERCENT, number=60.0)
    runs = {tuple(numeric_distractors(fact, related=[], salt=(s, "q"), count=3)) for s in range(10)}
    assert len(runs) > 1
    again = numeric_distractors(fact, related=[], salt=(3, "q"), count=3)
    assert again == numeric_distractors(fact, related=[], salt=(3, "q"), count=3)


def test_no_multiple_choice_when_too_few_distractors_exist() -> None:
    # A tolerance of 60 around 50% accepts every percentage, so nothing is wrong.
    fact = replace(PERCENT, number=50.0, tolerance=60.0)
    questions = generate_questions(Deck(id="d", name="D", facts=(fact,)))
    kinds = {question.type for question in questions}
    assert QuestionType.TYPED in kinds
    assert QuestionType.MULTIPLE_CHOICE not in kinds
    assert all(not q.id.endswith(":tf-false") for q in questions)


def test_multiple_choice_has_four_options_with_the_answer_once() -> None:
    deck = Deck(id="d", name="D", facts=(YEAR, PERCENT, DEPTH))
    for question in generate_questions(deck):
        if question.type is QuestionType.MULTIPLE_CHOICE:
            assert question.choices is not None
            assert len(question.choices) == 4
            assert len(set(question.choices)) == 4
            assert question.choices.count(question.answer) == 1
            assert question.key == ChoiceKey(correct=(question.choices.index(question.answer),))
