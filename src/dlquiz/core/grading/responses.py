"""Reading the terminal answer syntax for choice, true/false, ordering and matching.

Each reader returns what the learner chose, or an ``Unreadable`` that says in
one sentence why the answer could not be read.  Nothing here raises.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from dlquiz.core.grading.ideas import find_term
from dlquiz.core.grading.numbers import parse_number
from dlquiz.core.grading.phrased import accepts
from dlquiz.core.grading.text import match_text
from dlquiz.core.grading.true_false import read_true_false
from dlquiz.core.grading.words import read_words
from dlquiz.core.model import TextKey


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An answer that does not fit the question's syntax, and why."""

    reason: str


# ASCII only: under IGNORECASE, [a-z] would also take "İ", whose lower case is
# two characters (issue 17), and \d would take digits of every script.
_LETTER = re.compile(r"\(?([a-z])\s*[).:]?", re.IGNORECASE | re.ASCII)
_POSITION = re.compile(r"\(?(\d+)\s*[).:]?", re.ASCII)
_CHOICE_SEPARATORS = re.compile(r"[\s,;/]+")
_TEXT_SEPARATORS = re.compile(r"[,;\n]|\b(?:and|or)\b", re.IGNORECASE)
_ORDER_SEPARATORS = re.compile(r"(?:[\s,;>]|-+>?|\u2192)+")
_PAIR = re.compile(r"([a-z])\s*[-:=).]?\s*(\d+)", re.IGNORECASE | re.ASCII)
_PAIR_GAPS = re.compile(r"[\s,;]*")
_MAX_RUN_TOGETHER = 9  # "3124" is read digit by digit only with at most 9 items


_LONGEST_ITEM_NUMBER = 6
_LONGEST_ECHO = 20


def _shown(text: str) -> str:
    """Text echoed in feedback, shortened when it is long."""
    return text if len(text) <= _LONGEST_ECHO else text[:_LONGEST_ECHO] + "…"


def _item_number(digits: str) -> int:
    """The number a learner gave for an item; a huge one stays huge without
    converting thousands of digits (Python refuses more than 4,300)."""
    return int(digits) if len(digits) <= _LONGEST_ITEM_NUMBER else 10**_LONGEST_ITEM_NUMBER


def letter(index: int) -> str:
    """The letter shown for choice or left item ``index`` (0 -> "a")."""
    return string.ascii_lowercase[index] if index < len(string.ascii_lowercase) else str(index + 1)


def _letters_hint(count: int) -> str:
    return f"a letter from a to {letter(count - 1)}" if count else "a letter"


def parse_true_false(answer: str) -> bool | Unreadable:
    """The verdict a true/false answer opens with (see :mod:`.true_false`)."""
    value = read_true_false(answer)
    if value is None:
        return Unreadable("Answer true or false (t or f).")
    return value


def _numeric_choices(choices: tuple[str, ...]) -> list[float | None]:
    return [parse_number(choice) for choice in choices]


def _typed_option(text: str, choices: tuple[str, ...], options: tuple[TextKey, ...]) -> int | None:
    """The one option whose key accepts ``text`` as a typed answer ("MSR", "Toronto")."""
    if len(options) != len(choices):
        return None
    exact = match_text(text, choices)
    if exact is not None and exact.typos == 0:
        return exact.index
    fitting = [index for index, option in enumerate(options) if accepts(option, text)]
    return fitting[0] if len(fitting) == 1 else None


def naming_part(text: str, choices: tuple[str, ...]) -> int | None:
    """The one choice that holds the answer's words ("backpropagation" names
    "The invention of backpropagation"), else None."""
    holders = [
        index
        for index, choice in enumerate(choices)
        if (found := find_term(read_words(choice), text, exact=True)) is not None
        and not found.negated
    ]
    return holders[0] if len(holders) == 1 else None


_CHOICE_LEAD_IN = re.compile(
    r"^(?:(?:i\s+think|i\s+believe|i\s+guess|i'd\s+say|i\s+would\s+say|my\s+answer\s+is|"
    r"the\s+answer\s+is|answer\s+is|answer)\s*[:,-]?\s*)?(?:(?:it\s+is|it's|its)\s+)?"
    r"(?:(?:option|choice|letter|number)\s*)?",
    re.IGNORECASE,
)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5}
_ORDINAL = re.compile(
    r"(?:the\s+)?(first|second|third|fourth|fifth|sixth|last)(?:\s+(?:one|option|choice))?",
    re.IGNORECASE,
)


