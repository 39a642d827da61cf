"""Anki cloze deletions, asked as Anki asks them: one card per cloze number.

Card N blanks every ``{{cN::...}}`` of the text at once (each blank shows its
hint, ``{{c1::answer::hint}}``) and shows every other deletion as its text.
Deletions may be nested (``{{c1::a {{c2::b}} c}}``, as Anki allows since
2.1.56) and may carry several numbers (``{{c1,2::text}}``).  The text is
parsed once into a small tree; each card is a walk over it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BLANK = "_____"
_OPEN = re.compile(r"\{\{c(\d+(?:\s*,\s*\d+)*)::")
_TOKEN = re.compile(r"\{\{c\d+(?:\s*,\s*\d+)*::|\}\}")


@dataclass(slots=True)
class _Deletion:
    numbers: frozenset[int]
    parts: list[str | _Deletion] = field(default_factory=list)
    hint: str = ""


@dataclass(frozen=True, slots=True)
class ClozeCard:
    """One card to ask: the text with cloze ``number`` blanked, and what it hides."""

    number: int  # the N of cN
    prompt_source: str  # every cN blanked (with its hint), the other deletions shown
    answers: tuple[str, ...]  # the text of each cN, in order (HTML as written)


def has_cloze(text: str) -> bool:
    """True when ``text`` holds at least one ``{{cN::...}}`` deletion."""
    return "{{c" in text and _OPEN.search(text) is not None


def is_nested(text: str) -> bool:
    """True for deletions inside deletions (which Anki and dlquiz both support)."""
    return any(
        isinstance(child, _Deletion) for node in _deletions(_parse(text)) for child in node.parts
    )


def cloze_numbers(text: str) -> set[int]:
    """Every cloze number used in ``text``: Anki makes one card for each."""
    return {number for node in _deletions(_parse(text)) for number in node.numbers}


def cloze_cards(text: str, *, only: set[int] | None = None) -> list[ClozeCard]:
    """One :class:`ClozeCard` per cloze number of ``text``, in number order.

    ``only`` limits the result to those numbers (the cards an Anki package holds).
    """
    tree = _parse(text)
    cards = []
    for number in sorted(cloze_numbers(text)):
        if only is not None and number not in only:
            continue
        answers = tuple(_shown(node.parts) for node in _deletions(tree) if number in node.numbers)
        cards.append(ClozeCard(number, _asked(tree, number), answers))
    return cards


def _parse(text: str) -> list[str | _Deletion]:
    """The text as plain runs and deletions; unmatched braces stay text, as in Anki."""
    root: list[str | _Deletion] = []
    stack: list[_Deletion] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            (stack[-1].parts if stack else root).append(text[position : match.start()])
        token = match.group(0)
        if token != "}}":
            numbers = frozenset(int(n) for n in re.findall(r"\d+", token) if int(n) > 0)
            stack.append(_Deletion(numbers or frozenset({1})))
        elif stack:
            node = stack.pop()
            _split_hint(node)
            (stack[-1].parts if stack else root).append(node)
        else:
            (stack[-1].parts if stack else root).append(token)
        position = match.end()
    if position < len(text):
        (stack[-1].parts if stack else root).append(text[position:])
    while stack:  # an unclosed deletion is text, opener included
        node = stack.pop()
        opener = "{{c" + ",".join(str(n) for n in sorted(node.numbers)) + "::"
        (stack[-1].parts if stack else root).extend([opener, *node.parts])
    return root


def _split_hint(node: _Deletion) -> None:
    """Move a trailing ``::hint`` of the deletion's own text into ``node.hint``."""
    for index in range(len(node.parts) - 1, -1, -1):
        part = node.parts[index]
        if isinstance(part, str) and "::" in part:
            text, hint = part.split("::", 1)
            node.parts[index] = text
            node.hint = hint.strip()
            return


def _deletions(parts: list[str | _Deletion]) -> list[_Deletion]:
    found: list[_Deletion] = []
    for part in parts:
        if isinstance(part, _Deletion):
            found.append(part)
            found.extend(_deletions(part.parts))
    return found


def _asked(parts: list[str | _Deletion], number: int) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif number in part.numbers:
            out.append(f"{BLANK} [{part.hint}]" if part.hint else BLANK)
        else:
            out.append(_asked(part.parts, number))
    return "".join(out)


def _shown(parts: list[str | _Deletion]) -> str:
    return "".join(part if isinstance(part, str) else _shown(part.parts) for part in parts)
