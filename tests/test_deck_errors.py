"""Broken deck files are refused with every problem placed at its line and column."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from dlquiz.core.problems import InputError, Problem
from dlquiz.decks import check_deck_file, load_deck, load_deck_text
from dlquiz.decks import source as deck_source

# Line numbers in the expectations below count from 1 in this text.
VALID = """\
format: 1
id: extra
name: Extra
facts:
  - id: alexnet-depth
    kind: count
    subject: AlexNet
    attribute: depth
    prompt: How many layers did AlexNet have?
    statement: AlexNet had {value}.
    value: 8
    unit: layers
"""

QUESTION_DECK = """\
format: 1
id: extra
name: Extra
questions:
  - id: q1
    type: multiple_choice
    prompt: Which lab built ResNet?
    choices: [Google, Microsoft Research, DeepMind]
    answer: Microsoft
"""

NEXT_FACT = """\
  - id: alexnet-depth
    kind: year
    subject: AlexNet
    attribute: year
    prompt: When?
    statement: In {value}.
    value: 2012
"""

BROKEN = {
    "wrong type": (
        VALID.replace("value: 8", "value: eighty"),
        ['extra.yaml:11:12: facts[0].value: expected a number, got "eighty"'],
    ),
    "missing field": (
        VALID.replace("    prompt: How many layers did AlexNet have?\n", ""),
        ["extra.yaml:5:5: facts[0]: missing required field 'prompt'"],
    ),
    "unknown field": (
        VALID.replace("    prompt:", "    promt:"),
        [
            "extra.yaml:5:5: facts[0]: missing required field 'prompt'",
            "extra.yaml:9:5: facts[0].promt: unknown field 'promt' (did you mean 'prompt'?)",
        ],
    ),
    "bad enum": (
        VALID.replace("kind: count", "kind: yeer"),
        [
            "extra.yaml:6:11: facts[0].kind: 'yeer' is not one of year, percent, count, "
            "name, list, concept (did you mean 'year'?)"
        ],
    ),
    "duplicate id": (
        VALID + NEXT_FACT,
        [
            "extra.yaml:13:9: facts[1].id: duplicate fact id 'alexnet-depth' "
            "(already used by facts[0])"
        ],
    ),
    "statement without value": (
        VALID.replace("AlexNet had {value}.", "AlexNet had eight layers."),
        [
            "extra.yaml:10:16: facts[0].statement: the statement must contain {value} "
            "exactly once, found it 0 times"
        ],
    ),
    "answer not among choices": (
        QUESTION_DECK,
        ["extra.yaml:9:13: questions[0].answer: the answer 'Microsoft' is not one of the choices"],
    ),
    "yaml syntax error": (
        VALID.replace("prompt: How many layers did AlexNet have?", "prompt: [unclosed"),
        [
            "extra.yaml:10:14: YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence at line 9)"
        ],
    ),
    "top-level list": (
        "- format: 1\n- id: extra\n",
        [
            "extra.yaml:1:1: the top level of a deck must be a mapping of fields "
            "(format, id, name, facts, ...), not a list"
        ],
    ),
    "bad deck id and format": (
        VALID.replace("id: extra", "id: Extra Deck").replace("format: 1", "format: 2"),
        [
            "extra.yaml:1:9: format: unsupported deck format 2; this version of dlquiz "
            "reads format 1",
            'extra.yaml:2:5: id: "Extra Deck" is not a valid id: a deck id may use only '
            "lowercase letters, digits and '-'",
        ],
    ),
    "no facts or questions": (
        "format: 1\nid: extra\nname: Extra\nfacts: []\n",
        ["extra.yaml:1:1: a deck needs at least one fact or question"],
    ),
}


def _problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | bytes) -> list[str]:
    monkeypatch.chdir(tmp_path)
    path = Path("extra.yaml")
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_deck("extra.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_the_valid_base_deck_loads() -> None:
    deck = load_deck_text(VALID, source="extra.yaml")
    assert [fact.id for fact in deck.facts] == ["alexnet-depth"]
    assert deck.facts[0].line == 5


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_decks_are_reported_at_line_and_column(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, expected = BROKEN[case]
    assert _problems(tmp_path, monkeypatch, text) == expected


def test_every_problem_is_reported_at_once() -> None:
    text = VALID.replace("value: 8", 'value: "85%"').replace(
        "kind: count", "kind: count\n    colour: red"
    ).replace("{value}", "{value} {value}") + NEXT_FACT.replace("value: 2012", "value: 2012.5")
    with pytest.raises(InputError) as caught:
        load_deck_text(text, source="extra.yaml")
    lines = str(caught.value).splitlines()
    assert lines == [
        "extra.yaml:7:5: facts[0].colour: unknown field 'colour'",
        "extra.yaml:11:16: facts[0].statement: the statement must contain {value} "
        "exactly once, found it 2 times",
        'extra.yaml:12:12: facts[0].value: expected a number, got "85%" '
        "(write a plain number such as 1200000 or 85, without commas or '%')",
        "extra.yaml:14:9: facts[1].id: duplicate fact id 'alexnet-depth' "
        "(already used by facts[0])",
        "extra.yaml:20:12: facts[1].value: expected a whole number, got 2012.5 "
        "(a year is a whole number)",
    ]


def test_a_word_yaml_reads_as_true_gets_a_hint() -> None:
    text = VALID.replace("kind: count", "kind: name").replace("value: 8", "value: yes")
    problems = [str(p) for p in _load_problems(text)]
    assert problems == [
        "extra.yaml:11:12: facts[0].value: expected text, got true (YAML reads "
        "yes/no/on/off/true/false as true or false; put the text in quotes)"
    ]


def test_non_utf8_bytes_are_placed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = VALID.replace("name: Extra", "name: Caf\u00e9").encode("latin-1")
    assert _problems(tmp_path, monkeypatch, content) == [
        "extra.yaml:3:10: the file is not UTF-8 text (byte 0xE9 cannot be decoded); "
        "save it as UTF-8"
    ]


def test_utf8_with_bom_and_utf16_with_bom_are_read(tmp_path: Path) -> None:
    text = VALID.replace("name: Extra", "name: Caf\u00e9 \u2192 deck")
    for encoded in (codecs.BOM_UTF8 + text.encode("utf-8"), text.encode("utf-16")):
        path = tmp_path / "deck.yaml"
        path.write_bytes(encoded)
        assert load_deck(path).name == "Caf\u00e9 \u2192 deck"


def test_utf32_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_bytes(VALID.encode("utf-32"))
    assert [p.message for p in check_deck_file(path)] == [
        "the file is UTF-32 encoded; save it as UTF-8"
    ]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["format: 1", "id: bomb", "name: Bomb", "a0: &a0 [lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with pytest.raises(InputError) as caught:
        load_deck_text("\n".join(lines) + "\n", source="bomb.yaml")
    (problem,) = caught.value.problems
    assert problem.message.startswith("aliases expand to too many values")
    assert problem.line == 10  # a6 is the first to pass a million values


def test_small_aliases_are_fine() -> None:
    text = VALID.replace("    unit: layers\n", "    unit: &unit layers\n") + NEXT_FACT.replace(
        "id: alexnet-depth", "id: alexnet-year"
    ).replace("    value: 2012\n", "    value: 2012\n    topic: *unit\n")
    deck = load_deck_text(text, source="extra.yaml")
    assert deck.facts[1].topic == "layers"


def test_a_self_referring_alias_is_refused() -> None:
    text = VALID + "loop: &loop [1, *loop]\n"
    messages = [p.message for p in _load_problems(text)]
    assert messages == [
        "an alias refers to a value that contains it; the deck is refused (an 'alias bomb'?)"
    ]


def test_overlong_fields_are_refused() -> None:
    text = VALID.replace("How many layers did AlexNet have?", "x" * 10_001)
    assert [str(p) for p in _load_problems(text)] == [
        "extra.yaml:9:13: facts[0].prompt: is too long (10,001 characters; the limit is 10,000)"
    ]


def test_files_over_the_size_limit_are_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deck_source, "MAX_DECK_BYTES", 100)
    path = tmp_path / "deck.yaml"
    path.write_text(VALID, encoding="utf-8")
    (problem,) = check_deck_file(path)
    assert "decks are limited to" in problem.message


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    assert [p.message for p in check_deck_file(tmp_path / "nope.yaml")] == ["no such file"]
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert [p.message for p in check_deck_file(tmp_path / "empty.yaml")] == ["the file is empty"]


def test_several_documents_are_refused() -> None:
    problems = _load_problems(VALID + "---\n" + VALID)
    assert len(problems) == 1
    assert problems[0].line == 13
    assert "expected a single document" in problems[0].message


def test_semantic_checks_on_facts_and_questions() -> None:
    text = """\
