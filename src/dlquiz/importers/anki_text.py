"""Anki and Quizlet text exports (TXT, TSV, CSV) read as flashcards, typed and cloze questions.

Each row is one note: by default the first column is the front and the
second the back; Anki's header lines (``#separator:``, ``#columns:``,
``#tags column:``...) can say otherwise.  Rows holding ``{{c1::...}}``
become cloze questions.  A row with a single field is a problem (the file
is refused); extra fields are ignored with a notice, as Anki does.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from .anki_text_header import (
    TextHeader,
    guess_custom_separator,
    guess_separator,
    read_header,
    separator_name,
)
from .cards import CardDraft, QuestionBuilder
from .cloze import has_cloze
from .context import ReadContext
from .html import RichText, plain_to_rich, sanitize_html, strip_sound
from .ids import UniqueIds, short_hash
from .limits import MAX_FIELD_CHARS
from .quiz_csv import is_quiz_header, read_quiz_rows
from .result import ReaderOutput
from .table_names import column_role, is_header_row

IMAGES_NOT_CARRIED = (
    "a text file cannot carry images: export the deck as an Anki package (.apkg) to keep them"
)
SOUNDS_NOT_CARRIED = (
    "a text file cannot carry sounds: export the deck as an Anki package (.apkg) to keep them"
)
MAX_LINES_IN_FIELD = 50  # a quoted field this long almost always lacks its closing quote
HANDOVER_ROWS = 8192  # rows read between two handovers to storage (ReadContext.handover)
_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!]|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# What keeps a stripped field from being its own HTML and plain text: markup, an
# entity, a sound or picture reference, a line break, or spacing to collapse.
_NOT_PLAIN = re.compile(r"[<>&\[\n\r\t\f\v\xa0\u200b]|  ")


def read_anki_text(text: str, ctx: ReadContext) -> ReaderOutput:
    """Read an Anki/Quizlet text export.

    Raises:
        InputError: rows with too few fields or absurdly long fields.
    """
    lines = text.split("\n")
    header = read_header(lines)
    for line, key in header.unknown:
        ctx.notice(f"header line '#{key}:' ignored: it needs a column number", line=line)
    separator = header.separator or guess_separator(lines[header.lines :])
    custom = None if header.separator else guess_custom_separator(lines[header.lines :])
    if custom is not None:
        separator = custom
        ctx.notice(f"each line split at its first {custom.strip()!r} (a Quizlet custom export)")
        rows = list(_custom_rows(lines, header.lines, custom))
    else:
        rows = list(_rows(lines, header.lines, separator, ctx))
    ctx.raise_if_problems()
    if rows and not header.columns and is_quiz_header(rows[0][1]):
        return read_quiz_rows(rows, ctx)
    columns = _Columns.plan(header, rows, ctx)
    if columns.header_row:
        rows = rows[1:]
    builder = QuestionBuilder(ctx)
    ids = UniqueIds()
    seen: dict[tuple[str, str], int] = {}  # (front, back) -> line first seen
    stage = ctx.stage(0.1, 0.9)
    plain_rows = _PlainRows.plan(columns, header, builder, ids, seen)
    # Only a file on the fast path is handed over as it is read: its cards are one
    # per row, all of one topic, without a guid column that could find another deck.
    handover = ctx.handover if plain_rows is not None else None
    for index, (line, fields) in enumerate(rows):
        stage.every(index, len(rows))
        if handover is not None and index % HANDOVER_ROWS == HANDOVER_ROWS - 1:
            handover(builder.take_new(), header.deck)
        if plain_rows is not None and plain_rows.take(fields, line):
            continue
        _read_row(
            fields,
            line,
            columns=columns,
            header=header,
            separator=separator,
            builder=builder,
            ids=ids,
            seen=seen,
            ctx=ctx,
        )
    if handover is not None:
        handover(builder.take_new(), header.deck)
    ctx.raise_if_problems()
    return ReaderOutput(questions=builder.questions(), deck_name=header.deck)


def _rows(
    lines: list[str], skip: int, separator: str, ctx: ReadContext
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of every data row; comment and blank lines left out."""
    numbers: list[int] = []

    def feed() -> Iterator[str]:
        for number in range(skip, len(lines)):
            line = lines[number]
            if line.startswith("#") or not line.strip():
                continue
            numbers.append(number + 1)
            yield line + "\n"

    reader = csv.reader(feed(), delimiter=separator)
    consumed = 0
    try:
        for fields in reader:
            start = numbers[consumed]
            spanned, consumed = reader.line_num - consumed, reader.line_num
            if sum(map(len, fields)) > MAX_FIELD_CHARS and (
                max(len(field) for field in fields) > MAX_FIELD_CHARS
            ):
                ctx.bad_row(f"a field is longer than {MAX_FIELD_CHARS:,} characters", line=start)
                continue
            if spanned > MAX_LINES_IN_FIELD:
                ctx.problem(
                    "a quoted field runs over more than "
                    f'{MAX_LINES_IN_FIELD} lines: a closing quote (") is probably missing',
                    line=start,
                )
                return
            yield start, fields
    except csv.Error as error:
        ctx.problem(f"cannot read this row: {error}", line=numbers[min(consumed, len(numbers) - 1)])


