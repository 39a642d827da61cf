"""Siblings: questions that must not meet on one study day.

Two questions are siblings when answering one makes the other easy:

* they ask about the same fact (typed, cloze, multiple choice and true/false
  of one fact; an ordering or matching question over that fact), or come
  from one imported note, which importers record as a ``note:`` fact id;
* the text one question shows (its prompt, and the items of an ordering or
  matching question) contains an answer of the other.

The relation is symmetric but not transitive: the typed questions of two
facts are not siblings because a matching question covers both.  Answer
terms are compared as whole words after :func:`normalize_text`, through an
index of word sequences, so the cost grows with the deck's size rather than
its square.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from dlquiz.core.generate.formatting import format_number_with_unit
from dlquiz.core.grading.normalize import normalize_text
from dlquiz.core.model import (
    ChoiceKey,
    FlashKey,
    ListKey,
    MatchKey,
    NumberKey,
    Question,
    QuestionType,
    TextKey,
)

SiblingKey = tuple[str, str]  # (deck id, fact id or "q:" + question id)
SiblingMap = Mapping[str, frozenset[str]]

_SHORTEST_TERM = 3  # "RL" or "AI" would be found in far too many prompts
_LONGEST_FLASH_TERM = 6  # words; a longer flashcard back is an explanation, not a term
_SHOWS_ITEMS = (QuestionType.ORDERING, QuestionType.MATCHING)


def sibling_keys(question: Question) -> frozenset[SiblingKey]:
    """What the question is about: its facts (or its note), else itself."""
    if question.fact_ids:
        return frozenset((question.deck, fact) for fact in question.fact_ids)
    return frozenset({(question.deck, f"q:{question.id}")})


def _number_terms(key: NumberKey) -> list[str]:
    if key.is_year:
        return [str(round(key.value))]
    # A bare "5" is everywhere ("top-5"); with its unit it is this answer.
    return [format_number_with_unit(key.value, key.unit)] if key.unit else []


def answer_terms(question: Question) -> tuple[str, ...]:
    """The normalised texts that, seen elsewhere, would give this question's answer away.

    True/false, ordering and matching questions have none of their own: their
    answer is a verdict or an arrangement.  Their facts' terms come from the
    fact's other questions, which share their sibling keys.
    """
    key = question.key
    raw: list[str] = []
    if isinstance(key, TextKey):
        raw = list(key.accepted)
    elif isinstance(key, NumberKey):
        raw = _number_terms(key)
    elif isinstance(key, ChoiceKey) and question.choices and not key.multiple:
        raw = [question.choices[i] for i in key.correct if 0 <= i < len(question.choices)]
    elif isinstance(key, ListKey):
        raw = [member.text for member in key.members]
    elif isinstance(key, FlashKey) and len(question.answer.split()) <= _LONGEST_FLASH_TERM:
        raw = [question.answer]
    terms = (normalize_text(text) for text in raw)
    return tuple(dict.fromkeys(t for t in terms if _is_term(t)))


def _is_term(term: str) -> bool:
    """Long enough to mean something where it is found: "74" (from "74%") is, "rl" is not."""
    if any(ch.isdigit() for ch in term):
        return len(term) >= 2
    return len(term.replace(" ", "")) >= _SHORTEST_TERM


def shown_text(question: Question) -> str:
    """What a learner reads before answering: the prompt, and the items to arrange."""
    parts = [question.text_prompt]
    if question.type in _SHOWS_ITEMS and question.choices:
        parts += list(question.choices)
    if isinstance(question.key, MatchKey):
        parts += list(question.key.lefts)
    return " \n ".join(parts)


class TermIndex:
    """Finds which owners' answer terms occur, as whole words, in a text.

    An owner usually needs one of its terms found.  A list needs two of its
    members (or all, when it has fewer): one member named in passing does not
    give a four-member list away.
    """

    def __init__(self) -> None:
        self._owners: defaultdict[tuple[str, ...], set[SiblingKey]] = defaultdict(set)
        self._needed: dict[SiblingKey, int] = {}
        self._longest = 0

    def add(self, term: str, owner: SiblingKey, *, needed: int = 1) -> None:
        words = tuple(term.split())
        if words:
            self._owners[words].add(owner)
            self._needed[owner] = max(self._needed.get(owner, 1), needed)
            self._longest = max(self._longest, len(words))

    def owners_in(self, text: str) -> set[SiblingKey]:
        """Every owner with enough of its terms in ``text``."""
        words = normalize_text(text).split()
        hits: defaultdict[SiblingKey, set[tuple[str, ...]]] = defaultdict(set)
        for start in range(len(words)):
            for length in range(1, min(self._longest, len(words) - start) + 1):
                term = tuple(words[start : start + length])
                for owner in self._owners.get(term, ()):
                    hits[owner].add(term)
        return {owner for owner, terms in hits.items() if len(terms) >= self._needed[owner]}


def terms_needed(question: Question) -> int:
    """How many of the question's answer terms must be seen to give it away."""
    if isinstance(question.key, ListKey):
        return min(2, len(question.key.members))
    return 1


def term_index(questions: Iterable[Question]) -> TermIndex:
    """An index of every question's answer terms, owned by its sibling keys."""
    index = TermIndex()
    for question in questions:
        needed = terms_needed(question)
        for term in answer_terms(question):
            for owner in sibling_keys(question):
                index.add(term, owner, needed=needed)
    return index


def revealed_keys(questions: Sequence[Question]) -> dict[str, set[SiblingKey]]:
    """For each question id, the other facts whose answers its shown text contains."""
    index = term_index(questions)
    out: dict[str, set[SiblingKey]] = {}
    for question in questions:
        found = index.owners_in(shown_text(question)) - sibling_keys(question)
        if found:
            out[question.id] = found
    return out


def sibling_map(questions: Iterable[Question], *, reveal: bool = True) -> dict[str, frozenset[str]]:
    """Each question's siblings among ``questions`` (only those that have any).

    Args:
        questions: any questions; only those of one deck can be siblings.
        reveal: also pair questions whose shown text gives another's answer
            away (on by default; very large decks may leave it out).
    """
    pool = list({question.id: question for question in questions}.values())
    by_key: defaultdict[SiblingKey, set[str]] = defaultdict(set)
    for question in pool:
        for key in sibling_keys(question):
            by_key[key].add(question.id)
    links: defaultdict[str, set[str]] = defaultdict(set)
    for members in by_key.values():
        if len(members) > 1:
            for qid in members:
                links[qid] |= members
    if reveal:
        for qid, keys in revealed_keys(pool).items():
            for key in keys:
                for other in by_key.get(key, ()):
                    links[qid].add(other)
                    links[other].add(qid)
    return {qid: frozenset(others - {qid}) for qid, others in links.items() if others - {qid}}
