"""A key written twice in one mapping is refused with both lines, not silently dropped."""

from __future__ import annotations

import pytest

from dlquiz.core.problems import InputError
from dlquiz.decks import load_deck_text
from dlquiz.decks.parse import parse_yaml
from tests.test_deck_errors import VALID

BASE = VALID  # lines 1-12: format, id, name, one fact (value at line 11, unit at 12)

# (text, expected messages): each line of the text counts from 1.
CASES: dict[str, tuple[str, list[str]]] = {
    "a fact field twice": (
        BASE + "    value: 9\n",
        [
            "extra.yaml:13:5: the key 'value' appears twice in one mapping (first at line 11); "
            "remove one, or the first value would be lost"
        ],
    ),
    "a top-level key twice": (
        BASE.replace("name: Extra\n", "name: Extra\nname: Other\n"),
        [
            "extra.yaml:4:1: the key 'name' appears twice in one mapping (first at line 3); "
            "remove one, or the first value would be lost"
        ],
    ),
    "two duplicates are both reported": (
        BASE + "    unit: tiers\n    prompt: Again?\n",
        [
            "extra.yaml:13:5: the key 'unit' appears twice in one mapping (first at line 12); "
            "remove one, or the first value would be lost",
            "extra.yaml:14:5: the key 'prompt' appears twice in one mapping (first at line 9); "
            "remove one, or the first value would be lost",
        ],
    ),
    "a quoted spelling of the same key": (
        BASE + '    "unit": tiers\n',
        [
            "extra.yaml:13:5: the key 'unit' appears twice in one mapping (first at line 12); "
            "remove one, or the first value would be lost"
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_duplicate_keys_are_refused_with_both_lines(case: str) -> None:
    text, expected = CASES[case]
    with pytest.raises(InputError) as caught:
        load_deck_text(text, source="extra.yaml")
    assert [str(problem) for problem in caught.value.problems] == expected


@pytest.mark.parametrize(
    "text",
    [
        # The same key in two different mappings is fine.
        "a: {x: 1}\nb: {x: 2}\n",
        # The number 1 and the string "1" are different keys in YAML.
        'a:\n  1: one\n  "1": also one\n',
        # Merge keys may repeat by design of the merge feature.
        "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
        # An alias used twice is one node, visited once.
        "base: &b {x: 1}\nl: [*b, *b]\n",
    ],
)
def test_legitimate_repeats_are_accepted(text: str) -> None:
    parse_yaml(text, source="t.yaml")


def test_the_base_deck_itself_loads() -> None:
    assert [fact.id for fact in load_deck_text(BASE, source="extra.yaml").facts] == [
        "alexnet-depth"
    ]
