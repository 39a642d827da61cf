"""Charts that are pictures: a classifier's decision boundary and attention heatmaps."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from dlquiz.gui.plots import Axis, Plot, series_colour

BOUNDARY_EXTENT = 1.2  # matches dlquiz.demo.gradients.BOUNDARY_EXTENT (no torch import here)


def blend(first: QColor, second: QColor, share: float) -> QColor:
    """``share`` of ``second`` mixed into ``first`` (0 gives first, 1 gives second)."""
    share = min(max(share, 0.0), 1.0)
    return QColor(
        round(first.red() + (second.red() - first.red()) * share),
        round(first.green() + (second.green() - first.green()) * share),
        round(first.blue() + (second.blue() - first.blue()) * share),
    )


class BoundaryPlot(Plot):
    """The spirals and the network's belief about each point of the plane.

    Each pixel is tinted towards the colour of the class the network
    predicts there, strongly where it is sure and faintly where it is not.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, x_axis=Axis("x₁"), y_axis=Axis("x₂"), parent=parent)
        self.grid: list[list[float]] = []
        self.points: list[tuple[float, float, int]] = []

    def set_boundary(
        self, grid: list[list[float]], points: list[tuple[float, float, int]] | None = None
    ) -> None:
        """Show ``grid`` (probability of class 1, top row first) and, if given, the points."""
        self.grid = grid
        if points is not None:
            self.points = points
        self.setAccessibleDescription(
            f"decision boundary on a {len(grid)} by {len(grid)} grid, {len(self.points)} points"
        )
        self.update()

    def clear(self, note: str = "") -> None:
        self.grid, self.points = [], []
        super().clear(note)

    def has_data(self) -> bool:
        return bool(self.grid)

    def data_range(self) -> tuple[float, float, float, float]:
        return (-BOUNDARY_EXTENT, BOUNDARY_EXTENT, -BOUNDARY_EXTENT, BOUNDARY_EXTENT)

    def plot_rect(self) -> QRectF:
        # Square, so the spirals are not stretched.
        area = super().plot_rect()
        side = min(area.width(), area.height())
        return QRectF(area.left(), area.top(), side, side)

    def draw_data(
        self, painter: QPainter, area: QRectF, bounds: tuple[float, float, float, float]
    ) -> None:
        base = self.palette().color(QPalette.ColorRole.Base)
        classes = (series_colour(self, 1), series_colour(self, 0))
        size = len(self.grid)
        image = QImage(size, size, QImage.Format.Format_RGB32)
        for row, values in enumerate(self.grid):
            for column, probability in enumerate(values):
                colour = classes[1] if probability >= 0.5 else classes[0]
                certainty = abs(probability - 0.5) * 2
                image.setPixelColor(column, row, blend(base, colour, 0.15 + 0.45 * certainty))
        painter.drawImage(area, image)
        outline = QPen(self.palette().color(QPalette.ColorRole.Text), 0.8)
        for x, y, label in self.points:
            painter.setPen(outline)
            painter.setBrush(classes[label])
            painter.drawEllipse(self.to_point(area, bounds, x, y), 2.6, 2.6)
        painter.setBrush(Qt.BrushStyle.NoBrush)


class HeatmapPlot(Plot):
    """One square of attention weights per head: row i is output position i, column j input j."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, x_axis=Axis(""), y_axis=Axis(""), parent=parent)
        self.digits: list[int] = []
        self.output: list[int] = []
        self.weights: list[list[list[float]]] = []

    def set_weights(
        self, digits: list[int], output: list[int], weights: list[list[list[float]]]
    ) -> None:
        """Show every head's weights for input ``digits`` and the model's ``output``."""
        self.digits, self.output, self.weights = list(digits), list(output), weights
        strongest = [
            [max(range(len(row)), key=row.__getitem__) for row in head] for head in weights
        ]
        self.setAccessibleDescription(
            f"{len(weights)} heads; for each output position, the input position "
            f"looked at most, head 1: {strongest[0] if strongest else []}"
        )
        self.update()

    def clear(self, note: str = "") -> None:
        self.digits, self.output, self.weights = [], [], []
        super().clear(note)

    def has_data(self) -> bool:
        return bool(self.weights)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.weights:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        strong = series_colour(self, 0)
        painter.fillRect(self.rect(), base)
        painter.setPen(text)
        painter.drawText(QRectF(0, 4, self.width(), 18), Qt.AlignmentFlag.AlignCenter, self.title)
        heads = len(self.weights)
        length = len(self.digits)
        gap, label_room, top = 14.0, 16.0, 50.0
        side = min(
            (self.width() - gap * (heads + 1) - label_room) / heads,
            self.height() - top - 30,
        )
        cell = max(side / max(length, 1), 2.0)
        for head, rows in enumerate(self.weights):
            left = gap + label_room + head * (cell * length + gap)
            painter.setPen(text)
            painter.drawText(
                QRectF(left, top - 32, cell * length, 14),
                Qt.AlignmentFlag.AlignCenter,
                f"head {head + 1}",
            )
            for i, row in enumerate(rows):
                for j, weight in enumerate(row):
                    rect = QRectF(left + j * cell, top + i * cell, cell, cell)
                    painter.fillRect(rect, blend(base, strong, weight))
            painter.setPen(QPen(text, 1))
            painter.drawRect(QRectF(left, top, cell * length, cell * length))
            for j, digit in enumerate(self.digits):  # inputs along the top
                painter.drawText(QPointF(left + j * cell + cell / 2 - 3, top - 3), str(digit))
            if head == 0:
                for i, digit in enumerate(self.output):  # outputs down the left side
                    painter.drawText(QPointF(left - 12, top + i * cell + cell / 2 + 5), str(digit))
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRectF(0, self.height() - 22, self.width(), 18),
            Qt.AlignmentFlag.AlignCenter,
            "columns: your digits; rows: the model's answer; stronger colour = more attention",
        )
        painter.end()
