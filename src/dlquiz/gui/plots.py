"""Small line and bar charts drawn with QPainter, in the colours of the current palette.

Axes, labels and background come from the widget's palette, so the charts
read well in light and dark themes; series colours have a light-theme and a
dark-theme shade, and dashed lines carry meaning too, so colour is never the
only signal.  Every chart saves itself as PNG (right-click, or :meth:`save_png`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from dlquiz.gui.file_dialogs import choose_path
from dlquiz.gui.style import is_dark

# (light theme, dark theme) shades: blue, orange, green, purple.
SERIES_COLOURS = (
    ("#1a73e8", "#8ab4f8"),
    ("#c5530a", "#fdae6b"),
    ("#188038", "#81c995"),
    ("#8e24aa", "#d7aefb"),
)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 62, 12, 26, 38
LOG_FLOOR = 1e-45  # smallest value drawn on a log axis; zero gradients sit here


def series_colour(widget: QWidget, index: int) -> QColor:
    """The colour of series ``index`` for the widget's current palette."""
    light, dark = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    return QColor(dark if is_dark(widget) else light)


@dataclass(frozen=True, slots=True)
class Series:
    """One named line (or bar group) of a chart."""

    name: str
    xs: list[float]
    ys: list[float]
    colour: int = 0  # index into SERIES_COLOURS
    dashed: bool = False
    markers: bool = False


@dataclass(frozen=True, slots=True)
class Axis:
    """One axis: its label, whether it is logarithmic, and its data range."""

    label: str
    log: bool = False

    def to_unit(self, value: float) -> float:
        """Where ``value`` sits on this axis, in linear or log10 units."""
        return math.log10(max(value, LOG_FLOOR)) if self.log else value


def nice_ticks(low: float, high: float, *, count: int = 5) -> list[float]:
    """About ``count`` round tick positions (1, 2 or 5 times a power of ten) covering low..high."""
    if not math.isfinite(low) or not math.isfinite(high):
        return []
    if high <= low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        value += step
    return ticks


def format_tick(value: float, *, log: bool) -> str:
    """Tick text: short decimals, or ``2e-5`` style for very large or small log-axis values.

    On a log axis ``value`` is the power of ten.
    """
    if not log:
        return f"{value:g}"
    number = 10**value
    if 1e-3 <= number < 1e5:
        return f"{number:g}"
    exponent = math.floor(value + 1e-9)
    mantissa = round(number / 10**exponent)
    return f"1e{exponent}" if mantissa == 1 else f"{mantissa}e{exponent}"


