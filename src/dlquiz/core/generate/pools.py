"""What the per-fact generators need to know about the rest of the deck.

Built once per deck in one pass, so no generator ever scans the deck again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from dlquiz.core.model import Fact, FactKind

NumberPoolKey = tuple[str, FactKind, str]  # attribute, kind, unit


def number_pool_key(fact: Fact) -> NumberPoolKey:
    """Facts whose numbers can stand in for each other share this key."""
    return (fact.attribute, fact.kind, fact.unit)


@dataclass(frozen=True, slots=True)
class DeckPools:
    """Other facts' answers, by attribute, to borrow as distractors."""

    names: dict[str, list[str]] = field(default_factory=dict)
    numbers: dict[NumberPoolKey, list[float]] = field(default_factory=dict)
    # Every name the deck uses (answers, aliases, distractors, list members):
    # the grader never takes one for a typo of another.
    vocabulary: tuple[str, ...] = ()
    confusions: tuple[str, ...] = ()  # the deck's own list of known confusions
    # Name and concept facts by attribute and folded answer text, so that a
    # multiple-choice option that is another fact's answer about the same
    # attribute is read with that fact's aliases.
    by_answer: dict[tuple[str, str], Fact] = field(default_factory=dict)

    @classmethod
    def from_facts(cls, facts: Iterable[Fact], *, confusions: Iterable[str] = ()) -> DeckPools:
        """Collect the answers of every name, concept and numeric fact."""
        names: defaultdict[str, list[str]] = defaultdict(list)
        numbers: defaultdict[NumberPoolKey, list[float]] = defaultdict(list)
        vocabulary: dict[str, None] = {}
        by_answer: dict[tuple[str, str], Fact] = {}
        for fact in facts:
            if fact.kind in (FactKind.NAME, FactKind.CONCEPT) and fact.text:
                names[fact.attribute].append(fact.text)
                by_answer.setdefault((fact.attribute, fact.text.casefold()), fact)
            elif fact.is_numeric and fact.number is not None:
                numbers[number_pool_key(fact)].append(fact.number)
            if fact.kind is FactKind.NAME:
                vocabulary.update(dict.fromkeys((fact.text, *fact.aliases)))
            if not fact.is_numeric:
                vocabulary.update(dict.fromkeys((*fact.distractors, *fact.confusions)))
            for member in fact.members:
                vocabulary.update(dict.fromkeys((member.text, *member.aliases)))
        return cls(
            names=dict(names),
            numbers=dict(numbers),
            vocabulary=tuple(vocabulary),
            confusions=tuple(confusions),
            by_answer=by_answer,
        )

    def names_for(self, fact: Fact) -> list[str]:
        """Answers of every name or concept fact with ``fact``'s attribute."""
        return self.names.get(fact.attribute, [])

    def numbers_for(self, fact: Fact) -> list[float]:
        """Values of every numeric fact with ``fact``'s attribute, kind and unit."""
        return self.numbers.get(number_pool_key(fact), [])
