"""Column names a spreadsheet export uses, and recognising a first row that names its columns."""

from __future__ import annotations

import re

ROLE_NAMES: dict[str, frozenset[str]] = {
    "front": frozenset({"front", "question", "term", "word", "expression", "prompt", "text", "q"}),
    "back": frozenset({"back", "answer", "definition", "meaning", "a"}),
    "extra": frozenset({"extra", "back extra", "notes", "explanation", "comment"}),
    "tags": frozenset({"tags", "tag"}),
    "deck": frozenset({"deck"}),
    "notetype": frozenset({"notetype", "note type"}),
    "guid": frozenset({"guid"}),
}
"""Names (folded) that say which role a column plays."""

# Names that spreadsheets use for columns dlquiz does not read: enough, beside
# the role names, to tell a first row of names from a first card.
OTHER_COLUMN_NAMES = frozenset(
    {
        "id",
        "note id",
        "reading",
        "pronunciation",
        "furigana",
        "kana",
        "kanji",
        "romaji",
        "example",
        "examples",
        "sentence",
        "translation",
        "audio",
        "sound",
        "image",
        "picture",
        "hint",
        "source",
        "category",
        "level",
        "type",
        "note",
        "english",
        "part of speech",
        "created",
        "modified",
    }
)
_AMBIGUOUS = frozenset({"q", "a", "text", "word"})  # as often a card as a name
_KNOWN = frozenset().union(*ROLE_NAMES.values()) - _AMBIGUOUS
_NAME_LIKE = re.compile(r"^[^\W\d][\w .()/-]{0,39}$")
MIN_KNOWN_NAMES = 2


def is_header_row(fields: list[str]) -> bool:
    """True when ``fields`` read as column names rather than as a first card.

    Every field must look like a name (a short label, no sentence or markup),
    the names must differ, and they must include the role names of a front
    and a back, or at least two known column names.
    """
    folded = [field.strip().casefold() for field in fields]
    named = [name for name in folded if name]
    if len(named) < MIN_KNOWN_NAMES or len(set(named)) < len(named):
        return False
    if not all(_NAME_LIKE.match(name) for name in named):
        return False
    known = [name for name in named if name in _KNOWN]
    if len(known) == len(named):
        return True
    others = [name for name in named if name in OTHER_COLUMN_NAMES]
    return len(known) >= 1 and len(known) + len(others) >= MIN_KNOWN_NAMES
