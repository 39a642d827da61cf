"""Image Occlusion cards in the window: masks painted over the picture, studied by keys."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QPixmap
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dlquiz.core.model import QuestionType
from dlquiz.core.occlusion import Occlusion, OcclusionMode, Shape, ShapeKind
from dlquiz.gui.card_media import OCCLUSION_FIT, CardMediaStrip
from dlquiz.gui.occlusion_paint import (
    LABEL_BACKGROUND,
    MASK_COLOUR,
    OTHER_COLOUR,
    OUTLINE_COLOUR,
    paint_occlusion,
)
from dlquiz.gui.study_view import StudyPhase
from dlquiz.importers import read_file
from dlquiz.storage.collection import Collection
from dlquiz.storage.import_service import store_deck
from dlquiz.storage.schema import ReviewRow
from tests.gui_keys import fixed_clock, focused, press, shown_window, study_deck, type_text
from tests.helpers import open_test_collection

FIXTURES = Path(__file__).parent / "fixtures" / "anki"
PICTURE = QColor(240, 240, 200)  # the fixtures' picture colour
GREEN = QColor("#00ff00")


def picture(width: int, height: int) -> QPixmap:
    pixmap = QPixmap(width, height)
    pixmap.fill(PICTURE)
    return pixmap


def colour_at(pixmap: QPixmap, x: float, y: float) -> QColor:
    """The colour at a point given as a fraction of the picture's width and height."""
    image = pixmap.toImage()
    return image.pixelColor(int(x * image.width()), int(y * image.height()))