def _custom_rows(lines: list[str], skip: int, separator: str) -> Iterator[tuple[int, list[str]]]:
    """Rows of a Quizlet export with a custom separator: term and definition, unquoted."""
    for number in range(skip, len(lines)):
        line = lines[number]
        if line.startswith("#") or not line.strip():
            continue
        yield number + 1, line.split(separator, 1)


class _Columns:
    """Which column holds what: front, back, tags, deck, note type, guid, extra."""

    def __init__(
        self, roles: dict[str, int], *, header_row: bool, width: int, notetype: str
    ) -> None:
        self.roles = roles
        self.header_row = header_row
        self.width = width  # how many fields a row uses
        self.front = roles["front"]
        self.back = roles["back"]
        self.optional = bool(set(roles) - {"front", "back"})  # any other column to read
        self.notetype = notetype.casefold()

    @classmethod
    def plan(
        cls, header: TextHeader, rows: list[tuple[int, list[str]]], ctx: ReadContext
    ) -> _Columns:
        roles = dict(header.special_columns)
        names = list(header.columns)
        header_row = False
        if not names and rows and is_header_row(rows[0][1]):
            names, header_row = rows[0][1], True
            ctx.notice("first row taken as column names", line=rows[0][0])
        for index, name in enumerate(names):
            role = column_role(name)
            if role is not None and role not in roles:
                roles[role] = index
        taken = set(roles.values())
        free = (i for i in range(max(len(names), 64)) if i not in taken)
        if "front" not in roles:
            roles["front"] = next(free)
        if "back" not in roles:
            roles["back"] = next(free)
        width = max(roles.values()) + 1
        return cls(roles, header_row=header_row, width=width, notetype=header.notetype)


class _PlainRows:
    """The fast path for the rows of a large export that hold plain text only.

    A row whose front and back are plain text (see ``_NOT_PLAIN``), with no
    cloze and no field beyond the used ones, becomes exactly the card that
    :func:`_read_row` makes of it, without the per-field checks that cannot
    apply; any other row is left to :func:`_read_row`.
    """

    def __init__(
        self,
        columns: _Columns,
        header: TextHeader,
        builder: QuestionBuilder,
        ids: UniqueIds,
        seen: dict[tuple[str, str], int],
    ) -> None:
        self._front, self._back, self._width = columns.front, columns.back, columns.width
        self._last = max(columns.front, columns.back)
        self._header, self._builder, self._ids, self._seen = header, builder, ids, seen
        self._typed = True if "type in" in columns.notetype else None

    @classmethod
    def plan(
        cls,
        columns: _Columns,
        header: TextHeader,
        builder: QuestionBuilder,
        ids: UniqueIds,
        seen: dict[tuple[str, str], int],
    ) -> _PlainRows | None:
        """The fast path for this file, or None when its rows need the full reading."""
        if header.html is True or columns.optional or "reverse" in columns.notetype:
            return None
        return cls(columns, header, builder, ids, seen)

    def take(self, fields: list[str], line: int) -> bool:
        """Add the row's card and return True, or return False to leave the row alone."""
        count = len(fields)
        if count > self._width or count <= self._last:
            return False
        front, back = fields[self._front].strip(), fields[self._back].strip()
        if not front or not back or _NOT_PLAIN.search(front) or _NOT_PLAIN.search(back):
            return False
        # A cloze in any field goes to the full reading.  Two fields are the front
        # and the back themselves (stripping cannot break a "{{c").
        if "{{c" in front or "{{c" in back or (count > 2 and any("{{c" in v for v in fields)):
            return False
        if self._seen.setdefault((front, back), line) != line:
            return False  # a repeated card: _read_row says so
        header = self._header
        self._builder.add_plain_card(
            self._ids.take("n" + short_hash(front)),
            front,
            back,
            topic=header.deck,
            tags=header.tags,
            typed=self._typed,
        )
        return True