def bare_pick(text: str, count: int) -> str | int:
    """A letter or number without its lead-in ("option a", "answer: b", "c?"),
    or the index a position word names ("the last one"); else ``text`` itself."""
    ordinal = _ORDINAL.fullmatch(text.rstrip("?!. "))
    if ordinal is not None:
        word = ordinal.group(1).lower()
        index = count - 1 if word == "last" else _ORDINALS[word]
        if index < count:
            return index
    bare = _CHOICE_LEAD_IN.sub("", text, count=1).rstrip("?!. ")
    if bare != text and (_LETTER.fullmatch(bare) or _POSITION.fullmatch(bare)):
        return bare
    return text


# "b) ResNet", "(b) ResNet", "b: Toronto", "b. ResNet", "b - ResNet", "b, ResNet":
# a letter labelled as such, then the choice's text.  A bare "a pair" is no label.
LABELLED = re.compile(
    r"\(?([a-z])\s*(?:[).:,]|\s-+)\s*(\S.*)", re.IGNORECASE | re.ASCII | re.DOTALL
)


def _labelled_choice(
    answer: str, choices: tuple[str, ...], options: tuple[TextKey, ...]
) -> int | Unreadable | None:
    """The choice that a letter *and* its text name together ("b) ResNet"), else None.

    When the two name different choices the answer contradicts itself, and a
    teacher would not pick one for the learner: it is unreadable, so graded
    wrong.  A text that names no choice (a loose restatement) leaves the letter.
    """
    found = LABELLED.fullmatch(answer.strip())
    if found is None:
        return None
    index = ord(found.group(1).lower()) - ord("a")
    if index >= len(choices):
        return None
    text = found.group(2).strip()
    if _LETTER.fullmatch(text) or (
        _POSITION.fullmatch(text) and _numeric_choices(choices).count(parse_number(text)) != 1
    ):
        return None  # "a) 2" is no letter and text; the multiple-answer readers take it
    parts = [part.strip() for part in _TEXT_SEPARATORS.split(text)]
    if any(_LETTER.fullmatch(part) or LABELLED.fullmatch(part) for part in parts):
        return None  # "a, c, d", "a) ReLU, c) dropout": several choices
    named = _one_choice(text, choices, options, labelled=False)
    if isinstance(named, Unreadable) or named == index:
        return index
    return Unreadable(
        f"Your letter {letter(index)} is {choices[index]}, but your text names"
        f" {letter(named)}) {choices[named]}: give one choice."
    )


def _one_choice(
    answer: str,
    choices: tuple[str, ...],
    options: tuple[TextKey, ...] = (),
    *,
    labelled: bool = True,
) -> int | Unreadable:
    """One choice named by letter, position, its text or its number, or by a
    letter with its text ("b) ResNet") when ``labelled``."""
    count = len(choices)
    if labelled and (both := _labelled_choice(answer, choices, options)) is not None:
        return both
    picked = bare_pick(answer.strip(), count)
    if isinstance(picked, int):
        return picked
    text = picked
    if found := _LETTER.fullmatch(text):
        index = ord(found.group(1).lower()) - ord("a")
        if index < count:
            return index
        return Unreadable(
            f"There is no choice {found.group(1)}: answer with {_letters_hint(count)}."
        )
    said = parse_number(text)
    values = _numeric_choices(choices)
    if said is not None and values.count(said) == 1:
        return values.index(said)
    if found := _POSITION.fullmatch(text):
        index = _item_number(found.group(1)) - 1
        if 0 <= index < count:
            return index
        return Unreadable(
            f"There is no choice {_shown(found.group(1))}: answer with {_letters_hint(count)}."
        )
    typed = _typed_option(text, choices, options)
    if typed is not None:
        return typed
    if len(options) != len(choices):  # an option's key already forgives typos
        match = match_text(text, choices)
        if match is not None:
            return match.index
    inside = naming_part(text, choices)
    if inside is not None:
        return inside
    return Unreadable(f"That is none of the choices: answer with {_letters_hint(count)}.")


def _run_together_letters(word: str, count: int) -> bool:
    return (
        1 < len(word) <= count
        and word.isascii()
        and word.isalpha()
        and all(ord(ch) - ord("a") < count for ch in word.lower())
    )


