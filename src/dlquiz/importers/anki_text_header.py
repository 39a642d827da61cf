"""Anki's text-file header lines (``#separator:Tab``, ``#columns:...``) and separator guessing."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field

from .limits import MAX_FILE_BYTES

# The csv module refuses fields over 131,072 characters with an error that
# stops the reader mid-file.  dlquiz's own limit (MAX_FIELD_CHARS) is checked
# per row, so that the message names the line and the documented limit; the
# module's limit is raised to the largest file read at all so it never fires first.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))

SEPARATOR_NAMES = {
    "comma": ",",
    "semicolon": ";",
    "tab": "\t",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
GUESSED_SEPARATORS = ("\t", "|", ";", ",")  # in order of preference on a tie
# Quizlet's export lets a learner type any text between term and definition
# ("Custom"); these are the ones people type.  Longer ones come first, so that
# "term --- definition" is split at "---", not at "--".
CUSTOM_SEPARATORS = ("---", " -- ", "--", " - ", " \u2013 ", " \u2014 ", " = ", "=>", "->", ": ")
CUSTOM_SHARE = 0.9  # lines holding a custom separator, for it to be the file's
GUESS_SAMPLE_LINES = 200
_TRUE = {"true", "yes", "1", "on"}


@dataclass
class TextHeader:
    """What the ``#key:value`` lines at the top of an Anki text export say."""

    separator: str | None = None
    html: bool | None = None
    tags: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    deck: str = ""
    notetype: str = ""
    special_columns: dict[str, int] = field(default_factory=dict)  # "tags" -> 0-based index
    lines: int = 0  # how many lines the header takes
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (line, key) not understood


def read_header(lines: list[str]) -> TextHeader:
    """Parse the header lines at the start of ``lines``; other ``#`` lines are comments."""
    header = TextHeader()
    raw_columns = ""
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            break
        header.lines = number
        key, sep, value = line[1:].partition(":")
        if not sep:
            continue  # a comment
        key, value = key.strip().casefold(), value.strip()
        if key == "columns":
            raw_columns = value
        else:
            _apply(header, key, value, number)
    if raw_columns:
        separator = header.separator or guess_separator([raw_columns])
        header.columns = tuple(name.strip() for name in raw_columns.split(separator))
    return header


def _apply(header: TextHeader, key: str, value: str, number: int) -> None:
    """Store one ``#key:value`` line; any other ``#word: text`` line is a comment."""
    if key == "separator":
        header.separator = SEPARATOR_NAMES.get(value.casefold(), value[:1] or None)
    elif key == "html":
        header.html = value.casefold() in _TRUE
    elif key == "tags":
        header.tags = tuple(value.split())
    elif key == "deck":
        header.deck = value
    elif key == "notetype":
        header.notetype = value
    elif key.endswith(" column"):
        if value.isdigit() and int(value) >= 1:
            header.special_columns[key.removesuffix(" column")] = int(value) - 1
        else:
            header.unknown.append((number, key))


def guess_separator(lines: list[str]) -> str:
    """The separator that splits most of ``lines`` into a steady number of fields."""
    sample = [line for line in lines if line.strip() and not line.startswith("#")]
    sample = sample[:GUESS_SAMPLE_LINES]
    best, best_score = "\t", (0.0, 0.0)
    for candidate in GUESSED_SEPARATORS:
        counts = [len(row) for row in csv.reader(sample, delimiter=candidate)]
        if not counts:
            continue
        split = sum(1 for count in counts if count >= 2) / len(counts)
        steady = Counter(counts).most_common(1)[0][1] / len(counts)
        score = (round(split, 2), round(steady, 2))
        if split >= 0.5 and score > best_score:
            best, best_score = candidate, score
    return best


def guess_custom_separator(lines: list[str]) -> str | None:
    """The text between term and definition of a Quizlet "Custom" export, or None.

    Only a file that no single character splits (on half its lines or more)
    has one: it is the first of :data:`CUSTOM_SEPARATORS` that nearly every
    line holds.  Each line is then split at its first occurrence, as Quizlet
    writes one term and one definition per line.
    """
    sample = [line for line in lines if line.strip() and not line.startswith("#")]
    sample = sample[:GUESS_SAMPLE_LINES]
    if not sample:
        return None
    for candidate in GUESSED_SEPARATORS:
        rows = csv.reader(sample, delimiter=candidate)
        if sum(1 for row in rows if len(row) >= 2) >= len(sample) / 2:  # noqa: PLR2004
            return None
    for candidate in CUSTOM_SEPARATORS:
        holding = sum(1 for line in sample if candidate in line.strip())
        if holding >= CUSTOM_SHARE * len(sample):
            return candidate
    return None


def separator_name(separator: str) -> str:
    """``"tab"`` for ``"\\t"`` and so on, for messages."""
    for name, char in SEPARATOR_NAMES.items():
        if char == separator:
            return name
    return repr(separator)
