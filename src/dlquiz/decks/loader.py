"""Loading a deck file: read, parse, validate, build.

The happy path is: decode, one libyaml parse that keeps its node tree, a
compiled schema check, single-pass semantic checks, then plain object
construction.  Only when something is wrong do we pay for the thorough
``jsonschema`` walk, and then every problem is reported at once, each with
its line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from dlquiz.core.collector import collector_paused
from dlquiz.core.model import Deck, Fact
from dlquiz.core.problems import InputError, Problem
from dlquiz.decks.facts import build_fact
from dlquiz.decks.findings import Finding, to_problems
from dlquiz.decks.parse import parse_yaml
from dlquiz.decks.questions import build_question
from dlquiz.decks.schema import is_valid, schema_findings
from dlquiz.decks.semantic import semantic_findings
from dlquiz.decks.source import MAX_DECK_BYTES, read_deck_text


def load_deck(path: Path | str) -> Deck:
    """Load and validate the deck file at ``path``.

    Raises:
        InputError: the file cannot be read or is not a valid deck; every
            problem found is listed with its line and column.
    """
    source = str(path)
    return load_deck_text(read_deck_text(Path(path), source=source), source=source)


def load_deck_text(text: str, *, source: str) -> Deck:
    """Load and validate a deck from YAML ``text``; ``source`` names it in messages.

    Raises:
        InputError: the text is not a valid deck.
    """
    if len(text) > MAX_DECK_BYTES:
        raise InputError([Problem(file=source, message="the deck is too large to load")])
    with collector_paused():
        return _load(text, source=source)


def _load(text: str, *, source: str) -> Deck:
    parsed = parse_yaml(text, source=source)
    data = parsed.data
    if not isinstance(data, dict):
        raise InputError([_not_a_mapping(data, root=parsed.root, source=source)])
    findings: list[Finding] = []
    if not is_valid(data):
        findings.extend(schema_findings(data))
    findings.extend(semantic_findings(data))
    if findings:
        raise InputError(to_problems(findings, root=parsed.root, source=source))
    return _build_deck(data, fact_lines=_fact_lines(parsed.root), source=source)


def check_deck_file(path: Path | str) -> list[Problem]:
    """Return every problem with the deck file at ``path``; an empty list means it is fine."""
    try:
        load_deck(path)
    except InputError as error:
        return error.problems
    return []


def _build_deck(data: dict[str, Any], *, fact_lines: list[int], source: str) -> Deck:
    deck_id: str = data["id"]
    raw_facts = data.get("facts") or ()
    if len(fact_lines) != len(raw_facts):  # facts brought in by a YAML merge key
        fact_lines = [0] * len(raw_facts)
    facts = tuple(
        build_fact(raw, line=line) for raw, line in zip(raw_facts, fact_lines, strict=True)
    )
    questions = tuple(build_question(raw, deck_id=deck_id) for raw in data.get("questions") or ())
    topics = data.get("topics")
    return Deck(
        id=deck_id,
        name=data["name"],
        facts=facts,
        questions=questions,
        description=data.get("description", "").strip(),
        source=source,
        topics=tuple(topics) if topics is not None else _topics_in_use(facts, questions),
        confusions=tuple(data.get("confusions", ())),
    )


def _topics_in_use(facts: tuple[Fact, ...], questions: tuple[Any, ...]) -> tuple[str, ...]:
    """Without a ``topics`` list, the topics are those used, in order of first use."""
    used = [fact.topic for fact in facts] + [question.topic for question in questions]
    return tuple(topic for topic in dict.fromkeys(used) if topic)


def _fact_lines(root: yaml.Node) -> list[int]:
    """Return the line on which each fact starts, from the node tree."""
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in reversed(root.value):
            if key_node.value == "facts" and isinstance(value_node, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value_node.value]
    return []


def _not_a_mapping(data: object, *, root: yaml.Node, source: str) -> Problem:
    sort = "a list" if isinstance(data, list) else "a single value"
    return Problem(
        file=source,
        line=root.start_mark.line + 1,
        column=root.start_mark.column + 1,
        message=(
            f"the top level of a deck must be a mapping of fields "
            f"(format, id, name, facts, ...), not {sort}"
        ),
    )