def parse_choices(
    answer: str, choices: tuple[str, ...], options: tuple[TextKey, ...] = ()
) -> tuple[int, ...] | Unreadable:
    """The choices picked, as indices, in the order given and without repeats.

    A choice is named by its letter ("b", "B", "b)"), its 1-based position,
    or its text, read with the option's key when ``options`` gives one (its
    aliases and key ideas, as for a typed answer).  A number that is the
    value of exactly one choice names that
    choice ("2012" among years), otherwise its position.  Several choices
    may be given as letters or numbers ("a c", "a,c", "ac") or as texts
    separated by commas; a question with one answer refuses several.

    Args:
        answer: the learner's text, not empty.
        choices: the options as shown.
        options: one key per choice, or none.

    Returns:
        The indices picked, or why the answer could not be read.
    """
    if isinstance(mixed := _labelled_choice(answer, choices, options), Unreadable):
        return mixed  # a letter and a text that disagree are no list of two choices
    single = _one_choice(answer, choices, options, labelled=mixed is not None)
    if not isinstance(single, Unreadable):
        return (single,)
    words = [w for w in _CHOICE_SEPARATORS.split(answer.strip()) if w]
    if len(words) == 1 and _run_together_letters(words[0], len(choices)):
        words = list(words[0])
    if len(words) > 1 and all(_LETTER.fullmatch(w) or _POSITION.fullmatch(w) for w in words):
        return _collect([_one_choice(w, choices) for w in words])
    parts = [p for p in _TEXT_SEPARATORS.split(answer) if p.strip()]
    if len(parts) > 1:
        return _collect([_one_choice(p, choices, options) for p in parts])
    return single


def _collect(picked: list[int | Unreadable]) -> tuple[int, ...] | Unreadable:
    indices: list[int] = []
    for item in picked:
        if isinstance(item, Unreadable):
            return item
        if item not in indices:
            indices.append(item)
    return tuple(indices)


def parse_order(answer: str, count: int) -> tuple[int, ...] | Unreadable:
    """Item numbers in the order given ("3 1 2 4", "3,1,2,4", "3124"), as indices.

    When exactly one item is left out it is taken to come last.

    Args:
        answer: the learner's text, not empty.
        count: how many items were shown.

    Returns:
        Every index once, or why the answer could not be read.
    """
    text = answer.strip()
    if text.isdecimal() and len(text) == count <= _MAX_RUN_TOGETHER:
        words = list(text)
    else:
        words = [w for w in _ORDER_SEPARATORS.split(text) if w]
    hint = f"list the item numbers 1 to {count} in order"
    indices: list[int] = []
    for word in words:
        if not word.isdecimal():
            return Unreadable(f"{word!r} is not an item number: {hint}.")
        number = _item_number(word)
        if not 1 <= number <= count:
            return Unreadable(f"There is no item {number}: {hint}.")
        if number - 1 in indices:
            return Unreadable(f"Item {number} appears twice: {hint}.")
        indices.append(number - 1)
    left_out = [i for i in range(count) if i not in indices]
    if len(left_out) == 1:
        indices.extend(left_out)
    elif left_out:
        return Unreadable(f"You ordered {len(indices)} of {count} items: {hint}.")
    return tuple(indices)


def parse_matches(answer: str, lefts: int, rights: int) -> dict[int, int] | Unreadable:
    """Pairs such as "a2 b1 c3" (also "a-2", "a:2", "a=2"), as left -> right indices.

    Plain numbers ("2 1 3", or "213" with at most 9 left items) give the
    right item for a, b, c in turn.  Left
    items not mentioned are simply absent from the result.

    Args:
        answer: the learner's text, not empty.
        lefts: how many left items there are (lettered a, b, c ...).
        rights: how many right items there are (numbered 1, 2, 3 ...).

    Returns:
        The pairs given, or why the answer could not be read.
    """
    text = answer.strip()
    numbers_only = [w for w in _CHOICE_SEPARATORS.split(text) if w]
    if len(numbers_only) == 1 and text.isdecimal() and len(text) == lefts <= _MAX_RUN_TOGETHER:
        numbers_only = list(text)  # "231": one digit per left item
    if numbers_only and all(w.isdecimal() for w in numbers_only) and len(numbers_only) == lefts:
        text = " ".join(f"{letter(i)}{w}" for i, w in enumerate(numbers_only))
    pairs: dict[int, int] = {}
    position = 0
    for found in _PAIR.finditer(text):
        gap = text[position : found.start()]
        if not _PAIR_GAPS.fullmatch(gap):
            return Unreadable(f"Could not read {gap.strip()!r}: write pairs like a2 b1 c3.")
        position = found.end()
        left = ord(found.group(1).lower()) - ord("a")
        right = _item_number(found.group(2)) - 1
        if left >= lefts:
            return Unreadable(f"There is no item {found.group(1)}: use {_letters_hint(lefts)}.")
        if not 0 <= right < rights:
            return Unreadable(f"There is no option {right + 1}: use the numbers 1 to {rights}.")
        if pairs.get(left, right) != right:
            return Unreadable(f"Item {letter(left)} is matched twice: give it one number.")
        pairs[left] = right
    rest = text[position:]
    if not _PAIR_GAPS.fullmatch(rest) or not pairs:
        shown = rest.strip() or text
        return Unreadable(f"Could not read {shown!r}: write pairs like a2 b1 c3.")
    return pairs
