"""Recognise a question file's format from its content, with the extension as a tie-breaker.

GIFT, Aiken and Anki text all arrive as ``.txt``, so the first 64 KB are
looked at: Anki header lines, Aiken ``ANSWER:`` lines, GIFT braces.
"""

from __future__ import annotations

import re
from pathlib import Path

from .anki_text_header import guess_separator
from .textdecode import sniff_text

FORMATS: tuple[str, ...] = ("yaml", "anki-text", "csv", "apkg", "gift", "aiken", "moodle-xml")
"""Formats :func:`dlquiz.importers.read_file` reads."""

MOODLE_CLOZE = "moodle-cloze"  # recognised so it can be refused with a clear reason
UNKNOWN = "unknown"
MIN_PLAIN_ROWS = 2  # a single line with a comma is prose more often than a deck

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ANKI_HEADER = re.compile(
    r"^#(separator|html|tags|columns|deck|notetype|guid column|notetype column|deck column"
    r"|tags column):",
    re.IGNORECASE | re.MULTILINE,
)
_MOODLE_CLOZE = re.compile(
    r"\{\d*:(?:MULTICHOICE|MULTIRESPONSE|SHORTANSWER|NUMERICAL|MCV?H?S?|MRH?S?|SAC?|MW|NM)"
    r"(?:_[A-Z]+)?:"
)
_AIKEN_ANSWER = re.compile(r"^\s*ANSWER:\s*[A-Z]\s*$", re.MULTILINE)
_AIKEN_OPTION = re.compile(r"^\s*[A-Z][).]", re.MULTILINE)
_GIFT_CATEGORY = re.compile(r"^\s*\$CATEGORY:", re.MULTILINE)
_GIFT_TITLE = re.compile(r"^\s*::.+?::", re.MULTILINE)
_GIFT_BLOCK = re.compile(r"(?<![\\{])\{\s*(?:[~=#}]|(?:T|F|TRUE|FALSE)\s*[}#])", re.IGNORECASE)


def detect_format(path: Path | str, head: bytes) -> str:
    """The format of the file at ``path`` whose first bytes are ``head``.

    Returns one of :data:`FORMATS`, ``"moodle-cloze"`` (recognised but not
    supported) or ``"unknown"``.
    """
    suffix = Path(path).suffix.casefold()
    if head.startswith(_ZIP_MAGIC) or head.startswith(_SQLITE_MAGIC):
        return "apkg"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".apkg", ".colpkg", ".anki2", ".anki21"):
        return "apkg"  # not a zip: the package reader explains what is wrong
    text = sniff_text(head)
    stripped = text.lstrip()
    if stripped.startswith("<?xml") or stripped.startswith("<quiz"):
        return "moodle-xml"
    if _ANKI_HEADER.search(text[:4096]) and text.lstrip().startswith("#"):
        return "csv" if suffix == ".csv" else "anki-text"
    if _MOODLE_CLOZE.search(text):
        return MOODLE_CLOZE
    if _AIKEN_ANSWER.search(text) and _AIKEN_OPTION.search(text):
        return "aiken"
    if _GIFT_CATEGORY.search(text) or _GIFT_TITLE.search(text) or _GIFT_BLOCK.search(text):
        return "gift"
    if suffix == ".gift":
        return "gift"
    if suffix == ".xml":
        return "moodle-xml"
    if suffix == ".csv":
        return "csv"
    if _splits_into_fields(text) or suffix in (".txt", ".tsv"):
        return "anki-text"
    return UNKNOWN


def _splits_into_fields(text: str) -> bool:
    """True when the lines split steadily into fields, as a spreadsheet export's do.

    A tab is enough on half the lines; a comma, semicolon or pipe is common in
    prose, so those need two lines or more and nearly all of them split.
    """
    lines = [line for line in text.split("\n")[:200] if line.strip() and line[0] != "#"]
    if not lines:
        return False
    separator = guess_separator(lines)
    split = sum(1 for line in lines if separator in line)
    if separator == "\t":
        return split * 2 >= len(lines)
    return len(lines) >= MIN_PLAIN_ROWS and split * 10 >= len(lines) * 9
