"""Reading a matching answer written with the items' names instead of letters.

"Transformer 2017, GoogLeNet 2014, AlexNet 2012" pairs each left item with
the option its part names.  Every part between commas, semicolons or new
lines must name exactly one left item and one option; otherwise the answer
is not read this way (the caller then says how to write pairs).
"""

from __future__ import annotations

import re

from dlquiz.core.grading.normalize import normalize_text
from dlquiz.core.grading.numbers import parse_number

_PARTS = re.compile(r"[,;\n]+")


def _holds(text: str, name: str) -> bool:
    return bool(name) and f" {name} " in f" {text} "


def _only_widest(hits: list[int], names: list[str]) -> list[int]:
    """Drop a hit whose name lies inside another hit's name ("Net" in "ResNet")."""
    return [i for i in hits if not any(j != i and _holds(names[j], names[i]) for j in hits)]


def _named_left(part: str, lefts: list[str]) -> tuple[int, str] | None:
    hits = _only_widest([i for i, name in enumerate(lefts) if _holds(part, name)], lefts)
    if len(hits) != 1:
        return None
    rest = f" {part} ".replace(f" {lefts[hits[0]]} ", " ", 1).strip()
    return hits[0], rest


def _named_right(rest: str, rights: list[str]) -> int | None:
    hits = _only_widest([i for i, name in enumerate(rights) if _holds(rest, name)], rights)
    if len(hits) == 1:
        return hits[0]
    if hits:
        return None
    said = parse_number(rest)  # "22" for the option "22 layers"
    if said is None:
        return None
    valued = [i for i, name in enumerate(rights) if parse_number(name) == said]
    return valued[0] if len(valued) == 1 else None


def read_named_pairs(
    answer: str, lefts: tuple[str, ...], rights: tuple[str, ...]
) -> dict[int, int] | None:
    """Left index -> option index for an answer that names both, else None."""
    left_names = [normalize_text(name) for name in lefts]
    right_names = [normalize_text(name) for name in rights]
    pairs: dict[int, int] = {}
    for raw in _PARTS.split(answer):
        part = normalize_text(raw)
        if not part:
            continue
        named = _named_left(part, left_names)
        if named is None:
            return None
        left, rest = named
        right = _named_right(rest, right_names)
        if right is None or pairs.get(left, right) != right:
            return None
        pairs[left] = right
    return pairs or None
