"""Image Occlusion questions: a picture, its shapes, and what each side of a card draws.

Anki's Image Occlusion note keeps one picture and a list of shapes, each with
a cloze number; it makes one card per number.  A card asks for what its
number's shapes hide.  The shapes are stored here in the picture's own
coordinates, normalised to 0..1 of its width and height, so any front end can
draw them at whatever size it shows the picture.  This module decides only
*what* is drawn on each side and in which role; the window paints it.

The rules follow Anki's reviewer:

* **hide one, guess one** (the default): the front masks this number's
  shapes; the back outlines them and masks nothing else.
* **hide all, guess one**: the other numbers are masked too, in another
  colour (or the deck's own colour for them), on both sides.
* **hide all but one**: the front masks the other numbers and leaves this
  one's region visible to be named; the back shows the whole picture.

Shapes numbered 0 are labels (Anki's text tool): drawn as text on every card.
One difference from Anki, on purpose: a text shape of the card's own number
is masked on the front (Anki draws the text there, so the card would show its
own answer), and the card asks for that text to be typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class ShapeKind(StrEnum):
    """The shapes Anki's occlusion editor draws, named as in its field."""

    RECT = "rect"
    ELLIPSE = "ellipse"
    POLYGON = "polygon"
    TEXT = "text"


class OcclusionMode(IntEnum):
    """Anki's ``oi`` value: which numbers are masked besides the asked one."""

    HIDE_ONE = 0
    HIDE_ALL = 1
    HIDE_ALL_BUT_ONE = 2


class Role(StrEnum):
    """How a shape is drawn on one side of a card."""

    MASK = "mask"  # hides what the card asks for
    OTHER = "other"  # hides another number's region (hide-all modes)
    OUTLINE = "outline"  # the answer's region, revealed and outlined
    LABEL = "label"  # a text shape shown as its text


@dataclass(frozen=True, slots=True)
class Shape:
    """One occlusion shape, in coordinates normalised to the picture (0..1).

    ``left``/``top`` are the shape's top-left corner; rectangles and ellipses
    fill the box ``width`` × ``height`` from there.  A polygon's ``points``
    are normalised too, and are moved so that their top-left corner sits at
    ``left``/``top``, as Anki draws them.  ``font_size`` is a fraction of the
    picture's height (0: the front end's default), scaled by ``scale``.
    ``angle`` turns the shape clockwise, in degrees, about its top-left
    corner.  ``fill`` is the deck's own colour for the shape, "" for none.
    """

    kind: ShapeKind
    number: int
    left: float
    top: float
    width: float = 0.0
    height: float = 0.0
    points: tuple[tuple[float, float], ...] = ()
    text: str = ""
    font_size: float = 0.0
    scale: float = 1.0
    angle: float = 0.0
    fill: str = ""

    @property
    def is_label(self) -> bool:
        """True for a text shape numbered 0: shown on every card, never asked."""
        return self.kind is ShapeKind.TEXT and self.number == 0


@dataclass(frozen=True, slots=True)
class Occlusion:
    """What an Image Occlusion question draws: ``image`` with ``shapes``, asking ``number``.

    ``shapes`` holds every shape of the note, in the note's order, so the
    hide-all modes can mask the other numbers too.  A card made by the older
    "Image Occlusion Enhanced" add-on has no shapes but two pictures of its
    masks instead (SVGs the size of the picture): ``front_mask`` is laid over
    the picture on the question side and ``back_mask`` on the answer side.
    """

    image: str
    number: int
    shapes: tuple[Shape, ...]
    mode: OcclusionMode = OcclusionMode.HIDE_ONE
    front_mask: str = ""
    back_mask: str = ""

    def mask(self, *, answer_side: bool) -> str:
        """The mask picture laid over this side, or ``""`` (shapes are drawn instead)."""
        return self.back_mask if answer_side else self.front_mask

    @property
    def asked(self) -> tuple[Shape, ...]:
        """The shapes of the number this card asks for."""
        return tuple(shape for shape in self.shapes if shape.number == self.number)

    @property
    def answer_texts(self) -> tuple[str, ...]:
        """The texts of this number's text shapes, in order: what the learner types."""
        return tuple(
            shape.text
            for shape in self.asked
            if shape.kind is ShapeKind.TEXT and shape.text.strip()
        )

    def drawn(self, *, answer_side: bool) -> tuple[tuple[Shape, Role], ...]:
        """Each shape drawn on the question side (or the answer side), with its role."""
        out: list[tuple[Shape, Role]] = []
        for shape in self.shapes:
            role = self._role(shape, answer_side=answer_side)
            if role is not None:
                out.append((shape, role))
        return tuple(out)

    def _role(self, shape: Shape, *, answer_side: bool) -> Role | None:
        text = shape.kind is ShapeKind.TEXT
        if shape.is_label:
            return Role.LABEL
        if shape.number == self.number:
            if text:  # asked text: hidden to be typed, then shown
                return Role.LABEL if answer_side else Role.MASK
            if self.mode is OcclusionMode.HIDE_ALL_BUT_ONE:
                return None  # the one region left clear, on both sides
            return Role.OUTLINE if answer_side else Role.MASK
        if self.mode is OcclusionMode.HIDE_ONE:
            return None  # other numbers stay visible
        if self.mode is OcclusionMode.HIDE_ALL_BUT_ONE and answer_side:
            return None  # the back shows the whole picture
        return Role.LABEL if text else Role.OTHER