class Plot(QWidget):
    """Base chart: title, two axes, frame, legend, PNG export; subclasses draw the data."""

    def __init__(
        self, title: str, *, x_axis: Axis, y_axis: Axis, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.x_axis = x_axis
        self.y_axis = y_axis
        self.series: list[Series] = []
        self.note = ""  # shown in the middle when there is nothing to draw
        self.setAccessibleName(title)
        self.setMinimumSize(260, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)

    # -- data -------------------------------------------------------------
    def set_series(self, series: list[Series]) -> None:
        """Replace what the chart shows and repaint."""
        self.series = list(series)
        self._describe()
        self.update()

    def clear(self, note: str = "") -> None:
        """Show nothing but ``note``."""
        self.note = note
        self.set_series([])

    def has_data(self) -> bool:
        """Whether there is anything to draw (else the note is shown)."""
        return bool(self.series)

    def _describe(self) -> None:
        # Screen readers get the last value of every series.
        parts = [f"{s.name}: last {s.ys[-1]:.3g}" for s in self.series if s.ys]
        self.setAccessibleDescription("; ".join(parts) or self.note)

    # -- export -------------------------------------------------------------
    def save_png(self, path: str | Path) -> bool:
        """Write the chart as it looks now to ``path`` as PNG; True if it was written."""
        return self.grab().save(str(path), "PNG")

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        save = menu.addAction("Save as PNG…")
        if menu.exec(event.globalPos()) is save:
            self.ask_and_save()

    def ask_and_save(self) -> None:
        """Ask where to save, then save as PNG."""
        name = self.title.lower().replace(" ", "-").replace(",", "") + ".png"
        choose_path(
            self,
            title="Save chart",
            save_as=name,
            name_filter="PNG images (*.png)",
            on_chosen=self.save_png,
        )

    # -- drawing ------------------------------------------------------------
    def plot_rect(self) -> QRectF:
        """The area inside the axes."""
        return QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            max(self.width() - MARGIN_LEFT - MARGIN_RIGHT, 10),
            max(self.height() - MARGIN_TOP - MARGIN_BOTTOM, 10),
        )

    def data_range(self) -> tuple[float, float, float, float]:
        """(x_min, x_max, y_min, y_max) in axis units, padded so nothing sits on the frame."""
        xs = [self.x_axis.to_unit(x) for s in self.series for x in s.xs]
        # On a log axis, zeros (an underflowed gradient) cannot set the range.
        ys = [
            self.y_axis.to_unit(y)
            for s in self.series
            for y in s.ys
            if math.isfinite(y) and (y > 0 or not self.y_axis.log)
        ]
        if not xs or not ys:
            return 0.0, 1.0, 0.0, 1.0
        x_low, x_high = min(xs), max(xs)
        y_low, y_high = min(ys), max(ys)
        if x_high == x_low:
            x_low, x_high = x_low - 0.5, x_high + 0.5
        pad = (y_high - y_low) * 0.06 or 0.5
        if not self.y_axis.log and y_low >= 0:
            return x_low, x_high, 0.0, y_high + pad
        return x_low, x_high, y_low - pad, y_high + pad

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(text)
        title_font = painter.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.drawText(QRectF(0, 4, self.width(), 18), Qt.AlignmentFlag.AlignCenter, self.title)
        title_font.setBold(False)
        painter.setFont(title_font)
        area = self.plot_rect()
        bounds = self.data_range()
        self._draw_axes(painter, area, bounds, text)
        if self.has_data():
            painter.save()
            painter.setClipRect(area.adjusted(-4, -4, 4, 4))
            self.draw_data(painter, area, bounds)
            painter.restore()
            self._draw_legend(painter, area)
        elif self.note:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.note
            )
        painter.end()

    def to_point(
        self, area: QRectF, bounds: tuple[float, float, float, float], x: float, y: float
    ) -> QPointF:
        """Screen position of data point (x, y)."""
        x_low, x_high, y_low, y_high = bounds
        fx = (self.x_axis.to_unit(x) - x_low) / (x_high - x_low)
        fy = (self.y_axis.to_unit(y) - y_low) / (y_high - y_low)
        return QPointF(area.left() + fx * area.width(), area.bottom() - fy * area.height())

    def _draw_axes(
        self,
        painter: QPainter,
        area: QRectF,
        bounds: tuple[float, float, float, float],
        text: QColor,
    ) -> None:
        x_low, x_high, y_low, y_high = bounds
        grid = QColor(self.palette().color(QPalette.ColorRole.Mid))
        grid.setAlpha(90)
        metrics = painter.fontMetrics()
        y_ticks = self._ticks(y_low, y_high, log=self.y_axis.log)
        for tick in y_ticks:
            y = area.bottom() - (tick - y_low) / (y_high - y_low) * area.height()
            painter.setPen(grid)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            label = format_tick(tick, log=self.y_axis.log)
            painter.drawText(
                QRectF(0, y - 8, area.left() - 5, 16), Qt.AlignmentFlag.AlignRight, label
            )
        for tick in self._ticks(x_low, x_high, log=self.x_axis.log):
            x = area.left() + (tick - x_low) / (x_high - x_low) * area.width()
            painter.setPen(text)
            painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4))
            label = format_tick(tick, log=self.x_axis.log)
            width = metrics.horizontalAdvance(label)
            painter.drawText(QPointF(x - width / 2, area.bottom() + 17), label)
        painter.setPen(QPen(text, 1))
        painter.drawRect(area)
        painter.drawText(
            QRectF(area.left(), area.bottom() + 20, area.width(), 16),
            Qt.AlignmentFlag.AlignCenter,
            self.x_axis.label,
        )
        painter.save()
        painter.translate(12, area.center().y())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-area.height() / 2, -8, area.height(), 16),
            Qt.AlignmentFlag.AlignCenter,
            self.y_axis.label,
        )
        painter.restore()

    @staticmethod
    def _ticks(low: float, high: float, *, log: bool) -> list[float]:
        if not log:
            return nice_ticks(low, high)
        # Whole decades, thinned out when the range spans many; within a
        # decade or two, 2 and 5 times each power of ten as well.
        first, last = math.ceil(low), math.floor(high)
        if last - first >= 2:
            step = max(1, math.ceil((last - first + 1) / 6))
            return [float(d) for d in range(first, last + 1, step)]
        candidates = (d + math.log10(m) for d in range(first - 1, last + 1) for m in (1, 2, 5))
        return [t for t in candidates if low <= t <= high]

    def _draw_legend(self, painter: QPainter, area: QRectF) -> None:
        named = [s for s in self.series if s.name]
        if len(named) < 2:
            return
        metrics = painter.fontMetrics()
        width = max(metrics.horizontalAdvance(s.name) for s in named) + 34
        box = QRectF(area.right() - width - 6, area.top() + 6, width, 16 * len(named) + 6)
        background = QColor(self.palette().color(QPalette.ColorRole.Base))
        background.setAlpha(220)
        painter.fillRect(box, background)
        for row, entry in enumerate(named):
            y = box.top() + 11 + 16 * row
            painter.setPen(self.pen_for(entry))
            painter.drawLine(QPointF(box.left() + 4, y), QPointF(box.left() + 24, y))
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.drawText(QPointF(box.left() + 29, y + 5), entry.name)

    def pen_for(self, entry: Series) -> QPen:
        """The pen a series is drawn with: its colour, dashed when asked."""
        pen = QPen(series_colour(self, entry.colour), 2)
        if entry.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def draw_data(
        self, painter: QPainter, area: QRectF, bounds: tuple[float, float, float, float]
    ) -> None:
        """Draw the series; subclasses decide how."""
        raise NotImplementedError