def _read_row(
    fields: list[str],
    line: int,
    *,
    columns: _Columns,
    header: TextHeader,
    separator: str,
    builder: QuestionBuilder,
    ids: UniqueIds,
    seen: dict[tuple[str, str], int],
    ctx: ReadContext,
) -> None:
    def field(role: str) -> str:
        index = roles.get(role, -1)
        return fields[index].strip() if 0 <= index < len(fields) else ""

    roles = columns.roles
    # Most files have no tags, deck, note type or guid column: skip those lookups.
    tags, topic, notetype, guid = header.tags, header.deck, columns.notetype, ""
    if columns.optional:
        tags += tuple(field("tags").split())
        topic = field("deck") or topic
        notetype = field("notetype").casefold() or notetype
        guid = field("guid")
    cloze_at = None
    if any("{{c" in value for value in fields):  # rare: the search below is slower
        cloze_at = next((i for i, value in enumerate(fields) if has_cloze(value)), None)
    if cloze_at is not None:
        source = _clean(fields[cloze_at], line, ctx, header)
        local = "n" + short_hash(guid or fields[cloze_at])
        instruction = _instruction(fields, cloze_at)
        if instruction:
            source = f"{instruction}<br>{source}"
        extra = fields[cloze_at + 1].strip() if cloze_at + 1 < len(fields) else ""
        builder.add_cloze(
            ids.take(local),
            source,
            topic=topic,
            tags=tags,
            explanation=sanitize_html(extra).plain if extra else "",
            line=line,
        )
        return
    if len(fields) < 2:
        ctx.bad_row(
            "only 1 field: a card needs a front and a back separated by "
            + separator_name(separator),
            line=line,
        )
        return
    if len(fields) > columns.width and any(value.strip() for value in fields[columns.width :]):
        ctx.notice(
            f"{len(fields)} fields where {columns.width} are used: the rest are ignored", line=line
        )
    front_text = fields[columns.front].strip() if columns.front < len(fields) else ""
    back_text = fields[columns.back].strip() if columns.back < len(fields) else ""
    first = seen.setdefault((front_text, back_text), line)
    if first != line:
        # A second copy of a card, as Anki counts it: one note, not two.
        ctx.skip("repeated card", f"it repeats line {first}", line=line)
        return
    front = _rich(front_text, line, ctx, header)
    back = _rich(back_text, line, ctx, header)
    if not (front.plain or front.images) and front.missing_images:
        reason = f"its front is only an image, and {IMAGES_NOT_CARRIED}"
        ctx.skip("image-only card", reason, line=line)
        return
    # A back that was only an image is a card with an empty back, as Anki makes it;
    # the notice of the image left out says why it is empty.
    extra = field("extra") if columns.optional else ""
    local = ids.take("n" + short_hash(guid or front_text))
    draft = CardDraft(
        local_id=local,
        front=front,
        back=back,
        topic=topic,
        tags=tags,
        explanation=sanitize_html(extra).plain if extra else "",
        typed=True if "type in" in notetype else None,
        line=line,
    )
    builder.add_card(draft)
    if "reverse" in notetype:
        builder.add_card(
            CardDraft(
                local_id=f"{local}-r",
                front=back,
                back=front,
                topic=topic,
                tags=tags,
                line=line,
                note=local,
            )
        )


def _instruction(fields: list[str], cloze_at: int) -> str:
    """The field just before a cloze text when it reads as an instruction, not an id."""
    if cloze_at == 0:
        return ""
    before = fields[cloze_at - 1].strip()
    return before if any(char.isalpha() for char in before) else ""


def _clean(value: str, line: int, ctx: ReadContext, header: TextHeader) -> str:
    value, sounds = strip_sound(value)
    for name in sounds:
        ctx.notice(f"sound {name} removed: {SOUNDS_NOT_CARRIED}", line=line)
    if header.html is False:
        return plain_to_rich(value).html
    return value


def _rich(value: str, line: int, ctx: ReadContext, header: TextHeader) -> RichText:
    if header.html is not True and "<" not in value and "&" not in value and "[" not in value:
        return plain_to_rich(value)  # most fields of a large export: no markup, no sound
    value, sounds = strip_sound(value)
    for name in sounds:
        ctx.notice(f"sound {name} removed: {SOUNDS_NOT_CARRIED}", line=line)
    if header.html is False or (header.html is None and not _LOOKS_LIKE_HTML.search(value)):
        return plain_to_rich(value)
    rich = sanitize_html(value)
    for name in rich.missing_images:
        ctx.notice(f"image {name} left out: a text file cannot carry images", line=line)
    return rich
