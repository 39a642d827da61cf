"""Image Occlusion masks painted over a card's picture with QPainter.

What is drawn, and in which role, is decided in :mod:`dlquiz.core.occlusion`;
this module only turns the normalised shapes into pixels of the picture as
it is shown (already scaled to fit the card), so the masks line up at any
size.  The colours are Anki's defaults for its occlusion cards, so a learner
moving from Anki sees the cards as before: red for the asked region, yellow
for the others (or the deck's own colour for them).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

from dlquiz.core.occlusion import Occlusion, Role, Shape, ShapeKind

MASK_COLOUR = QColor("#ff8e8e")  # the region the card asks for
OTHER_COLOUR = QColor("#ffeba2")  # the other numbers, in the hide-all modes
BORDER_COLOUR = QColor("#212121")
OUTLINE_COLOUR = QColor("#ff8e8e")  # the answer's region, revealed
LABEL_BACKGROUND = QColor(255, 255, 255, 230)
LABEL_TEXT = QColor("#000000")
DEFAULT_FONT_PX = 20.0  # a text shape without a size of its own
LABEL_PADDING = 4.0
OUTLINE_WIDTH = 2.0


def paint_occlusion(pixmap: QPixmap, occlusion: Occlusion, *, answer_side: bool) -> QPixmap:
    """A copy of ``pixmap`` with the shapes of ``occlusion`` drawn for the given side."""
    out = pixmap.copy()
    width, height = float(out.width()), float(out.height())
    painter = QPainter(out)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for shape, role in occlusion.drawn(answer_side=answer_side):
            painter.save()
            _turn(painter, shape, width, height)
            _draw(painter, shape, role, width, height)
            painter.restore()
    finally:
        painter.end()
    return out


def paint_mask(pixmap: QPixmap, mask: bytes) -> QPixmap:
    """A copy of ``pixmap`` with the picture ``mask`` (an SVG, or any picture) laid over it,
    stretched to the same size, as the older occlusion add-on's cards stack them."""
    from PySide6.QtSvg import QSvgRenderer  # only these cards need it: kept off start-up

    out = pixmap.copy()
    target = QRectF(0, 0, out.width(), out.height())
    painter = QPainter(out)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer = QSvgRenderer(mask)
        if renderer.isValid():
            renderer.render(painter, target)
        else:
            image = QImage.fromData(mask)
            if not image.isNull():
                painter.drawImage(target, image)
    finally:
        painter.end()
    return out


def _turn(painter: QPainter, shape: Shape, width: float, height: float) -> None:
    if shape.angle and shape.kind is not ShapeKind.POLYGON:  # Anki turns no polygon
        corner = QPointF(shape.left * width, shape.top * height)
        painter.translate(corner)
        painter.rotate(shape.angle)
        painter.translate(-corner)


def _draw(painter: QPainter, shape: Shape, role: Role, width: float, height: float) -> None:
    if shape.kind is ShapeKind.TEXT:
        font, box = _text_box(shape, width, height)
        if role is Role.LABEL:
            painter.fillRect(box, LABEL_BACKGROUND)
            painter.setFont(font)
            painter.setPen(QColor(shape.fill) if _valid(shape.fill) else LABEL_TEXT)
            inner = box.adjusted(LABEL_PADDING, LABEL_PADDING, -LABEL_PADDING, -LABEL_PADDING)
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignLeft), shape.text)
            return
        path = QPainterPath()
        path.addRect(box)
    else:
        path = shape_path(shape, width, height)
    if role is Role.OUTLINE:
        painter.setPen(QPen(OUTLINE_COLOUR, OUTLINE_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        colour = MASK_COLOUR
        if role is Role.OTHER:
            colour = QColor(shape.fill) if _valid(shape.fill) else OTHER_COLOUR
        painter.setPen(QPen(BORDER_COLOUR, 1.0))
        painter.setBrush(QBrush(colour))
    painter.drawPath(path)


def shape_path(shape: Shape, width: float, height: float) -> QPainterPath:
    """The outline of a rectangle, ellipse or polygon in the picture's pixels."""
    path = QPainterPath()
    left, top = shape.left * width, shape.top * height
    if shape.kind is ShapeKind.POLYGON:
        # Anki moves the points so that their top-left corner is the shape's corner.
        dx = left - min(x for x, _ in shape.points) * width
        dy = top - min(y for _, y in shape.points) * height
        first, *rest = (QPointF(x * width + dx, y * height + dy) for x, y in shape.points)
        path.moveTo(first)
        for point in rest:
            path.lineTo(point)
        path.closeSubpath()
        return path
    box = QRectF(left, top, shape.width * width, shape.height * height)
    if shape.kind is ShapeKind.ELLIPSE:
        path.addEllipse(box)
    else:
        path.addRect(box)
    return path


def _text_box(shape: Shape, width: float, height: float) -> tuple[QFont, QRectF]:
    """The font of a text shape and the box its text fills, padding included."""
    pixels = (shape.font_size * height if shape.font_size else DEFAULT_FONT_PX) * shape.scale
    font = QFont()
    font.setPixelSize(max(1, round(pixels)))
    metrics = QFontMetricsF(font)
    lines = shape.text.split("\n")
    text_width = max(metrics.horizontalAdvance(line) for line in lines)
    text_height = metrics.lineSpacing() * len(lines)
    box = QRectF(
        shape.left * width,
        shape.top * height,
        text_width + 2 * LABEL_PADDING,
        text_height + 2 * LABEL_PADDING,
    )
    return font, box


def _valid(colour: str) -> bool:
    return bool(colour) and QColor.isValidColorName(colour)
