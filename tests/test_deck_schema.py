"""The JSON Schema, and the fast check that stands in for it on the happy path."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlquiz.core.problems import InputError
from dlquiz.decks import chapter_deck_path, deck_schema, load_deck_text
from dlquiz.decks.schema import is_valid

KINDS = ["year", "percent", "count", "name", "list", "concept"]
TYPES = ["typed", "multiple_choice", "true_false", "ordering", "matching", "list", "cloze"]


def _thorough_errors(data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(deck_schema())
    return [error.message for error in validator.iter_errors(data)]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(deck_schema())


def test_the_chapter_deck_matches_the_schema() -> None:
    data = yaml.safe_load(chapter_deck_path().read_text(encoding="utf-8"))
    assert _thorough_errors(data) == []
    assert is_valid(data)


# Values of every YAML sort, so each kind meets values it must refuse.
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-20_000, max_value=2_000_000),
    st.floats(allow_nan=False, min_value=-200, max_value=20_000),
    st.sampled_from(["", "x", "eighty", "85%", "Geoffrey Hinton"]),
    st.lists(st.sampled_from(["a", "b", ""]), max_size=3),
    st.lists(
        st.fixed_dictionaries(
            {"text": st.sampled_from(["a", "", 5])},
            optional={"aliases": st.sampled_from([["x"], "x", [""]]), "alias": st.just(["y"])},
        ),
        max_size=2,
    ),
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.sampled_from(["x", "", 3]), max_size=3),
    st.lists(st.lists(st.sampled_from(["a", "b", ""]), max_size=3), max_size=3),
)


GOOD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "year": st.integers(-10_000, 10_000),
    "percent": st.floats(0, 100),
    "count": st.integers(0, 10**7) | st.floats(0, 1e6),
    "name": st.text(min_size=1, max_size=5),
    "concept": st.text(min_size=1, max_size=5),
    "list": st.lists(
        st.sampled_from(["a", {"text": "b"}, {"text": "c", "aliases": ["d"]}]), min_size=1
    ),
    "typed": st.integers() | st.text(min_size=1, max_size=5),
    "cloze": st.floats(allow_nan=False) | st.text(min_size=1, max_size=5),
    "multiple_choice": st.just("a"),
    "true_false": st.booleans(),
    "ordering": st.lists(st.sampled_from(["a", "b", "c"]), min_size=2, max_size=3, unique=True),
    "matching": st.just({"a": "x", "b": "y"}) | st.just([["a", "x"], ["b", "y"]]),
}


def _value(draw: st.DrawFn, kind: str) -> Any:
    """Mostly a value that fits ``kind``, sometimes anything at all."""
    return draw(GOOD_VALUES[kind] if draw(st.integers(0, 9)) < 8 else ANY_VALUE)


@st.composite
def decks(draw: st.DrawFn) -> dict[str, Any]:
    facts = []
    for index in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(KINDS))
        fact = {"id": f"f{index}", "kind": kind, "subject": "S", "attribute": "a"}
        fact |= {"prompt": "P?", "statement": "{value}", "value": _value(draw, kind)}
        facts.append(fact)
    questions = []
    for index in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(TYPES))
        question = {"id": f"q{index}", "type": kind, "prompt": "P ___"}
        question["answer"] = _value(draw, kind)
        if kind == "multiple_choice" or draw(st.integers(0, 9)) == 0:
            question["choices"] = ["x", "a"]
        questions.append(question)
    return {"format": 1, "id": "d", "name": "D", "facts": facts, "questions": questions}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_the_fast_check_never_accepts_what_the_schema_refuses(data: dict[str, Any]) -> None:
    if is_valid(data):
        assert _thorough_errors(data) == []


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("year", 2012),
        ("percent", 85.5),
        ("count", 0),
        ("name", "Google"),
        ("concept", "skip connections"),
        ("list", ["Tesla", {"text": "Waymo", "aliases": ["Google's Waymo"]}]),
    ],
)
def test_the_fast_check_accepts_well_formed_facts(kind: str, value: object) -> None:
    fact = {"id": "f", "kind": kind, "subject": "S", "attribute": "a", "prompt": "P?"}
    data = {"format": 1, "id": "d", "name": "D", "facts": [fact | {"statement": "{value}"}]}
    data["facts"][0]["value"] = value
    assert is_valid(data)


def test_what_only_the_thorough_check_accepts_still_loads() -> None:
    # jsonschema counts 2012.0 as an integer; the fast check is stricter and hands it over.
    text = """\
format: 1
id: d
name: D
facts:
  - {id: f, kind: year, subject: S, attribute: year, prompt: P?, statement: "{value}",
     value: 2012.0}
"""
    assert load_deck_text(text, source="d.yaml").facts[0].number == 2012


def test_python_tags_are_refused_not_run() -> None:
    text = "format: 1\nid: d\nname: !!python/object/apply:os.getcwd []\n"
    with pytest.raises(InputError) as caught:
        load_deck_text(text, source="d.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 7)
    assert "could not determine a constructor" in problem.message
