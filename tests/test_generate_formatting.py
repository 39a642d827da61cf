"""How values read in answers and statements, and how ids and text folding behave."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dlquiz.core.generate import format_value
from dlquiz.core.generate.formatting import fill_statement, fold, format_number, words_overlap
from dlquiz.core.generate.ids import fact_set_hash, in_rank_order
from dlquiz.core.model import Bound, Fact, FactKind, ListMember

BASE = Fact(
    id="f",
    topic="t",
    kind=FactKind.COUNT,
    subject="AlexNet",
    attribute="depth",
    prompt="How deep?",
    statement="It had {value}.",
    explanation="",
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"kind": FactKind.PERCENT, "number": 85.0, "unit": "%"}, "85%"),
        ({"number": 8.0, "unit": "layers"}, "8 layers"),
        ({"number": 1_200_000.0, "unit": "images"}, "1.2 million images"),
        ({"number": 1000.0, "unit": "categories"}, "1,000 categories"),
        ({"kind": FactKind.YEAR, "number": 2012.0}, "2012"),
        ({"kind": FactKind.YEAR, "number": 1980.0, "tolerance": 9.0}, "1980s"),
        ({"kind": FactKind.YEAR, "number": 1986.0, "tolerance": 9.0}, "1986"),
        ({"number": 100.0, "unit": "layers", "bound": Bound.AT_LEAST}, "over 100 layers"),
        ({"kind": FactKind.PERCENT, "number": 3.57, "unit": "%"}, "3.57%"),
        ({"kind": FactKind.NAME, "text": "Geoffrey Hinton"}, "Geoffrey Hinton"),
        (
            {
                "kind": FactKind.LIST,
                "members": (ListMember("big data"), ListMember("GPUs"), ListMember("ReLU")),
            },
            "big data, GPUs and ReLU",
        ),
    ],
)
def test_format_value_reads_like_the_chapter(changes: dict[str, object], expected: str) -> None:
    assert format_value(replace(BASE, **changes)) == expected


def test_an_int_number_from_a_loader_formats_like_a_float() -> None:
    assert format_value(replace(BASE, number=22, unit="layers")) == "22 layers"


def test_format_number_hides_float_noise_and_keeps_big_numbers_readable() -> None:
    assert format_number(0.1 + 0.2) == "0.3"
    assert format_number(12_500_000.0) == "12.5 million"
    assert format_number(2_000_000_000.0) == "2 billion"
    assert format_number(1_234_567.0) == "1,234,567"
    assert format_number(2012.0, is_year=True) == "2012"


def test_fill_statement_replaces_only_the_slot() -> None:
    assert fill_statement("In {value}, {x} won.", "2012") == "In 2012, {x} won."


def test_fold_ignores_case_spacing_and_punctuation() -> None:
    assert fold("  Google--BRAIN ") == fold("google brain")
    assert fold("University of Toronto") != fold("University of Oxford")
    assert words_overlap("Google", "Google Brain")
    assert not words_overlap("Google Research", "Microsoft Research")


def test_fact_set_hash_ignores_order_and_depends_on_members() -> None:
    assert fact_set_hash(["b", "a", "c"]) == fact_set_hash(["c", "b", "a"])
    assert fact_set_hash(["a", "b"]) != fact_set_hash(["a", "b", "c"])
    assert len(fact_set_hash(["a"])) == 8


def test_rank_order_keeps_the_relative_order_when_the_pool_grows() -> None:
    pool = [f"item {n}" for n in range(20)]
    before = in_rank_order(pool, salt=(1, "q"))
    after = in_rank_order([*pool, "newcomer"], salt=(1, "q"))
    assert [item for item in after if item != "newcomer"] == before
    assert in_rank_order(pool, salt=(2, "q")) != before


@pytest.mark.parametrize(
    ("statement", "value", "expected"),
    [
        ("It was called a {value}.", "AI winter", "It was called an AI winter."),
        ("It was called an {value}.", "perfect storm", "It was called a perfect storm."),
        ("A {value} did it.", "RNN", "An RNN did it."),
        ("It was a {value}.", "university project", "It was a university project."),
        ("It was a {value} match.", "8-game", "It was an 8-game match."),
        ("It ran on a {value}.", "GPU", "It ran on a GPU."),
        ("{value} came first.", "dropout", "Dropout came first."),
        ("Fill in a {value}.", "_____", "Fill in a _____."),
        ("Data {value} mattered.", "augmentation", "Data augmentation mattered."),
    ],
)
def test_fill_statement_fixes_the_article_and_the_opening_capital(
    statement: str, value: str, expected: str
) -> None:
    assert fill_statement(statement, value) == expected


def test_one_of_a_unit_is_singular() -> None:
    one = replace(BASE, number=1.0, unit="networks")
    assert format_value(one) == "1 network"
    assert format_value(replace(one, unit="categories")) == "1 category"
    assert format_value(replace(one, unit="percentage points")) == "1 percentage point"
    assert format_value(replace(one, number=2.0)) == "2 networks"
