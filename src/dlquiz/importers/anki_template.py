"""Anki card templates rendered just enough to know a card's question and answer.

``{{Field}}`` and filtered forms (``{{text:Field}}``, ``{{type:Field}}``),
conditional sections ``{{#Field}}...{{/Field}}`` and ``{{^Field}}...{{/Field}}``
and ``{{FrontSide}}`` are understood; the answer of a card is what its back
template adds: the fields it shows that the front does not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_SECTION = re.compile(r"\{\{([#^])\s*([^}]+?)\s*\}\}(.*?)\{\{/\s*\2\s*\}\}", re.DOTALL)
_REFERENCE = re.compile(r"\{\{\s*([^#^/}][^}]*?)\s*\}\}")
MAX_SECTION_PASSES = 20  # nested sections are peeled one level per pass
SPECIAL = {"FrontSide", "Tags", "Deck", "Subdeck", "Card", "CardFlag", "Type"}


@dataclass(frozen=True, slots=True)
class Template:
    """One card template of a note type."""

    ord: int
    name: str
    front: str
    back: str


@dataclass(frozen=True, slots=True)
class NoteType:
    """The parts of an Anki note type that decide what its cards ask."""

    id: int
    name: str
    is_cloze: bool
    fields: tuple[str, ...]
    templates: tuple[Template, ...]


def referenced_fields(template: str) -> list[str]:
    """Names of the fields ``template`` shows, in order, without filters."""
    names: list[str] = []
    for match in _REFERENCE.finditer(template):
        name = match.group(1).split(":")[-1].strip()
        if name not in SPECIAL and name not in names:
            names.append(name)
    return names


def typed_field(template: str) -> str:
    """The field of a ``{{type:Field}}`` in ``template``, or ``""``."""
    for match in _REFERENCE.finditer(template):
        parts = [part.strip() for part in match.group(1).split(":")]
        if len(parts) >= 2 and parts[0] == "type":
            return parts[-1]
    return ""


def cloze_field(template: str) -> str:
    """The field of a ``{{cloze:Field}}`` in ``template``, or ``""``."""
    for match in _REFERENCE.finditer(template):
        parts = [part.strip() for part in match.group(1).split(":")]
        if len(parts) >= 2 and parts[-2] == "cloze":
            return parts[-1]
    return ""


def render(template: str, values: Mapping[str, str]) -> str:
    """``template`` with sections resolved and fields filled (``type:`` fields left empty)."""
    text = template
    for _ in range(MAX_SECTION_PASSES):
        replaced = _SECTION.sub(lambda match: _section(match, values), text)
        if replaced == text:
            break
        text = replaced
    return _REFERENCE.sub(lambda match: _field(match.group(1), values), text)


def _section(match: re.Match[str], values: Mapping[str, str]) -> str:
    present = bool(values.get(match.group(2).strip(), "").strip())
    keep = present if match.group(1) == "#" else not present
    return match.group(3) if keep else ""


def _field(reference: str, values: Mapping[str, str]) -> str:
    parts = [part.strip() for part in reference.split(":")]
    if len(parts) >= 2 and parts[0] == "type":
        return ""
    return values.get(parts[-1], "")
