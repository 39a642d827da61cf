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

# Spreadsheets made for quizzes rather than by Anki name their columns in
# two words ("Question Text", "Correct_Answer"), often among columns that
# dlquiz does not read ("Question Type", "Points").
_COMPOUND_ROLES: dict[str, frozenset[str]] = {
    "front": frozenset({"question text", "question stem", "question body", "term text"}),
    "back": frozenset({"answer text", "right answer", "expected answer", "model answer"}),
}
_MAX_CORRECT_WORDS = 3  # "Correct", "Correct answer", "Correct answer text"

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
_NAME_LIKE = re.compile(r"^[^\W\d][\w .()/-]{0,39}$")
MIN_KNOWN_NAMES = 2


def column_role(name: str) -> str | None:
    """The role (``"front"``, ``"back"``, ``"tags"``...) a column of this name plays, if any.

    Besides the plain names of :data:`ROLE_NAMES`, a two-word quiz name counts,
    and a name that starts with "correct" (however the rest is spelt) is the
    answer a learner must give.
    """
    folded = " ".join(name.casefold().replace("_", " ").replace("-", " ").split())
    for role, known in ROLE_NAMES.items():
        if folded in known:
            return role
    for role, known in _COMPOUND_ROLES.items():
        if folded in known:
            return role
    words = folded.split()
    if words and words[0] == "correct" and len(words) <= _MAX_CORRECT_WORDS:
        return "back"
    return None


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
    known = [name for name in named if name not in _AMBIGUOUS and column_role(name)]
    if len(known) == len(named):
        return True
    others = [name for name in named if name in OTHER_COLUMN_NAMES]
    return len(known) >= 1 and len(known) + len(others) >= MIN_KNOWN_NAMES