format: 1
id: extra
name: Extra
topics: [Vision]
facts:
  - id: lab
    topic: Language
    kind: name
    subject: ResNet
    attribute: lab
    prompt: Who built ResNet?
    statement: "{value} built ResNet."
    value: Microsoft Research
    aliases: [Microsoft]
    distractors: [microsoft, Google]
    tolerance: 1
questions:
  - id: order
    type: ordering
    prompt: Order them.
    answer: [a, b, a]
  - id: gap
    type: cloze
    prompt: ResNet came from Microsoft.
    answer: Microsoft
  - id: tf
    type: true_false
    prompt: True?
    answer: true
    choices: [a, b]
"""
    assert [str(p) for p in _load_problems(text)] == [
        "extra.yaml:7:12: facts[0].topic: topic 'Language' is not listed in 'topics'",
        "extra.yaml:15:19: facts[0].distractors[0]: distractor 'microsoft' is also an "
        "accepted answer",
        "extra.yaml:16:16: facts[0].tolerance: only year, percent and count facts take "
        "'tolerance', not name facts",
        "extra.yaml:21:20: questions[0].answer[2]: duplicate item 'a'",
        "extra.yaml:24:13: questions[1].prompt: a cloze prompt marks the gap with '___' or more",
        "extra.yaml:30:14: questions[2].choices: only multiple_choice questions take "
        "'choices', not true_false",
    ]


def _load_problems(text: str) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_deck_text(text, source="extra.yaml")
    return caught.value.problems
