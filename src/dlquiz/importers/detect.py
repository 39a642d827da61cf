"""Recognise a question file's format from its content, with the extension as a tie-breaker.

GIFT, Aiken and Anki text all arrive as ``.txt``, and spreadsheets hold
braces (code, LaTeX, guid columns), so the first 64 KB are weighed rather
than searched for one telling character:

* binary magic, XML and Anki's ``#separator:``-style header lines decide at once;
* Moodle's embedded-answer syntax and Aiken's ``ANSWER:`` after options are
  unmistakable;
* a text that parses as a regular table (steady rows of two fields or more,
  or a first row that names the columns) is a table, never GIFT, unless the
  file is named ``.gift`` or every row is a whole GIFT question followed by a
  blank line (one-line GIFT questions with a comma each); a ``.csv`` or
  ``.tsv`` file whose rows split at all is a table too;
* otherwise GIFT wins when more of the text parses as GIFT questions than
  fails to, or when the file is named ``.gift``, and any table-like text is
  an Anki/Quizlet export.
"""

from __future__ import annotations

import re
from pathlib import Path

from .evidence import SPLIT_SHARE, gift_shape, table_shape
from .limits import HEAD_BYTES
from .textdecode import sniff_text

FORMATS: tuple[str, ...] = ("yaml", "anki-text", "csv", "apkg", "gift", "aiken", "moodle-xml")
"""Formats :func:`dlquiz.importers.read_file` reads."""

MOODLE_CLOZE = "moodle-cloze"  # recognised so it can be refused with a clear reason
UNKNOWN = "unknown"

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
_SPREADSHEET_SUFFIXES = (".csv", ".tsv")  # named a table: rows that split are enough
_ANKI_HEADER = re.compile(
    r"^#(separator|html|tags|columns|deck|notetype|guid column|notetype column|deck column"
    r"|tags column):",
    re.IGNORECASE | re.MULTILINE,
)
_MOODLE_CLOZE = re.compile(
    r"\{\d*:(?:MULTICHOICE|MULTIRESPONSE|SHORTANSWER|NUMERICAL|MCV?H?S?|MRH?S?|SAC?|MW|NM)"
    r"(?:_[A-Z]+)?:"
)
# Aiken: an option line directly followed by the ANSWER line of its question.
_AIKEN_END = re.compile(r"^\s*[A-Z][).]\s*\S.*\n\s*ANSWER:\s*[A-Z]\s*$", re.MULTILINE)
_GIFT_HINT = re.compile(r"[{}]|^\s*::|^\s*\$CATEGORY:", re.MULTILINE)


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
    complete = len(head) < HEAD_BYTES
    if not complete:
        text = text[: text.rfind("\n") + 1] or text  # the last line may be cut
    stripped = text.lstrip()
    if stripped.startswith("<?xml") or stripped.startswith("<quiz"):
        return "moodle-xml"
    table_name = "csv" if suffix == ".csv" else "anki-text"
    if _ANKI_HEADER.search(text[:4096]) and stripped.startswith("#"):
        return table_name
    if _MOODLE_CLOZE.search(text):
        return MOODLE_CLOZE
    if _AIKEN_END.search(text):
        return "aiken"
    return _weigh(text, suffix, complete=complete, table_name=table_name)


def _weigh(text: str, suffix: str, *, complete: bool, table_name: str) -> str:
    """Table or GIFT (or neither), from how the text parses as each."""
    table = table_shape(text.split("\n"))
    gift = gift_shape(text, complete=complete) if _GIFT_HINT.search(text) else None
    if suffix == ".gift" or (gift is not None and gift.one_per_row(table)):
        return "gift"
    if table.regular or (suffix in _SPREADSHEET_SUFFIXES and table.split >= SPLIT_SHARE):
        return table_name
    if gift is not None and gift.parses:
        return "gift"
    if suffix == ".xml":
        return "moodle-xml"
    if table.table_like or suffix in _TABLE_SUFFIXES:
        return table_name
    return UNKNOWN