def same(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


RECT = Shape(ShapeKind.RECT, 1, 0.1, 0.1, 0.3, 0.3)
ELLIPSE = Shape(ShapeKind.ELLIPSE, 2, 0.5, 0.1, 0.4, 0.4)
TRIANGLE = Shape(ShapeKind.POLYGON, 3, 0.1, 0.6, points=((0.1, 0.6), (0.4, 0.6), (0.1, 0.9)))
TURNED = Shape(ShapeKind.RECT, 4, 0.6, 0.6, 0.3, 0.1, angle=90)
GREEN_BOX = Shape(ShapeKind.RECT, 5, 0.45, 0.55, 0.05, 0.05, fill="#00ff00")
SHAPES = (RECT, ELLIPSE, TRIANGLE, TURNED, GREEN_BOX)

# (number asked, mode, answer side, [(x, y, expected colour)])
PIXEL_CASES: list[tuple[int, OcclusionMode, bool, list[tuple[float, float, QColor]]]] = [
    (
        1,
        OcclusionMode.HIDE_ONE,
        False,
        [
            (0.25, 0.25, MASK_COLOUR),  # inside the asked rectangle
            (0.05, 0.05, PICTURE),  # outside every shape
            (0.7, 0.3, PICTURE),  # another number: not masked in hide-one
            (0.45, 0.45, PICTURE),  # just beyond the rectangle's corner
        ],
    ),
    (
        1,
        OcclusionMode.HIDE_ONE,
        True,
        [(0.25, 0.25, PICTURE), (0.1, 0.25, OUTLINE_COLOUR)],  # revealed, outlined
    ),
    (
        2,
        OcclusionMode.HIDE_ONE,
        False,
        [
            (0.7, 0.3, MASK_COLOUR),  # the ellipse's centre
            (0.52, 0.12, PICTURE),  # its bounding box's corner is not the ellipse
        ],
    ),
    (
        3,
        OcclusionMode.HIDE_ONE,
        False,
        [
            (0.15, 0.65, MASK_COLOUR),  # inside the triangle
            (0.35, 0.85, PICTURE),  # inside its bounding box, beyond the hypotenuse
        ],
    ),
    (
        4,
        OcclusionMode.HIDE_ONE,
        False,
        [
            # turned 90 degrees clockwise about its corner: it now hangs down-left of it
            (0.57, 0.75, MASK_COLOUR),
            (0.75, 0.65, PICTURE),  # where it lay before turning
        ],
    ),
    (
        1,
        OcclusionMode.HIDE_ALL,
        False,
        [
            (0.25, 0.25, MASK_COLOUR),
            (0.7, 0.3, OTHER_COLOUR),  # the other numbers, in the other colour
            (0.15, 0.65, OTHER_COLOUR),
            (0.475, 0.575, GREEN),  # or in the deck's own colour for them
            (0.05, 0.05, PICTURE),
        ],
    ),
    (
        1,
        OcclusionMode.HIDE_ALL,
        True,
        [(0.25, 0.25, PICTURE), (0.7, 0.3, OTHER_COLOUR)],
    ),
    (
        1,
        OcclusionMode.HIDE_ALL_BUT_ONE,
        False,
        [(0.25, 0.25, PICTURE), (0.7, 0.3, OTHER_COLOUR), (0.15, 0.65, OTHER_COLOUR)],
    ),
    (
        1,
        OcclusionMode.HIDE_ALL_BUT_ONE,
        True,
        [(0.25, 0.25, PICTURE), (0.7, 0.3, PICTURE), (0.15, 0.65, PICTURE)],
    ),
]


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(("number", "mode", "answer_side", "points"), PIXEL_CASES)
@pytest.mark.parametrize("size", [(400, 200), (160, 240)])
def test_masks_are_painted_inside_their_shapes_and_nowhere_else(
    number: int,
    mode: OcclusionMode,
    answer_side: bool,
    points: list[tuple[float, float, QColor]],
    size: tuple[int, int],
) -> None:
    occlusion = Occlusion("p.png", number, SHAPES, mode)
    original = picture(*size)
    painted = paint_occlusion(original, occlusion, answer_side=answer_side)
    for x, y, expected in points:
        got = colour_at(painted, x, y)
        assert same(got, expected), (x, y, got.name(), expected.name())
    assert same(colour_at(original, 0.25, 0.25), PICTURE)  # the decoded picture is untouched


@pytest.mark.usefixtures("qapp")
def test_an_asked_text_is_masked_then_shown_and_a_label_always_shows() -> None:
    asked = Shape(ShapeKind.TEXT, 1, 0.1, 0.1, text="WWWWWW", font_size=0.2)
    label = Shape(ShapeKind.TEXT, 0, 0.1, 0.6, text="WWWWWW", font_size=0.2)
    occlusion = Occlusion("p.png", 1, (asked, label))
    front = paint_occlusion(picture(400, 200), occlusion, answer_side=False)
    back = paint_occlusion(picture(400, 200), occlusion, answer_side=True)
    assert same(colour_at(front, 0.11, 0.11), MASK_COLOUR)  # the text's box, masked
    assert same(colour_at(back, 0.11, 0.11), LABEL_BACKGROUND)  # its label, shown
    for painted in (front, back):
        assert same(colour_at(painted, 0.11, 0.61), LABEL_BACKGROUND)
        assert same(colour_at(painted, 0.9, 0.95), PICTURE)


def store_fixture(tmp_path: Path, name: str, keep: str) -> Collection:
    """The questions of an Anki fixture whose explanation or prompt is ``keep``, stored."""
    collection = open_test_collection(tmp_path / "io.dlquiz", fixed_clock())
    imported = read_file(FIXTURES / name)
    chosen = [q for q in imported.deck.questions if keep in (q.explanation, q.text_prompt)]
    # The cards of one note are siblings; bury none, so one session sees them all.
    collection.save_settings(dataclasses.replace(collection.settings(), bury_siblings=False))
    store_deck(
        collection,
        chosen,
        name="Anatomy",
        source=name,
        fmt="apkg",
        media=dict(imported.media),
        as_new=False,
        now=collection.clock.now(),
        guid_ids=True,
    )
    return collection


def test_studying_occlusion_cards_by_keys(qtbot: QtBot, tmp_path: Path) -> None:
    collection = store_fixture(tmp_path, "occlusion_modes.apkg", "Three boxes")
    win = shown_window(qtbot, collection)
    study_deck(win, "Anatomy")
    view = win.study
    seen = []
    for _ in range(3):
        assert view.phase is StudyPhase.REVEAL
        question = view.card.question if view.card else None
        assert question is not None and question.occlusion is not None
        number = question.occlusion.number
        seen.append(number)
        (label,) = view.media_strip.pictures
        assert "masked" in label.accessibleName()
        front = label.pixmap()
        asked = {1: (0.25, 0.25), 2: (0.75, 0.25), 3: (0.17, 0.8)}
        others = {1: OTHER_COLOUR, 2: GREEN}  # c2 has the deck's own colour
        assert same(colour_at(front, *asked[number]), MASK_COLOUR)
        for other, colour in others.items():
            if other != number:
                assert same(colour_at(front, *asked[other]), colour)
        assert same(colour_at(front, 0.5, 0.5), PICTURE)
        press(Qt.Key.Key_Space)  # show the answer
        assert view.phase is StudyPhase.FEEDBACK
        (label,) = view.media_strip.pictures
        assert same(colour_at(label.pixmap(), *asked[number]), PICTURE)  # revealed
        assert "Three boxes" in view.detail_label.text()  # Back Extra
        press("3")  # Good
    assert sorted(seen) == [1, 2, 3]
    done = reviews(collection)
    assert [r.rating for r in done] == [3, 3, 3] and len({r.card_id for r in done}) == 3
    win.close()


def test_an_occlusion_with_a_text_is_typed(qtbot: QtBot, tmp_path: Path) -> None:
    collection = store_fixture(tmp_path, "occlusion_modes.apkg", "Cell parts")
    win = shown_window(qtbot, collection)
    study_deck(win, "Anatomy")
    view = win.study
    for _ in range(2):
        question = view.card.question if view.card else None
        assert question is not None
        if question.type is QuestionType.TYPED:
            assert view.phase is StudyPhase.QUESTION
            type_text("mitochondria")
            press(Qt.Key.Key_Return)
            assert view.phase is StudyPhase.FEEDBACK
            assert view.grade is not None and view.grade.correct
        else:
            assert view.phase is StudyPhase.REVEAL
            press(Qt.Key.Key_Space)
        assert focused() is not None
        press("3")
    assert len(reviews(collection)) == 2
    win.close()


def reviews(collection: Collection) -> list[ReviewRow]:
    with collection.session() as s:
        return list(s.scalars(select(ReviewRow).order_by(ReviewRow.id)))


@pytest.mark.usefixtures("qapp")
def test_a_small_occlusion_picture_is_fitted_to_the_card_and_others_keep_their_size() -> None:
    files = {"p.png": png_bytes(200, 100), "q.png": png_bytes(200, 100)}
    strip = CardMediaStrip(lambda _deck, name: files.get(name))
    occlusion = Occlusion("p.png", 1, (RECT,))
    strip.show_media("d", ["p.png", "q.png"], occlusion=occlusion)
    masked, plain = (label.pixmap() for label in strip.pictures)
    assert (masked.width(), masked.height()) == (OCCLUSION_FIT.width(), OCCLUSION_FIT.width() // 2)
    assert (plain.width(), plain.height()) == (200, 100)
    assert same(colour_at(masked, 0.25, 0.25), MASK_COLOUR)
    assert same(colour_at(plain, 0.25, 0.25), PICTURE)
    assert [label.accessibleName() for label in strip.pictures] == [
        "Picture 1 of 2, with regions masked",
        "Picture 2 of 2",
    ]
    strip.show_media("d", ["p.png"], occlusion=occlusion, answer_side=True)
    (label,) = strip.pictures
    assert label.accessibleName() == "Picture 1 of 1, answer shown"
    assert same(colour_at(label.pixmap(), 0.25, 0.25), PICTURE)


def png_bytes(width: int, height: int) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture(width, height).toImage().save(buffer, "PNG")
    return bytes(buffer.data())


def test_an_add_on_card_lays_its_mask_over_the_picture_on_each_side(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from tests.test_import_mask_notes import RED, YELLOW, mask_package

    imported = read_file(mask_package(tmp_path, png_bytes(200, 100)))
    collection = open_test_collection(tmp_path / "ioe.dlquiz", fixed_clock())
    store_deck(
        collection,
        list(imported.deck.questions)[:1],
        name="Heart",
        source="ioe.apkg",
        fmt="apkg",
        media=dict(imported.media),
        as_new=False,
        now=collection.clock.now(),
        guid_ids=True,
    )
    win = shown_window(qtbot, collection)
    study_deck(win, "Heart")
    view = win.study
    assert view.phase is StudyPhase.REVEAL
    (label,) = view.media_strip.pictures  # the masks are never shown on their own
    asked, other = (0.25, 0.25), (0.75, 0.25)  # the mask's two rectangles
    front = label.pixmap()
    assert same(colour_at(front, *asked), QColor(RED))
    assert same(colour_at(front, *other), QColor(YELLOW))
    assert same(colour_at(front, 0.5, 0.7), PICTURE)
    press(Qt.Key.Key_Space)
    (label,) = view.media_strip.pictures
    back = label.pixmap()
    assert same(colour_at(back, *asked), PICTURE)  # the answer mask uncovers it
    assert same(colour_at(back, *other), QColor(YELLOW))
    assert "pumps to the body" in view.detail_label.text()
    press("3")
    assert len(reviews(collection)) == 1
    win.close()
