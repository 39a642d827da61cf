"""The chapter deck uses the grading fields wherever they fit (issue 10)."""

from __future__ import annotations

from dlquiz.core.model import FactKind
from dlquiz.decks import load_chapter_deck


def test_every_concept_fact_states_its_key_ideas() -> None:
    missing = [
        f.id for f in load_chapter_deck().facts if f.kind is FactKind.CONCEPT and not f.ideas
    ]
    assert missing == []


def test_every_name_and_list_fact_names_its_known_confusions() -> None:
    kinds = (FactKind.NAME, FactKind.LIST)
    missing = [f.id for f in load_chapter_deck().facts if f.kind in kinds and not f.confusions]
    assert missing == []


def test_every_name_fact_has_aliases() -> None:
    facts = load_chapter_deck().facts
    assert [f.id for f in facts if f.kind is FactKind.NAME and not f.aliases] == []
