"""Judging list answers: every member named once, in any order.

The answer is split on commas, semicolons, "and", "&", "+" and new lines;
each part is matched to at most one member (its text or an alias, with the
same leniency as typed answers) and each member to at most one part.

Score = max(0, hits - 0.5 * wrong items) / members.  A part that names a
member already named is a repeat and costs nothing; a part that names no
member is a wrong item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dlquiz.core.grading.ideas import Found, find_any
from dlquiz.core.grading.normalize import comparison_key
from dlquiz.core.grading.outcome import Outcome, closing, join_items, spelling_note
from dlquiz.core.grading.text import TextMatch, match_text
from dlquiz.core.grading.words import Words, read_words
from dlquiz.core.model import ListKey, ListMember

WRONG_ITEM_PENALTY = 0.5
_ANY_NUMBER_OF_TYPOS = 1 << 30
# A learner's comma, semicolon, slash or new line always ends an item; the
# weak separators ("and", "&", "then") may also sit inside one ("R&D").
# Numbering ("1) big data 2) GPUs"), bullets and a dash between spaces end items too.
_STRONG = re.compile(r"[,;/\n\r\u2022]|(?:^|\s)\d{1,2}[.)](?=\s)|\s[-\u2013\u2014*]\s")
_WEAK = re.compile(r"[&+]|\b(?:and|then|plus|as well as|followed by|vs|versus)\b", re.IGNORECASE)
_SEPARATOR = re.compile(f"{_STRONG.pattern}|{_WEAK.pattern}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ListResult:
    """How the parts of an answer lined up with the members of a list."""

    named: tuple[int, ...]  # members hit, in member order
    spelled: tuple[int, ...]  # members among ``named`` whose typos were forgiven
    wrong: tuple[str, ...]  # parts that name no member

    def score(self, members: int) -> float:
        """The share of members named, less the penalty for wrong items."""
        if members == 0:
            return 0.0 if self.wrong else 1.0
        return max(0.0, len(self.named) - WRONG_ITEM_PENALTY * len(self.wrong)) / members


def _item_spans(answer: str) -> list[tuple[int, int]]:
    """Start and end of each non-empty part of ``answer``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for separator in [*_SEPARATOR.finditer(answer), None]:
        end = separator.start() if separator else len(answer)
        if answer[start:end].strip():
            spans.append((start, end))
        start = separator.end() if separator else end
    return spans


def split_items(answer: str) -> list[str]:
    """The parts of a list answer, without empty ones.

    Args:
        answer: e.g. "big data, GPUs and better algorithms".

    Returns:
        The stripped parts in the order given.
    """
    return [answer[start:end].strip() for start, end in _item_spans(answer)]


@lru_cache(maxsize=512)
def _spellings(member: ListMember) -> tuple[str, ...]:
    return (member.text, *member.aliases)


@lru_cache(maxsize=512)
def _split_members(members: tuple[ListMember, ...]) -> tuple[tuple[str, ...], int]:
    """Spellings that hold a separator ("R&D"), and the most parts one splits into."""
    spellings = tuple(s for m in members for s in _spellings(m) if len(split_items(s)) > 1)
    return spellings, max((len(split_items(s)) for s in spellings), default=1)


def _whole_matches(part: str, members: tuple[ListMember, ...]) -> dict[int, int]:
    """Typos needed for the whole of ``part`` to spell each member it can spell."""
    return dict(_spelt_members(part, members))


@lru_cache(maxsize=512)  # splitting an answer and matching its parts both ask for each part
def _spelt_members(part: str, members: tuple[ListMember, ...]) -> tuple[tuple[int, int], ...]:
    found: list[tuple[int, int]] = []
    for index, member in enumerate(members):
        match: TextMatch | None = match_text(part, _spellings(member))
        if match is not None:
            found.append((index, match.typos))
    return tuple(found)


def _member_for(
    part: str, members: tuple[ListMember, ...], confusions: tuple[str, ...] = ()
) -> dict[int, int]:
    """Typos needed for ``part`` to name each member it can name.

    A part is read whole first ("GPU computing"), then as words that state a
    member among others ("Apple's Siri", "NVIDIA GPUs").  A part that is one
    of the key's confusions, or nearer to one than to any member, names none.
    """
    found = _whole_matches(part, members)
    if found and 0 not in found.values() and confusions:
        confused = match_text(part, confusions)
        if confused is not None and confused.typos <= min(found.values()):
            return {}
    if found:
        return found
    if confusions and match_text(part, confusions) is not None:
        return {}
    words = read_words(part)
    for index, member in enumerate(members):
        hit = find_any(words, _spellings(member))
        if hit is not None and not hit[1].negated:
            found[index] = hit[1].typos
    return found


def _chunks(answer: str) -> list[str]:
    """The items between the learner's strong separators, without empty ones."""
    return [chunk.strip() for chunk in _STRONG.split(answer) if split_items(chunk)]


def _weak_parts(chunk: str, members: tuple[ListMember, ...]) -> list[str]:
    """Split one chunk on weak separators, keeping runs that spell a member."""
    spans = [(start, end) for start, end in _item_spans(chunk)]
    spellings, longest = _split_members(members)
    keys = {comparison_key(s) for s in spellings}
    parts: list[str] = []
    first = 0
    while first < len(spans):
        taken = 1
        for length in range(min(longest, len(spans) - first), 1, -1):
            joined = chunk[spans[first][0] : spans[first + length - 1][1]]
            # Word for word: run together, "a and aa" would spell a member "a&a&a".
            if comparison_key(joined) in keys:
                taken = length
                break
        parts.append(chunk[spans[first][0] : spans[first + taken - 1][1]].strip())
        first += taken
    return parts


