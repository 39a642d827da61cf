"""What the start of a text file looks like as a table and as GIFT, for format detection.

Braces are common in spreadsheets (code, LaTeX, guid columns), so seeing
one proves nothing; what counts is whether the text *parses* as a regular
table, and how much of it parses as GIFT questions.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass

from .anki_text_header import guess_separator
from .gift_lexer import split_items
from .gift_parse import GiftError, parse_item
from .quiz_csv import is_quiz_header
from .table_names import is_header_row

MIN_TABLE_ROWS = 2  # one line with a comma is prose more often than a deck
STEADY_SHARE = 0.9  # rows with the usual number of fields, in a regular table
STEADY_SHARE_WITH_NAMES = 0.75  # a row of column names is evidence enough for a few bad rows
SPLIT_SHARE = 0.5  # rows with two fields or more, in a file that is table-like at all
SAMPLE_ROWS = 500
_NOT_QUESTIONS = ("category", "description")


@dataclass(frozen=True, slots=True)
class TableShape:
    """How the sampled lines split into fields.

    ``width`` is the most common number of fields, ``steady`` the share of
    rows that have it, ``split`` the share with two fields or more.
    """

    rows: int
    width: int
    steady: float
    split: float
    named_columns: bool  # the first row names the columns
    separator: str

    @property
    def regular(self) -> bool:
        """True for a table: steady rows of two fields or more."""
        if self.rows < MIN_TABLE_ROWS or self.width < 2:  # noqa: PLR2004 (two sides of a card)
            return False
        needed = STEADY_SHARE_WITH_NAMES if self.named_columns else STEADY_SHARE
        return self.steady >= needed

    @property
    def table_like(self) -> bool:
        """True when the rows split at all, though maybe unevenly (rows gone bad).

        A tab is enough on half the rows; a comma, semicolon or pipe is common
        in prose, so those need two rows or more and nearly all of them split.
        """
        if self.separator == "\t":
            return self.split >= SPLIT_SHARE
        return self.rows >= MIN_TABLE_ROWS and self.split >= STEADY_SHARE


@dataclass(frozen=True, slots=True)
class GiftShape:
    """How the sampled text parses as GIFT."""

    items: int
    questions: int  # items that parse as a question with an answer block
    errors: int  # items that do not parse
    markers: int  # $CATEGORY lines and ::titles::, which only GIFT writes

    def one_per_row(self, table: TableShape) -> bool:
        """True when each row of ``table`` is a whole GIFT question of its own.

        Spreadsheets do not put a blank line after every row; GIFT files of
        one-line questions do, and their commas can make them look like a table.
        """
        return self.items == table.rows >= MIN_TABLE_ROWS and self.questions == self.items

    @property
    def parses(self) -> bool:
        """True when GIFT questions outnumber the items that fail to parse."""
        return self.questions > 0 and self.errors < self.questions


def table_shape(lines: list[str]) -> TableShape:
    """The shape of ``lines`` (comment lines starting with ``#`` left out) read as a table."""
    sample = [line for line in lines if line.strip() and not line.startswith("#")]
    sample = sample[:SAMPLE_ROWS]
    separator = guess_separator(sample)
    try:
        rows = list(csv.reader((line + "\n" for line in sample), delimiter=separator))
    except csv.Error:
        rows = []
    rows = [row for row in rows if any(field.strip() for field in row)]
    if not rows:
        return TableShape(0, 0, 0.0, 0.0, named_columns=False, separator=separator)
    widths = Counter(len(row) for row in rows)
    width, steady = widths.most_common(1)[0]
    named = is_header_row(rows[0]) or is_quiz_header(rows[0])
    if named:
        # Data rows may leave trailing columns out; the names decide the width.
        width = len(rows[0])
        steady = sum(1 for row in rows if 2 <= len(row) <= width)  # noqa: PLR2004
    split = sum(1 for row in rows if len(row) >= 2) / len(rows)  # noqa: PLR2004
    return TableShape(
        rows=len(rows),
        width=width,
        steady=steady / len(rows),
        split=split,
        named_columns=named,
        separator=separator,
    )


def gift_shape(text: str, *, complete: bool) -> GiftShape:
    """How ``text`` parses as GIFT; when not ``complete`` its cut-off last item is left out."""
    items = split_items(text)
    if not complete and len(items) > 1:
        items = items[:-1]
    questions = errors = markers = 0
    for item in items:
        try:
            parsed = parse_item(item)
        except GiftError:
            errors += 1
            continue
        for part in parsed:
            markers += part.kind == "category" or bool(part.title)
            # "{word}" alone is GIFT too, but prose and LaTeX are full of it.
            bare = bool(part.answers) and all(answer.mark == "" for answer in part.answers)
            questions += part.kind not in _NOT_QUESTIONS and not bare
    return GiftShape(items=len(items), questions=questions, errors=errors, markers=markers)
