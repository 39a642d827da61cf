"""Anki notes and cards turned into questions.

Each card becomes a question: front/back cards through their templates,
cloze notes one question per deletion.  Ids come from the note's guid and
the card's ordinal, so importing the same package again gives the same ids.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from .anki_template import NoteType, cloze_field, referenced_fields, render, typed_field
from .cards import CardDraft, QuestionBuilder
from .context import ReadContext
from .html import sanitize_html, strip_sound
from .ids import short_hash
from .limits import MAX_FIELD_CHARS
from .result import ReaderOutput

DEFAULT_DECK = "Default"
DECOY_TEXT = "please update to the latest anki version"


def read_notes(
    con: sqlite3.Connection,
    ctx: ReadContext,
    notetypes: dict[int, NoteType],
    decks: dict[int, str],
    *,
    media: Collection[str],
) -> ReaderOutput:
    """Questions from every note of the collection behind ``con``."""
    deck_names = {did: name.replace("\x1f", "::") for did, name in decks.items()}
    cards: dict[int, list[tuple[int, int]]] = {}
    for nid, ord_, did in con.execute("SELECT nid, ord, did FROM cards ORDER BY nid, ord"):
        cards.setdefault(int(nid), []).append((int(ord_), int(did)))
    total = con.execute("SELECT count(*) FROM notes").fetchone()[0] or 0
    builder = QuestionBuilder(ctx, media=media)
    stage = ctx.stage(0.3, 0.9)
    top_decks: dict[str, int] = {}
    rows = con.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id")
    for index, (nid, guid, mid, tags, flds) in enumerate(rows):
        stage.every(index, total)
        note = _Note(int(nid), str(guid), str(flds or ""), str(tags or ""))
        where = f"note {note.id}"
        notetype = notetypes.get(int(mid))
        if notetype is None:
            ctx.skip("note", f"its note type {mid} is missing from the collection", where=where)
            continue
        if len(note.flds) > MAX_FIELD_CHARS and (
            max(map(len, note.flds.split("\x1f"))) > MAX_FIELD_CHARS
        ):
            ctx.problem(f"a field is longer than {MAX_FIELD_CHARS:,} characters", where=where)
            continue
        note_cards = cards.get(note.id) or [(t.ord, 0) for t in notetype.templates]
        topic = deck_names.get(note_cards[0][1], "")
        topic = "" if topic == DEFAULT_DECK else topic
        if topic:
            top = topic.split("::")[0]
            top_decks[top] = top_decks.get(top, 0) + 1
        _add_note(note, notetype, note_cards=note_cards, topic=topic, builder=builder, ctx=ctx)
    ctx.raise_if_problems()
    deck_name = max(top_decks, key=lambda name: top_decks[name]) if top_decks else ""
    return ReaderOutput(questions=builder.questions(), deck_name=deck_name)


class _Note:
    def __init__(self, nid: int, guid: str, flds: str, tags: str) -> None:
        self.id = nid
        self.guid = guid
        self.flds = flds
        self.tags = tuple(tags.split())

    def values(self, notetype: NoteType, ctx: ReadContext) -> dict[str, str]:
        raw = self.flds.split("\x1f")
        values: dict[str, str] = {}
        for index, name in enumerate(notetype.fields):
            text, sounds = strip_sound(raw[index] if index < len(raw) else "")
            for sound in sounds:
                ctx.notice(
                    f"sound {sound} removed: dlquiz does not play sounds", where=f"note {self.id}"
                )
            values[name] = text
        return values


def _add_note(
    note: _Note,
    notetype: NoteType,
    *,
    note_cards: list[tuple[int, int]],
    topic: str,
    builder: QuestionBuilder,
    ctx: ReadContext,
) -> None:
    where = f"note {note.id}"
    if DECOY_TEXT in note.flds[:200].casefold():
        ctx.skip("note", "it only asks to update Anki (a placeholder)", where=where)
        return
    values = note.values(notetype, ctx)
    local = "n" + short_hash(note.guid or str(note.id))
    if notetype.is_cloze:
        _add_cloze(
            note,
            notetype,
            note_cards=note_cards,
            values=values,
            local=local,
            topic=topic,
            builder=builder,
            ctx=ctx,
        )
        return
    templates = {template.ord: template for template in notetype.templates}
    for ord_, _did in note_cards:
        template = templates.get(ord_)
        if template is None:
            ctx.skip("card", f"its template {ord_ + 1} is missing", where=where)
            continue
        front = sanitize_html(render(template.front, values), media=builder.media)
        typed = typed_field(template.front) or typed_field(template.back)
        shown = set(referenced_fields(template.front))
        answer_fields = (
            [typed]
            if typed
            else [name for name in referenced_fields(template.back) if name not in shown]
        )
        back_source = "<br>".join(
            values.get(name, "") for name in answer_fields if values.get(name)
        )
        back = sanitize_html(back_source, media=builder.media)
        _notice_missing(front.missing_images + back.missing_images, where, ctx)
        builder.add_card(
            CardDraft(
                local_id=f"{local}-{ord_ + 1}",
                front=front,
                back=back,
                topic=topic,
                tags=note.tags,
                typed=True if typed else None,
                where=where,
            )
        )


def _add_cloze(
    note: _Note,
    notetype: NoteType,
    *,
    note_cards: list[tuple[int, int]],
    values: dict[str, str],
    local: str,
    topic: str,
    builder: QuestionBuilder,
    ctx: ReadContext,
) -> None:
    where = f"note {note.id}"
    front = notetype.templates[0].front if notetype.templates else ""
    if "image-occlusion" in front or "occlusion" in notetype.name.casefold():
        ctx.skip("image occlusion note", "dlquiz cannot hide parts of a picture", where=where)
        return
    field = cloze_field(front) or (notetype.fields[0] if notetype.fields else "")
    source = values.get(field, "")
    extra = [name for name in notetype.fields if name != field and values.get(name, "").strip()]
    explanation = sanitize_html("<br>".join(values[name] for name in extra)).plain
    _notice_missing(sanitize_html(source, media=builder.media).missing_images, where, ctx)
    added = builder.add_cloze(
        local,
        source,
        topic=topic,
        tags=note.tags,
        explanation=explanation,
        only={ord_ + 1 for ord_, _ in note_cards},
        where=where,
    )
    if not added:
        ctx.skip("cloze note", "it has no {{c1::...}} deletion", where=where)


def _notice_missing(names: tuple[str, ...], where: str, ctx: ReadContext) -> None:
    for name in names:
        ctx.notice(f"image {name} left out: it is not in the package", where=where)
