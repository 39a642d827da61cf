"""Wrong but plausible names and phrases for multiple choice and false statements.

The fact's own ``distractors`` come first: the deck's author chose them to
be wrong.  The rest are the answers of other facts about the same attribute
(other labs for a lab, other architectures for an architecture), which are
tempting because they belong to the same chapter.  A harvested answer that
shares all its words with an accepted one ("Google" beside "Google Brain")
is left out: it might be half right.
"""

from __future__ import annotations

from collections.abc import Iterable

from dlquiz.core.generate.formatting import fold, words_overlap
from dlquiz.core.generate.ids import in_rank_order
from dlquiz.core.model import Fact


def accepted_answers(fact: Fact) -> tuple[str, ...]:
    """Return every text that is right for a name or concept fact."""
    return (fact.text, *fact.aliases)


def name_distractors(
    fact: Fact, *, harvested: Iterable[str], salt: tuple[object, ...], count: int
) -> list[str]:
    """Return up to ``count`` wrong answers for a name or concept fact.

    Args:
        fact: the fact asked about.
        harvested: answers of other facts with the same attribute.
        salt: the seed and question id; the same salt always picks the same names.
        count: how many to return at most.
    """
    accepted = accepted_answers(fact)
    taken = {fold(text) for text in accepted}

    def usable(text: str, *, authored: bool) -> bool:
        if not fold(text) or fold(text) in taken:
            return False
        return authored or not any(words_overlap(text, right) for right in accepted)

    authored = [text for text in dict.fromkeys(fact.distractors) if usable(text, authored=True)]
    others = [text for text in dict.fromkeys(harvested) if usable(text, authored=False)]
    chosen: list[str] = []
    for text in in_rank_order(authored, salt=salt) + in_rank_order(others, salt=salt):
        if len(chosen) == count:
            break
        if fold(text) not in taken:
            chosen.append(text)
            taken.add(fold(text))
    return chosen