class LinePlot(Plot):
    """Lines through each series' points, with optional round markers."""

    def draw_data(
        self, painter: QPainter, area: QRectF, bounds: tuple[float, float, float, float]
    ) -> None:
        for entry in self.series:
            points = [
                self.to_point(area, bounds, x, y)
                for x, y in zip(entry.xs, entry.ys, strict=False)
                if math.isfinite(y)
            ]
            painter.setPen(self.pen_for(entry))
            painter.drawPolyline(points)
            if entry.markers:
                painter.setBrush(series_colour(self, entry.colour))
                for point in points:
                    painter.drawEllipse(point, 3.5, 3.5)
                painter.setBrush(Qt.BrushStyle.NoBrush)


class BarPlot(Plot):
    """Grouped bars at x = 1, 2, 3 ...; each series is one bar in every group."""

    def data_range(self) -> tuple[float, float, float, float]:
        _, x_high, y_low, y_high = super().data_range()
        return 0.5, x_high + 0.5, y_low, y_high

    def draw_data(
        self, painter: QPainter, area: QRectF, bounds: tuple[float, float, float, float]
    ) -> None:
        x_low, x_high, y_low, _ = bounds
        slot = area.width() / (x_high - x_low)
        bar = slot * 0.8 / max(len(self.series), 1)
        for index, entry in enumerate(self.series):
            colour = series_colour(self, entry.colour)
            fill = QColor(colour)
            if entry.dashed:  # an older run: hollow bars
                fill.setAlpha(40)
            painter.setPen(self.pen_for(entry))
            painter.setBrush(fill)
            for x, y in zip(entry.xs, entry.ys, strict=False):
                if self.y_axis.log and y <= 0:  # nothing to draw on a log axis: say so
                    at = self.to_point(area, bounds, x, 10**y_low)
                    painter.drawText(QPointF(at.x() - slot * 0.4 + index * bar, at.y() - 3), "0")
                    continue
                top = self.to_point(area, bounds, x, y)
                left = top.x() - slot * 0.4 + index * bar
                bottom = area.bottom() if self.y_axis.log or y_low >= 0 else top.y()
                painter.drawRect(QRectF(left, top.y(), bar, max(bottom - top.y(), 1)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
