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

    @classmethod
    def from_facts(cls, facts: Iterable[Fact]) -> DeckPools:
        """Collect the answers of every name, concept and numeric fact."""
        names: defaultdict[str, list[str]] = defaultdict(list)
        numbers: defaultdict[NumberPoolKey, list[float]] = defaultdict(list)
        for fact in facts:
            if fact.kind in (FactKind.NAME, FactKind.CONCEPT) and fact.text:
                names[fact.attribute].append(fact.text)
            elif fact.is_numeric and fact.number is not None:
                numbers[number_pool_key(fact)].append(fact.number)
        return cls(names=dict(names), numbers=dict(numbers))

    def names_for(self, fact: Fact) -> list[str]:
        """Answers of every name or concept fact with ``fact``'s attribute."""
        return self.names.get(fact.attribute, [])

    def numbers_for(self, fact: Fact) -> list[float]:
        """Values of every numeric fact with ``fact``'s attribute, kind and unit."""
        return self.numbers.get(number_pool_key(fact), [])
