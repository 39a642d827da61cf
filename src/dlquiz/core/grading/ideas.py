"""Finding a key's terms inside a phrased answer, word family by word family.

A term is found when its words appear in the answer in order, each as the
same word family (stem) or with a small typo, with at most one extra word
between two of them ("the correct label is among the top 5 guesses" states
"label among top 5 guesses").  A term whose words fall under a negation
("does not prevent overfitting") is found *negated*: it does not count for
the answer, and a negated contradiction does not count against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from dlquiz.core.grading.words import Words, term_words

_GAP = 1  # extra answer words allowed between two words of a term
_NO_TYPO_UP_TO = 3
_SHORT = 4
_ONE_TYPO_UP_TO = 8


@dataclass(frozen=True, slots=True)
class Found:
    """Where a term was found: its first and last answer word, negated or not, typos."""

    start: int
    end: int
    negated: bool
    typos: int
    words: frozenset[int] = frozenset()  # the answer words that matched the term


def word_typo_allowance(word: str, said: str = "") -> int:
    """Typos forgiven in one word: none up to 3 letters, 1 up to 8, then 2.

    A four-letter word forgives only one extra letter ("neeed" for "need"):
    a changed or dropped letter there mostly makes another word ("sire" for
    "Siri", "sip" for "skip", "Data" for "Dota").
    """
    if len(word) <= _NO_TYPO_UP_TO or not (word + said).isalpha():
        return 0
    if len(word) == _SHORT and len(said) != len(word) + 1:
        return 0
    return 1 if len(word) <= _ONE_TYPO_UP_TO else 2


def _word_typos(
    answer: Words, index: int, term: Words, place: int, *, typos: bool = True
) -> int | None:
    if answer.stems[index] == term.stems[place]:
        return 0
    if not typos:
        return None
    said, meant = answer.forms[index], term.forms[place]
    # Cheap refusals first: this runs for every answer word against every term word.
    if said[:1] != meant[:1] or abs(len(said) - len(meant)) > 2:  # noqa: PLR2004
        return None
    allowance = word_typo_allowance(meant, said)
    if allowance == 0:
        return None
    distance = OSA.distance(said, meant, score_cutoff=allowance)
    return distance if distance <= allowance else None


def _negation_differs(answer: Words, pairs: list[tuple[int, int]], term: Words) -> bool:
    """Whether the answer says the opposite of the term (``pairs``: answer word, term word).

    A term without a negation is denied by any negated word.  A term may hold
    its own negation ("cannot be trained", "not sufficient"): then the first of
    its negated words must be negated in the answer too, and the answer's negation
    may reach on over the words after them ("can't train very deep networks"
    says what "deep networks cannot be trained" says), but a negated word
    before them is a denial of its own ("not necessary, not sufficient" is not
    "necessary but not sufficient").
    """
    if not any(term.negated):
        return any(answer.negated[index] for index, _ in pairs)
    required = [index for index, place in pairs if term.negated[place]]
    first = min(required)
    # Only where the negation starts must the answer negate too: how far a
    # negation reaches is read from a few words on either side, so the key's
    # "could not be trained beyond a certain depth" and the answer's "could
    # not train networks beyond a certain depth" need not reach alike.
    if not answer.negated[first]:
        return True
    return any(
        answer.negated[index] and not term.negated[place] and index < first
        for index, place in pairs
    )


def _match_from(answer: Words, start: int, term: Words, *, exact: bool) -> Found | None:
    """The term's words in order from ``start``, at most ``_GAP`` extra words apart."""
    typos = _word_typos(answer, start, term, 0, typos=not exact)
    if typos is None:
        return None
    index = start
    pairs = [(start, 0)]
    for place in range(1, len(term.stems)):
        for step in range(1, _GAP + 2):
            if index + step >= len(answer.stems):
                return None
            more = _word_typos(answer, index + step, term, place, typos=not exact)
            if more is not None:
                index, typos = index + step, typos + more
                pairs.append((index, place))
                break
        else:
            return None
    matched = frozenset(at for at, _ in pairs)
    return Found(start, index, _negation_differs(answer, pairs, term), typos, matched)


def _match_within(answer: Words, start: int, term: Words, *, exact: bool) -> Found | None:
    """The term's words in any order within a short window from ``start``.

    "make the dataset bigger" states "bigger dataset": a learner's word
    order follows the sentence, not the key.
    """
    width = 2 * len(term.stems)
    window = range(start, min(len(answer.stems), start + width))
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    typos = 0
    for place in range(len(term.stems)):
        for index in window:
            if index in used:
                continue
            more = _word_typos(answer, index, term, place, typos=not exact)
            if more is not None:
                used.add(index)
                pairs.append((index, place))
                typos += more
                break
        else:
            return None
    if start not in used:
        return None  # the window is anchored at a word of the term
    negated = _negation_differs(answer, pairs, term)
    return Found(start, max(used), negated, typos, frozenset(used))


def find_term(answer: Words, term: str, *, exact: bool = False) -> Found | None:
    """The first place ``term`` is stated in ``answer``, preferring a plain (not negated) one.

    ``exact`` forgives no typo and no change of word order: a wrong term must
    be written as such, or a right word one letter from it ("ResNet" beside
    "ResNeXt") or words that only sit near each other would count against
    the learner.  Time is linear in the answer's length for a term
    of fixed length.
    """
    words = term_words(term)
    if not words.stems:
        return None
    first_negated: Found | None = None
    for start in range(len(answer.stems)):
        found = _match_from(answer, start, words, exact=exact)
        if found is None and len(words.stems) > 1 and not exact:
            found = _match_within(answer, start, words, exact=exact)
        if found is None:
            continue
        if not found.negated:
            return found
        first_negated = first_negated or found
    return first_negated


def find_any(
    answer: Words, terms: Iterable[str], *, exact: bool = False
) -> tuple[str, Found] | None:
    """The first of ``terms`` stated plainly in ``answer`` (else a negated one)."""
    negated: tuple[str, Found] | None = None
    for term in terms:
        found = find_term(answer, term, exact=exact)
        if found is None:
            continue
        if not found.negated:
            return term, found
        negated = negated or (term, found)
    return negated


def find_all(
    answer: Words, terms: Iterable[str], *, exact: bool = False
) -> list[tuple[str, Found]]:
    """Every one of ``terms`` that ``answer`` states plainly, with where."""
    hits: list[tuple[str, Found]] = []
    for term in terms:
        found = find_term(answer, term, exact=exact)
        if found is not None and not found.negated:
            hits.append((term, found))
    return hits
