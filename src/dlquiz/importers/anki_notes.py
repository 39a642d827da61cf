"""Anki notes and cards turned into questions, one question per Anki card.

A card's question is its note type's front template, rendered; its answer is
what the back template adds.  Cloze note types give one question per cloze
number, as Anki gives one card per number.  Ids come from the note's guid
and the card's ordinal, so the same note keeps its id in every export and
under every deck name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from dlquiz.core.media import is_sound

from .anki_latex import has_latex, replace_latex
from .anki_mask_notes import add_mask_card, is_mask_notetype
from .anki_occlusion import add_occlusion_note, field_values, is_occlusion_note
from .anki_template import NoteType, Template, referenced_fields, render, typed_field
from .answers import is_typeable
from .cards import CardDraft, QuestionBuilder
from .cloze import cloze_numbers
from .context import ReadContext
from .html import RichText, sanitize_html, sound_tags
from .ids import short_hash
from .limits import MAX_FIELD_CHARS
from .result import ReaderOutput

DEFAULT_DECK = "Default"
DECOY_TEXT = "please update to the latest anki version"


@dataclass
class NotesRead:
    """The questions of a collection and, per Anki card id, its question's local id."""

    output: ReaderOutput
    card_local_ids: dict[int, str] = field(default_factory=dict)


def read_notes(
    con: sqlite3.Connection,
    ctx: ReadContext,
    notetypes: dict[int, NoteType],
    decks: dict[int, str],
    *,
    media: Collection[str],
) -> NotesRead:
    """Questions from every note of the collection behind ``con``."""
    deck_names = {did: name.replace("\x1f", "::") for did, name in decks.items()}
    cards: dict[int, list[tuple[int, int, int]]] = {}
    for cid, nid, ord_, did in con.execute("SELECT id, nid, ord, did FROM cards ORDER BY nid, ord"):
        cards.setdefault(int(nid), []).append((int(ord_), int(did), int(cid)))
    total = con.execute("SELECT count(*) FROM notes").fetchone()[0] or 0
    builder = QuestionBuilder(ctx, media=media)
    reader = _NoteReader(ctx, builder)
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
        note_cards = cards.get(note.id) or [(t.ord, 0, 0) for t in notetype.templates]
        topic = deck_names.get(note_cards[0][1], "")
        topic = "" if topic == DEFAULT_DECK else topic
        if topic:
            top = topic.split("::")[0]
            top_decks[top] = top_decks.get(top, 0) + 1
        reader.add(note, notetype, note_cards=note_cards, topic=topic)
    ctx.raise_if_problems()
    deck_name = max(top_decks, key=lambda name: top_decks[name]) if top_decks else ""
    output = ReaderOutput(questions=builder.questions(), deck_name=deck_name)
    return NotesRead(output, reader.card_local_ids)


@lru_cache(maxsize=256)
def _answer_fields(template: Template) -> tuple[str, tuple[str, ...]]:
    """The typed field (or ``""``) and the fields that make a card's answer.

    The answer is what the back template adds to the front: its fields that
    the front does not show, or the ``{{type:Field}}`` field.  Worked out once
    per template, not once per card.
    """
    typed = typed_field(template.front) or typed_field(template.back)
    if typed:
        return typed, (typed,)
    shown = set(referenced_fields(template.front))
    return "", tuple(name for name in referenced_fields(template.back) if name not in shown)


class _Note:
    def __init__(self, nid: int, guid: str, flds: str, tags: str) -> None:
        self.id = nid
        self.guid = guid
        self.flds = flds
        self.tags = tuple(tags.split())


