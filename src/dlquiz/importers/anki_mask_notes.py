"""Cards of the older "Image Occlusion Enhanced" add-on: a picture under a mask picture.

Before Anki had Image Occlusion built in, the add-on made one note per
masked region, of an ordinary note type whose templates stack two pictures:

    <div id="io-overlay">{{Question Mask}}</div>
    <div id="io-original">{{Image}}</div>

The mask is an SVG the size of the picture with the regions already drawn
(the asked one in red, the others in yellow, or none of them); the back
template shows the "Answer Mask" there instead.  Anki's card is the picture
with its mask laid over it, so that is the question made here: the masks are
kept as pictures of the deck and the window lays them over the picture.
The fields the templates show around them (Header, Footer; Remarks, Sources,
Extra 1, Extra 2 on the back) become the prompt and the explanation.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping

from dlquiz.core.labels import OCCLUSION_PROMPT, OCCLUSION_REVEALED
from dlquiz.core.model import FlashKey, Question, QuestionType
from dlquiz.core.occlusion import Occlusion

from .anki_template import NoteType, Template, referenced_fields, render
from .cards import QuestionBuilder, note_identity
from .context import ReadContext
from .html import sanitize_html

_OVERLAY = re.compile(r'id="io-overlay"[^>]*>\s*\{\{\s*([^}]+?)\s*\}\}')
_ORIGINAL = re.compile(r'id="io-original"[^>]*>\s*\{\{\s*([^}]+?)\s*\}\}')


def mask_fields(template: Template) -> tuple[str, str, str] | None:
    """(picture field, front mask field, back mask field) of a mask template, or None."""
    front, original = _OVERLAY.search(template.front), _ORIGINAL.search(template.front)
    back = _OVERLAY.search(template.back)
    if front is None or original is None:
        return None
    return original.group(1), front.group(1), back.group(1) if back else ""


def add_mask_card(
    builder: QuestionBuilder,
    ctx: ReadContext,
    *,
    template: Template,
    values: Mapping[str, str],
    local_id: str,
    note: str,
    topic: str,
    tags: tuple[str, ...],
    where: str,
    media: Collection[str],
) -> bool:
    """Add the card of one mask note; False when its template is not a mask template."""
    found = mask_fields(template)
    if found is None:
        return False
    picture_field, front_field, back_field = found
    image = _first_picture(values.get(picture_field, ""), media)
    front_mask = _first_picture(values.get(front_field, ""), media)
    back_mask = _first_picture(values.get(back_field, ""), media) if back_field else ""
    if not image or not front_mask:
        what = "picture" if not image else "question mask"
        ctx.skip(
            "image occlusion card",
            f"its {what} is not in the package, so there is nothing to show",
            where=where,
        )
        return True
    hidden = {picture_field, front_field, back_field}
    # Rendered whole (its sections test the picture field), with no picture kept:
    # the picture and its mask are drawn together, not as text's pictures.
    header = sanitize_html(render(template.front, values), media=())
    on_front = set(referenced_fields(template.front))
    extra_names = [n for n in referenced_fields(template.back) if n not in on_front | hidden]
    extra = sanitize_html(
        "<br>".join(values[n] for n in extra_names if values.get(n, "").strip()), media=media
    )
    prompt = (header.html + "<br>" if header.html else "") + f'<img src="{html.escape(image)}">'
    builder.add_built(
        Question(
            id=f"{ctx.deck_id}:{local_id}",
            deck=ctx.deck_id,
            type=QuestionType.FLASHCARD,
            prompt=prompt,
            plain_prompt=header.plain or OCCLUSION_PROMPT,
            key=FlashKey(OCCLUSION_REVEALED),
            answer=OCCLUSION_REVEALED,
            topic=topic,
            fact_ids=(note_identity(note),),
            tags=tags,
            explanation=extra.plain,
            media=tuple(dict.fromkeys(n for n in (image, front_mask, back_mask) if n))
            + extra.images,
            occlusion=Occlusion(
                image=image, number=1, shapes=(), front_mask=front_mask, back_mask=back_mask
            ),
        )
    )
    return True


def is_mask_notetype(notetype: NoteType) -> bool:
    """True for a note type whose first template lays a mask picture over a picture."""
    return bool(notetype.templates) and mask_fields(notetype.templates[0]) is not None


def _first_picture(field: str, media: Collection[str]) -> str:
    pictures = [name for name in sanitize_html(field, media=media).images if name in media]
    return pictures[0] if pictures else ""
