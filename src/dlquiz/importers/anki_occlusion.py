"""Anki's Image Occlusion notes read into picture questions, one per occlusion number.

The note type keeps the picture in its Image field (``<img src="…">``) and the
shapes in its Occlusion field as cloze-like text, one deletion per shape::

    {{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4:oi=1}}
    {{c2::image-occlusion:ellipse:left=.6:top=.1:rx=.1:ry=.2}}
    {{c2::image-occlusion:polygon:left=.5:top=.5:points=.5,.5 .6,.6 .5,.7}}
    {{c0::image-occlusion:text:left=.2:top=.8:text=Label:scale=1:fs=.05}}

Coordinates are fractions of the picture's width and height.  Several shapes
may share a number; Anki makes one card per number from 1 up, and a number 0
marks a label drawn on every card.  ``oi`` is the card's mode
(:class:`dlquiz.core.occlusion.OcclusionMode`), read from the first shape the
card shows, as Anki's reviewer reads it.  A ``:`` inside a value is written
``\\:``, and values are HTML text.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from dlquiz.core.labels import (
    OCCLUSION_ANSWER,
    OCCLUSION_ANSWER_CLEAR,
    OCCLUSION_PROMPT,
    OCCLUSION_TYPED_PROMPT,
)
from dlquiz.core.model import FlashKey, Question, QuestionType, TextKey
from dlquiz.core.occlusion import Occlusion, OcclusionMode, Shape, ShapeKind

from .anki_template import NoteType
from .cards import QuestionBuilder, note_identity
from .context import ReadContext
from .html import sanitize_html

OCCLUSION_MARK = "image-occlusion"
_START = re.compile(r"\{\{c(\d+)::image-occlusion:")
_SPLIT = re.compile(r"(?<!\\):")
# The stock note type's fields, and where they sit when a copy renamed them.
_STOCK_FIELDS = {"occlusion": 0, "image": 1, "header": 2, "back extra": 3}


@dataclass(frozen=True, slots=True)
class ParsedShapes:
    """The shapes of one Occlusion field, each with its ``oi`` mode, and what was wrong."""

    shapes: tuple[Shape, ...]
    modes: tuple[OcclusionMode, ...]  # one per shape
    problems: tuple[str, ...]


def is_occlusion_note(notetype: NoteType, fields: str) -> bool:
    """True for a note of Anki's Image Occlusion type (or a copy of it)."""
    front = notetype.templates[0].front if notetype.templates else ""
    return OCCLUSION_MARK in front or OCCLUSION_MARK in fields[:2000]


def parse_shapes(field: str) -> ParsedShapes:
    """Every ``{{cN::image-occlusion:…}}`` shape of an Occlusion field, in order."""
    shapes: list[Shape] = []
    modes: list[OcclusionMode] = []
    problems: list[str] = []
    position = 0
    while (match := _START.search(field, position)) is not None:
        end = field.find("}}", match.end())
        if end < 0:
            problems.append(f"shape {len(shapes) + len(problems) + 1} is not closed with }}}}")
            break
        position = end + 2
        body = field[match.end() : end]
        kind_text, _, rest = body.partition(":")
        try:
            kind = ShapeKind(kind_text.strip())
        except ValueError:
            problems.append(f"unknown shape {kind_text.strip()!r}")
            continue
        props = _properties(rest)
        shape = _shape(kind, int(match.group(1)), props)
        if shape is None:
            problems.append(f"a {kind.value} with missing or broken coordinates ({body[:60]})")
            continue
        shapes.append(shape)
        modes.append(_mode(props.get("oi", "")))
    return ParsedShapes(tuple(shapes), tuple(modes), tuple(problems))


def card_mode(parsed: ParsedShapes, number: int) -> OcclusionMode:
    """The mode of card ``number``: that of the first shape it shows as asked (or any)."""
    for shape, mode in zip(parsed.shapes, parsed.modes, strict=True):
        if shape.number in (number, 0):
            return mode
    return parsed.modes[0] if parsed.modes else OcclusionMode.HIDE_ONE


def _properties(text: str) -> dict[str, str]:
    props: dict[str, str] = {}
    for part in _SPLIT.split(text):
        name, sep, value = part.partition("=")
        if sep:
            props[name.strip()] = html.unescape(value.replace("\\:", ":"))
    return props


def _number(props: Mapping[str, str], name: str, default: float | None = None) -> float | None:
    raw = props.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if math.isfinite(value) else default


def _shape(kind: ShapeKind, number: int, props: Mapping[str, str]) -> Shape | None:
    # Anki reads a missing or broken left/top as 0; the sizes a shape cannot do without.
    base = Shape(
        kind,
        number,
        left=_number(props, "left", 0.0) or 0.0,
        top=_number(props, "top", 0.0) or 0.0,
        angle=_number(props, "angle", 0.0) or 0.0,
        fill=props.get("fill", "").strip(),
    )
    if kind is ShapeKind.RECT:
        width, height = _number(props, "width"), _number(props, "height")
        if width is None or height is None or width <= 0 or height <= 0:
            return None
        return replace(base, width=width, height=height)
    if kind is ShapeKind.ELLIPSE:
        rx, ry = _number(props, "rx"), _number(props, "ry")
        if rx is None or ry is None or rx <= 0 or ry <= 0:
            return None
        return replace(base, width=2 * rx, height=2 * ry)
    if kind is ShapeKind.POLYGON:
        points = _points(props.get("points", ""))
        if len(points) < 3:
            return None
        if "left" not in props:  # no corner given: the points stand where they are
            base = replace(base, left=min(x for x, _ in points), top=min(y for _, y in points))
        return replace(base, points=points)
    text = props.get("text", "")
    if not text.strip():
        return None
    scale = _number(props, "scale", 1.0) or 1.0
    font_size = _number(props, "fs", 0.0) or 0.0
    return replace(base, text=text, font_size=max(font_size, 0.0), scale=max(scale, 0.01))