class _NoteReader:
    """Turns one note at a time into cards for the builder."""

    def __init__(self, ctx: ReadContext, builder: QuestionBuilder) -> None:
        self._ctx = ctx
        self._builder = builder
        self.card_local_ids: dict[int, str] = {}
        # Per note type (by identity; they live as long as the read): its templates by
        # ordinal, and whether it lays masks.  Worked out once, not once per note.
        self._shapes: dict[int, tuple[dict[int, Template], bool]] = {}

    def _shape(self, notetype: NoteType) -> tuple[dict[int, Template], bool]:
        shape = self._shapes.get(id(notetype))
        if shape is None:
            templates = {template.ord: template for template in notetype.templates}
            shape = self._shapes[id(notetype)] = (templates, is_mask_notetype(notetype))
        return shape

    def add(
        self,
        note: _Note,
        notetype: NoteType,
        *,
        note_cards: list[tuple[int, int, int]],
        topic: str,
    ) -> None:
        where = f"note {note.id}"
        if DECOY_TEXT in note.flds[:200].casefold():
            self._ctx.skip("note", "it only asks to update Anki (a placeholder)", where=where)
            return
        values = self._values(note, notetype)
        local = "n" + short_hash(note.guid or str(note.id))
        if notetype.is_cloze:
            self._add_cloze(
                note, notetype, note_cards=note_cards, values=values, local=local, topic=topic
            )
            return
        templates, masks = self._shape(notetype)
        for ord_, _did, cid in note_cards:
            template = templates.get(ord_)
            if template is None:
                self._ctx.skip("card", f"its template {ord_ + 1} is missing", where=where)
                continue
            local_id = f"{local}-{ord_ + 1}"
            self.card_local_ids[cid] = local_id
            if masks and add_mask_card(
                self._builder,
                self._ctx,
                template=template,
                values=values,
                local_id=local_id,
                note=local,
                topic=topic,
                tags=note.tags,
                where=where,
                media=self._builder.media,
            ):
                continue
            draft = self._card(template, values, local_id, topic, note)
            draft.note = local  # the cards of one note are siblings
            self._builder.add_card(draft)

    def _card(
        self, template: Template, values: dict[str, str], local_id: str, topic: str, note: _Note
    ) -> CardDraft:
        where = f"note {note.id}"
        media = self._builder.media
        front = sanitize_html(render(template.front, values), media=media)
        typed, new_fields = _answer_fields(template)
        parts = [values[name] for name in new_fields if values.get(name, "").strip()]
        back = sanitize_html("<br>".join(parts), media=media)
        explanation = ""
        if len(parts) > 1 and not typed and not is_typeable(back.plain):
            # "Back" then "Extra": when the first field alone is a short answer,
            # it is the answer and the rest explains it, as the card reads in Anki.
            first = sanitize_html(parts[0], media=media)
            if is_typeable(first.plain):
                rest = sanitize_html("<br>".join(parts[1:]), media=media)
                back = RichText(
                    first.html, first.plain, first.images + rest.images, rest.missing_images
                )
                explanation = rest.plain
        self._notice_missing(front.missing_images + back.missing_images, where)
        return CardDraft(
            local_id=local_id,
            front=front,
            back=back,
            topic=topic,
            tags=note.tags,
            explanation=explanation,
            typed=True if typed else None,
            where=where,
        )

    def _add_cloze(
        self,
        note: _Note,
        notetype: NoteType,
        *,
        note_cards: list[tuple[int, int, int]],
        values: dict[str, str],
        local: str,
        topic: str,
    ) -> None:
        where = f"note {note.id}"
        template = notetype.templates[0] if notetype.templates else Template(0, "", "", "")
        by_number = {ord_ + 1: cid for ord_, _did, cid in note_cards if cid}
        if is_occlusion_note(notetype, note.flds):
            made = add_occlusion_note(
                self._builder,
                self._ctx,
                local=local,
                fields=field_values(notetype, values),
                only=set(by_number) if by_number else None,
                topic=topic,
                tags=note.tags,
                where=where,
                media=self._builder.media,
            )
            for number, local_id in made.items():
                if number in by_number:
                    self.card_local_ids[by_number[number]] = local_id
            return
        front = (
            template.front or "{{cloze:" + (notetype.fields[0] if notetype.fields else "") + "}}"
        )
        # Every {{cloze:Field}} of the front is rendered with its markup kept, so
        # cloze numbers of all cloze fields (and other front fields) are asked.
        source = render(front, values)
        shown = set(referenced_fields(front))
        extra_fields = [n for n in referenced_fields(template.back) if n not in shown]
        extra = sanitize_html(
            "<br>".join(values[n] for n in extra_fields if values.get(n, "").strip()),
            media=self._builder.media,
        )
        missing = sanitize_html(source, media=self._builder.media).missing_images
        self._notice_missing(missing + extra.missing_images, where)
        numbers = cloze_numbers(source)
        if not numbers:
            self._ctx.skip("cloze note", "it has no {{c1::...}} deletion", where=where)
            return
        for number in sorted(set(by_number) - numbers):
            # Anki keeps a card whose number was edited out until "Empty Cards" removes it.
            self._ctx.skip(
                "cloze card",
                f"card {number} asks c{number}, which the note no longer has "
                "(Anki keeps it as an empty card)",
                where=where,
            )
        self._builder.add_cloze(
            local,
            source,
            topic=topic,
            tags=note.tags,
            explanation=extra.plain,
            only=set(by_number) if by_number else None,  # no cards table: every number
            where=where,
            extra_media=extra.images,
        )
        for number, cid in by_number.items():
            self.card_local_ids[cid] = f"{local}-c{number}"

    def _values(self, note: _Note, notetype: NoteType) -> dict[str, str]:
        raw = note.flds.split("\x1f")
        values: dict[str, str] = {}
        where = f"note {note.id}"
        for index, name in enumerate(notetype.fields):
            # A sound stays with its card when the package ships it (the sanitiser decides).
            text = sound_tags(raw[index] if index < len(raw) else "")
            if has_latex(text):
                result = replace_latex(text, self._builder.media.__contains__)
                text = result.text
                for missing in result.missing:
                    self._ctx.notice(
                        f"LaTeX shown as its source: the package has no picture of it ({missing})",
                        where=where,
                    )
            values[name] = text
        return values

    def _notice_missing(self, names: tuple[str, ...], where: str) -> None:
        shipped = getattr(self._builder.media, "names", {})
        source = getattr(self._builder.media, "source", "the package")
        for name in names:
            if is_sound(name):
                what = f"not in {source}" if name not in shipped else "unsafe to name"
                self._ctx.notice(f"sound {name} left out: it is {what}", where=where)
                continue
            if name in shipped:
                reason = f"it is in {source} but is not a PNG, JPEG, GIF, WebP, BMP or SVG picture"
            else:
                reason = f"it is not in {source}"
            self._ctx.notice(f"image {name} left out: {reason}", where=where)
