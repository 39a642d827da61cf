"""The deck JSON Schema: a fast yes/no check and a slow, thorough one.

Most decks are fine, so the fast path asks a compiled ``fastjsonschema``
validator only "is this valid?" (with the kind-dependent rules checked by
hand in ``shapes``, see there why).  When it says no, ``jsonschema`` walks the
whole document and every error is turned into a friendly finding.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any, cast

import fastjsonschema

from dlquiz.decks.findings import Finding
from dlquiz.decks.shapes import facts_and_questions_fit

SCHEMA_FILE = "deck.schema.json"


@cache
def deck_schema() -> dict[str, Any]:
    """Return the deck JSON Schema (Draft 2020-12) as a dictionary."""
    text = resources.files("dlquiz.decks").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


def fast_schema() -> dict[str, Any]:
    """Return the deck schema without its if/then rules, which ``shapes`` checks instead."""
    schema = json.loads(json.dumps(deck_schema()))
    for definition in ("fact", "question"):
        del schema["$defs"][definition]["allOf"]
    return cast(dict[str, Any], schema)


@cache
def _fast_validator() -> Callable[[Any], Any]:
    # Compiling generates and execs Python code; doing it once per process keeps loads fast.
    return cast(Callable[[Any], Any], fastjsonschema.compile(fast_schema()))


@cache
def _thorough_validator() -> Any:  # a jsonschema.Draft202012Validator (jsonschema is untyped)
    # Imported here: jsonschema takes a while to import and only broken decks need it.
    import jsonschema  # type: ignore[import-untyped]

    return jsonschema.Draft202012Validator(deck_schema())


def is_valid(data: object) -> bool:
    """Say quickly whether ``data`` matches the deck schema."""
    try:
        _fast_validator()(data)
        return facts_and_questions_fit(cast(dict[str, Any], data))
    except Exception:
        # JsonSchemaException, or a TypeError from odd YAML values (dates, integer keys):
        # either way the thorough check says what is wrong.
        return False


def schema_findings(data: object) -> Iterator[Finding]:
    """Yield every way ``data`` breaks the deck schema, as friendly findings."""
    from dlquiz.decks.messages import describe_errors

    yield from describe_errors(_thorough_validator().iter_errors(data))
