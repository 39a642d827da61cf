"""Cards of the older "Image Occlusion Enhanced" add-on: a picture with a mask picture over it.

The add-on is not part of Anki, so its packages are built here the way it
writes them: one note per masked region, an ordinary note type whose front
stacks the Question Mask field over the Image field, SVG masks the size of
the picture.
"""

from __future__ import annotations

from pathlib import Path

from dlquiz.cli.render import answer_media_lines, render_question
from dlquiz.core.labels import OCCLUSION_IN_TERMINAL, OCCLUSION_REVEALED
from dlquiz.core.model import QuestionType
from dlquiz.importers import read_file
from tests.test_import_apkg import schema11, zip_legacy

FIELDS = (
    "ID (hidden)",
    "Header",
    "Image",
    "Question Mask",
    "Footer",
    "Remarks",
    "Sources",
    "Extra 1",
    "Extra 2",
    "Answer Mask",
    "Original Mask",
)
MASK_MODEL = {
    "name": "Image Occlusion Enhanced",
    "type": 0,
    "flds": [{"name": name, "ord": n} for n, name in enumerate(FIELDS)],
    "tmpls": [
        {
            "name": "IO Card",
            "ord": 0,
            "qfmt": '{{#Image}}<div id="io-header">{{Header}}</div><div id="io-wrapper">'
            '<div id="io-overlay">{{Question Mask}}</div>'
            '<div id="io-original">{{Image}}</div></div>'
            '<div id="io-footer">{{Footer}}</div><script>var shown = 1;</script>{{/Image}}',
            "afmt": '{{#Image}}<div id="io-header">{{Header}}</div><div id="io-wrapper">'
            '<div id="io-overlay">{{Answer Mask}}</div>'
            '<div id="io-original">{{Image}}</div></div>'
            "{{#Remarks}}<div>{{Remarks}}</div>{{/Remarks}}"
            "{{#Sources}}<div>{{Sources}}</div>{{/Sources}}{{/Image}}",
        }
    ],
}
RED, YELLOW = "#FF7E7E", "#FFEBA2"


def mask_svg(*, asked: bool) -> bytes:
    """A mask the size of the picture: the asked region red (or gone), another yellow."""
    shapes = f'<rect x="120" y="10" width="60" height="30" fill="{YELLOW}" />'
    if asked:
        shapes = f'<rect x="20" y="10" width="60" height="30" fill="{RED}" class="qshape" />' + (
            shapes
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        f"<g><title>Masks</title>{shapes}</g></svg>"
    ).encode()


def mask_package(tmp_path: Path, picture: bytes, *, with_masks: bool = True) -> Path:
    notes = []
    for n in (1, 2):
        fields = dict.fromkeys(FIELDS, "")
        fields.update(
            {
                "ID (hidden)": f"abc123-ao-{n}",
                "Header": "Label the heart",
                "Image": '<img src="heart.png">',
                "Question Mask": f'<img src="abc123-ao-{n}-Q.svg">',
                "Answer Mask": f'<img src="abc123-ao-{n}-A.svg">',
                "Original Mask": '<img src="abc123-ao-O.svg">',
                "Remarks": "The left side pumps to the body",
                "Footer": "Figure 2",
            }
        )
        notes.append((n, f"ioe{n}", 50, " anatomy ", [fields[f] for f in FIELDS], [0], 100))
    collection = tmp_path / "ioe.anki2"
    schema11(collection, notes, models={50: MASK_MODEL})
    files = {"heart.png": picture}
    if with_masks:
        for n in (1, 2):
            files[f"abc123-ao-{n}-Q.svg"] = mask_svg(asked=True)
            files[f"abc123-ao-{n}-A.svg"] = mask_svg(asked=False)
    files["abc123-ao-O.svg"] = mask_svg(asked=True)
    return zip_legacy(collection, tmp_path / "ioe.apkg", files)


PNG_STUB = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_each_note_is_one_picture_question_with_its_two_masks(tmp_path: Path) -> None:
    imported = read_file(mask_package(tmp_path, PNG_STUB))
    first, second = imported.deck.questions  # Anki: one card per note
    assert first.type is QuestionType.FLASHCARD
    lines = [line for line in first.text_prompt.splitlines() if line]
    assert lines == ["Label the heart", "Figure 2"]  # Header and Footer, no script
    assert first.answer == OCCLUSION_REVEALED
    assert first.explanation == "The left side pumps to the body"  # the back's Remarks
    assert first.occlusion is not None
    assert first.occlusion.image == "heart.png"
    assert first.occlusion.front_mask == "abc123-ao-1-Q.svg"
    assert first.occlusion.back_mask == "abc123-ao-1-A.svg"
    assert first.occlusion.shapes == ()
    assert second.occlusion is not None and second.occlusion.front_mask == "abc123-ao-2-Q.svg"
    assert set(first.media) == {"heart.png", "abc123-ao-1-Q.svg", "abc123-ao-1-A.svg"}
    mask = imported.media["abc123-ao-1-Q.svg"]
    assert b"<rect" in mask and RED.encode() in mask.upper()  # the cleaner keeps the shapes
    assert first.tags == ("anatomy",)
    assert not imported.notices


def test_the_terminal_names_the_picture_once_and_never_its_masks(tmp_path: Path) -> None:
    question = read_file(mask_package(tmp_path, PNG_STUB)).deck.questions[0]
    lines = render_question(question)
    assert OCCLUSION_IN_TERMINAL.format(name="heart.png") in lines
    assert not any(".svg" in line for line in lines)
    assert answer_media_lines(question) == []


def test_a_card_whose_mask_is_missing_is_skipped_with_a_notice(tmp_path: Path) -> None:
    path = mask_package(tmp_path, PNG_STUB, with_masks=False)
    try:
        read_file(path)
    except Exception as error:  # noqa: BLE001 - the refusal's text is what is checked
        message = str(error)
    else:  # pragma: no cover - nothing else is in the package
        raise AssertionError("a package with no askable card was read")
    assert "2 image occlusion cards were skipped" in message
    assert "question mask is not in the package" in message
