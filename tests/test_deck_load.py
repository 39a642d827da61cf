"""A valid deck file becomes a Deck whose facts carry every field of the file."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from dlquiz.core.model import Bound, FactKind, ListMember
from dlquiz.core.problems import InputError
from dlquiz.decks import chapter_deck_path, check_deck_file, load_deck, load_deck_text

DECK = """\
format: 1
id: small
name: Small deck
description: >
  Two facts.
facts:
  - id: resnet-depth
    topic: ResNet
    kind: count
    subject: ResNet
    attribute: depth
    group: architectures
    prompt: How deep could networks become with skip connections?
    statement: Skip connections made networks with {value} trainable.
    explanation: >
      Gradients bypass layers.
      So depth stops hurting.
    value: 100
    unit: layers
    bound: at_least
    tolerance: 0
  - id: factors
    topic: Why now
    kind: list
    subject: Deep learning
    attribute: enabling_factors
    prompt: Which three factors?
    statement: "They were {value}."
    value:
      - text: big data
        aliases: [data]
      - GPU computing
  - id: lab
    topic: ResNet
    kind: name
    subject: ResNet
    attribute: lab
    prompt: Who built ResNet?
    statement: ResNet came from {value}.
    value: Microsoft Research
    aliases: [Microsoft]
    distractors: [Google, DeepMind]
  - id: year
    topic: ResNet
    kind: year
    subject: ResNet
    attribute: year
    event: ResNet beats humans
    group: timeline
    prompt: When?
    statement: In {value}.
    value: 2015
"""


def test_every_field_reaches_the_fact() -> None:
    deck = load_deck_text(DECK, source="small.yaml")
    assert (deck.id, deck.name, deck.description, deck.source) == (
        "small",
        "Small deck",
        "Two facts.",
        "small.yaml",
    )
    depth, factors, lab, year = deck.facts
    assert (depth.kind, depth.number, depth.unit, depth.bound) == (
        FactKind.COUNT,
        100.0,
        "layers",
        Bound.AT_LEAST,
    )
    assert depth.explanation == "Gradients bypass layers. So depth stops hurting."
    assert (depth.group, depth.line, depth.text, depth.members) == ("architectures", 7, "", ())
    assert factors.members == (ListMember("big data", ("data",)), ListMember("GPU computing"))
    assert factors.number is None
    assert (lab.text, lab.aliases, lab.distractors) == (
        "Microsoft Research",
        ("Microsoft",),
        ("Google", "DeepMind"),
    )
    assert (year.number, year.event, year.group, year.unit) == (
        2015,
        "ResNet beats humans",
        "timeline",
        "",
    )


def test_topics_default_to_those_used_in_order() -> None:
    assert load_deck_text(DECK, source="small.yaml").topics == ("ResNet", "Why now")


def test_given_topics_keep_their_order() -> None:
    text = DECK.replace("facts:\n", "topics: [Why now, ResNet, Unused]\nfacts:\n", 1)
    assert load_deck_text(text, source="small.yaml").topics == ("Why now", "ResNet", "Unused")


def test_check_deck_file_is_empty_for_the_chapter_deck() -> None:
    assert check_deck_file(chapter_deck_path()) == []


def test_load_deck_names_the_file_as_given(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(DECK.replace("value: 2015", "value: soon"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_deck(path)
    assert str(caught.value) == f'{path}:52:12: facts[3].value: expected a whole number, got "soon"'


def test_the_garbage_collector_is_restored() -> None:
    assert gc.isenabled()
    load_deck_text(DECK, source="small.yaml")
    assert gc.isenabled()
    with pytest.raises(InputError):
        load_deck_text("format: 2\n", source="bad.yaml")
    assert gc.isenabled()
    gc.disable()
    try:
        load_deck_text(DECK, source="small.yaml")
        assert not gc.isenabled()  # a caller's choice is left alone
    finally:
        gc.enable()