def _run_together(part: str, members: tuple[ListMember, ...]) -> list[str]:
    """The members a part states one after another without separators.

    "siri alexa google assistant" is three items typed without commas.  The
    part is split only when it names no member whole and two or more members
    take up disjoint words that are every word of the part, so that a phrase
    with other words in it ("Face ID and security cameras") is never cut into
    members it merely mentions.
    """
    if _whole_matches(part, members):
        return [part]
    words = read_words(part)
    options = [
        [
            (found, term)
            for term in _spellings(member)
            if (found := _found_plainly(words, term)) is not None
        ]
        for member in members
    ]
    cover = _disjoint_cover(options, frozenset(range(len(words.stems))))
    if cover is None or len(cover) < 2:  # noqa: PLR2004 - one member is no run
        return [part]
    return [term for _, term in sorted(cover)]


def _disjoint_cover(
    options: list[list[tuple[Found, str]]], left: frozenset[int]
) -> list[tuple[int, str]] | None:
    """One spelling per member at most, their words disjoint and covering ``left``.

    Lists have a handful of members with a few spellings each, so a plain
    search is instant.
    """
    if not left:
        return []
    if not options:
        return None
    first, rest = options[0], options[1:]
    for found, term in first:
        if found.words <= left:
            tail = _disjoint_cover(rest, left - found.words)
            if tail is not None:
                return [(found.start, term), *tail]
    return _disjoint_cover(rest, left)


def _found_plainly(words: Words, term: str) -> Found | None:
    hit = find_any(words, (term,))
    return hit[1] if hit is not None and not hit[1].negated else None


def _parts(answer: str, members: tuple[ListMember, ...]) -> list[str]:
    """Split ``answer`` into the items the learner meant.

    A chunk between strong separators that names a member exactly is one
    item, even when it holds "and" ("chatbots and virtual assistants");
    otherwise it is split on the weak separators too, and a part that is
    nothing but members typed one after another is split into them.
    """
    parts: list[str] = []
    for chunk in _chunks(answer):
        exact = _whole_matches(chunk, members)
        if 0 in exact.values() or not _WEAK.search(chunk):
            pieces = [chunk]
        else:
            pieces = _weak_parts(chunk, members)
        for piece in pieces:
            parts.extend(_run_together(piece, members))
    return parts


def _set_aside(part: str) -> bool:
    """An item the learner denies ("and not backprop") claims nothing, right or wrong."""
    words = read_words(part)
    return bool(words.negated) and all(words.negated)


def _assign(options: list[dict[int, int]]) -> dict[int, int]:
    """Pair parts with members, as many as possible, exact matches first.

    Kuhn's augmenting paths: lists are short, so this is instant.
    """
    owner: dict[int, int] = {}  # member -> part

    def augment(part: int, allowed: int, seen: set[int]) -> bool:
        for member, typos in options[part].items():
            if typos > allowed or member in seen:
                continue
            seen.add(member)
            if member not in owner or augment(owner[member], allowed, seen):
                owner[member] = part
                return True
        return False

    for allowed in (0, _ANY_NUMBER_OF_TYPOS):  # exact matches first, then forgiven typos
        assigned = set(owner.values())
        for part in range(len(options)):
            if part not in assigned:
                augment(part, allowed, set())
    return owner


def match_list(key: ListKey, answer: str) -> ListResult:
    """Line the parts of ``answer`` up with the members of ``key``."""
    parts = _parts(answer, key.members)
    options = [_member_for(part, key.members, key.confusions) for part in parts]
    owner = _assign(options)
    named = tuple(sorted(owner))
    spelled = tuple(m for m in named if options[owner[m]][m] > 0)
    used = set(owner.values())
    wrong = tuple(
        p for i, p in enumerate(parts) if i not in used and not options[i] and not _set_aside(p)
    )
    return ListResult(named, spelled, wrong)


def judge_list(key: ListKey, answer: str, *, expected: str) -> Outcome:
    """Judge a list answer, with partial credit.

    Args:
        key: the members, each with its aliases.
        answer: the learner's text, not empty.
        expected: the readable correct answer for feedback.

    Returns:
        The score by the rule in this module's docstring, and what was named,
        missed and wrong.
    """
    result = match_list(key, answer)
    members = key.members
    score = result.score(len(members))
    note = spelling_note(members[m].text for m in result.spelled)
    missing = [m.text for i, m in enumerate(members) if i not in result.named]
    if not missing and not result.wrong:
        return Outcome(1.0, f"Correct{note}.")
    if not result.named:
        return Outcome(0.0, f"None of these is on the list; the answer is {closing(expected)}")
    named = join_items(members[m].text for m in result.named)
    sentences = [f"You named {len(result.named)} of {len(members)}{note}: {named}."]
    if missing:
        sentences.append(f"Missing: {join_items(missing)}.")
    if result.wrong:
        cost = "costs" if len(result.wrong) == 1 else "each cost"
        sentences.append(
            f"Not on the list: {join_items(result.wrong)} ({cost} half a member's credit, "
            "so that guessing does not pay)."
        )
    return Outcome(score, " ".join(sentences))