def _points(text: str) -> tuple[tuple[float, float], ...]:
    points = []
    for pair in text.split():
        x_text, _, y_text = pair.partition(",")
        try:
            x, y = float(x_text), float(y_text)
        except ValueError:
            return ()
        if not (math.isfinite(x) and math.isfinite(y)):
            return ()
        points.append((x, y))
    return tuple(points)


def _mode(raw: str) -> OcclusionMode:
    try:
        return OcclusionMode(int(raw.strip() or "0"))
    except ValueError:
        return OcclusionMode.HIDE_ONE


def field_values(notetype: NoteType, values: Mapping[str, str]) -> dict[str, str]:
    """The note's occlusion, image, header and back extra fields, by role.

    The stock field names are used when present; a copy that renamed them is
    read by position, as Anki keeps the stock order.
    """
    names = [name.casefold() for name in notetype.fields]
    out: dict[str, str] = {}
    for role, index in _STOCK_FIELDS.items():
        if role in names:
            out[role] = values.get(notetype.fields[names.index(role)], "")
        elif index < len(notetype.fields):
            out[role] = values.get(notetype.fields[index], "")
        else:
            out[role] = ""
    if OCCLUSION_MARK not in out["occlusion"]:  # the shapes are wherever the mark is
        for name in notetype.fields:
            if OCCLUSION_MARK in values.get(name, ""):
                out["occlusion"] = values[name]
                break
    return out


def add_occlusion_note(
    builder: QuestionBuilder,
    ctx: ReadContext,
    *,
    local: str,
    fields: Mapping[str, str],
    only: set[int] | None,
    topic: str,
    tags: tuple[str, ...],
    where: str,
    media: Collection[str],
) -> dict[int, str]:
    """Add one question per occlusion number of the note; returns number -> local id.

    ``fields`` are the note's fields by role (:func:`field_values`); ``only``
    the numbers Anki made cards for (None: every number).
    """
    parsed = parse_shapes(fields["occlusion"])
    for problem in parsed.problems:
        ctx.notice(f"image occlusion shape left out: {problem}", where=where)
    picture = sanitize_html(fields["image"], media=media)
    numbers = sorted({shape.number for shape in parsed.shapes if shape.number > 0})
    wanted = [n for n in numbers if only is None or n in only]
    count = len(only) if only is not None else len(wanted)
    pictures = [name for name in picture.images if name in media]
    if not pictures:
        missing = ", ".join(picture.missing_images) or "none is named in its Image field"
        ctx.skip(
            "image occlusion note",
            f"its {count} card(s) hide parts of a picture that is not in the package ({missing})",
            where=where,
        )
        return {}
    if not wanted:
        ctx.skip("image occlusion note", "it has no shape to ask about", where=where)
        return {}
    for number in sorted(only - set(numbers)) if only is not None else ():
        ctx.skip("image occlusion card", f"card {number} has no shape to hide", where=where)
    header = sanitize_html(fields["header"], media=media)
    extra = sanitize_html(fields["back extra"], media=media)
    image = pictures[0]
    prompt_html = (
        header.html + "<br>" if header.html else ""
    ) + f'<img src="{html.escape(image)}">'
    made: dict[int, str] = {}
    for number in wanted:
        occlusion = Occlusion(
            image=image, number=number, shapes=parsed.shapes, mode=card_mode(parsed, number)
        )
        texts = occlusion.answer_texts
        clear = occlusion.mode is OcclusionMode.HIDE_ALL_BUT_ONE
        told = OCCLUSION_ANSWER_CLEAR if clear else OCCLUSION_ANSWER  # what the back shows
        local_id = f"{local}-c{number}"
        builder.add_built(
            Question(
                id=f"{ctx.deck_id}:{local_id}",
                deck=ctx.deck_id,
                type=QuestionType.TYPED if texts else QuestionType.FLASHCARD,
                prompt=prompt_html,
                plain_prompt=header.plain
                or (OCCLUSION_TYPED_PROMPT if texts else OCCLUSION_PROMPT),
                key=_typed_key(texts) if texts else FlashKey(told),
                answer=", ".join(texts) if texts else told,
                topic=topic,
                fact_ids=(note_identity(local),),
                tags=tags,
                explanation=extra.plain,
                media=tuple(dict.fromkeys((image, *header.images, *extra.images))),
                occlusion=occlusion,
            )
        )
        made[number] = local_id
    return made


def _typed_key(texts: tuple[str, ...]) -> TextKey:
    """Several texts of one number are typed together, with commas or spaces between."""
    return TextKey(accepted=tuple(dict.fromkeys((", ".join(texts), " ".join(texts)))))
