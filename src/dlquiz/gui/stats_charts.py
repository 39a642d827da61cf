"""The Statistics tab's charts, built with QtCharts from the figures of ``collection_stats``.

Every chart states its values in words too (bar labels, slice labels,
legends and the accessible description), so no figure is told by colour alone.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QPieSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPalette, QPen
from PySide6.QtWidgets import QWidget

from dlquiz.core.progress import DueDay, ExamPoint, StudyDay
from dlquiz.gui.style import is_dark

SECTION_LABEL_CHARS = 22  # with the axis not truncating, this fits beside the bars
STATE_NAMES = ("new", "learning", "review", "relearning")
# One hue per state, apart in hue and lightness: a theme's own pie colours are shades of
# one colour, and in the dark theme New, Learning and Review were three near-equal greens.
STATE_COLOURS = {
    "new": "#5b9bd5",
    "learning": "#f0a030",
    "review": "#4caf50",
    "relearning": "#e0524a",
}


@dataclass
class Chart:
    """A chart and the sentence that describes it to a screen reader."""

    chart: QChart
    description: str


@dataclass(frozen=True)
class ChartStyle:
    """The look charts take from the application palette."""

    dark: bool
    text: QColor
    background: QColor

    @classmethod
    def of(cls, widget: QWidget) -> ChartStyle:
        palette = widget.palette()
        return cls(
            dark=is_dark(widget),
            text=palette.color(QPalette.ColorRole.WindowText),
            background=palette.color(QPalette.ColorRole.Base),
        )


def _epoch_ms(moment: datetime) -> float:
    """Milliseconds since the epoch, as QtCharts' date axes count (naive means local)."""
    return moment.timestamp() * 1000


def _new_chart(title: str, style: ChartStyle) -> QChart:
    # The theme goes first: set later, it would repaint every series and drop custom pens.
    chart = QChart()
    chart.setTheme(
        QChart.ChartTheme.ChartThemeDark if style.dark else QChart.ChartTheme.ChartThemeLight
    )
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundBrush(style.background)
    chart.setBackgroundRoundness(4)
    chart.setTitleBrush(style.text)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    chart.legend().setLabelColor(style.text)
    return chart


def _finish(chart: QChart, style: ChartStyle) -> None:
    """Axis and label colours that read well on the palette's background."""
    grid = QColor(style.text)
    grid.setAlpha(50)
    for axis in chart.axes():
        axis.setLabelsColor(style.text)
        axis.setTitleBrush(style.text)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(grid)
    for series in chart.series():
        if isinstance(series, QAbstractBarSeries):
            for bar_set in series.barSets():
                bar_set.setLabelColor(style.text)
        elif isinstance(series, QPieSeries):
            for piece in series.slices():
                piece.setLabelColor(style.text)


def _count_axis(maximum: float, title: str = "") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, max(4.0, maximum))
    axis.applyNiceNumbers()
    axis.setLabelFormat("%d")
    if title:
        axis.setTitleText(title)
    return axis


def _day_axis(first: date, days: int, *, step: int) -> QCategoryAxis:
    """Bars sit at 0..days-1; a date label every ``step`` bars."""
    axis = QCategoryAxis()
    axis.setTruncateLabels(False)  # "Nov 03", never "Nov …"
    axis.setRange(-0.5, days - 0.5)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    for i in range(0, days, step):
        axis.append((first + timedelta(days=i)).strftime("%b %d"), i)
    return axis


def daily_values(
    rows: Sequence[StudyDay], *, today: date, days: int, value: Callable[[StudyDay], float]
) -> list[float]:
    """One value per day, oldest first, for the ``days`` days ending today (0 where none)."""
    first = today - timedelta(days=days - 1)
    values = [0.0] * days
    for row in rows:
        offset = (row.day - first).days
        if 0 <= offset < days:
            values[offset] += value(row)
    return values


def _attach(chart: QChart, series: Any, x_axis: Any, y_axis: Any) -> None:
    chart.addSeries(series)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)


def reviews_chart(rows: Sequence[StudyDay], *, today: date, days: int, style: ChartStyle) -> Chart:
    """Answers per day, first answers to new cards stacked under reviews."""
    total = daily_values(rows, today=today, days=days, value=lambda day: day.reviews)
    new = daily_values(rows, today=today, days=days, value=lambda day: day.new)
    chart = _new_chart(f"Answers per day, last {days} days", style)
    series = QStackedBarSeries()
    new_set, review_set = QBarSet("New cards"), QBarSet("Reviews")
    new_set.append(new)
    review_set.append([t - n for t, n in zip(total, new, strict=True)])
    series.append(new_set)
    series.append(review_set)
    first = today - timedelta(days=days - 1)
    _attach(chart, series, _day_axis(first, days, step=max(1, days // 6)), _count_axis(max(total)))
    busiest = max(range(days), key=lambda i: total[i])
    studied = sum(1 for t in total if t)
    text = f"{sum(total):.0f} answers over the last {days} days, on {studied} days; " + (
        f"busiest {(first + timedelta(days=busiest)).isoformat()} with {total[busiest]:.0f}."
        if studied
        else "none yet."
    )
    _finish(chart, style)
    return Chart(chart, text)


def time_chart(rows: Sequence[StudyDay], *, today: date, days: int, style: ChartStyle) -> Chart:
    """Minutes spent answering per day."""
    seconds = daily_values(rows, today=today, days=days, value=lambda day: day.time_s)
    minutes = [s / 60 for s in seconds]
    chart = _new_chart(f"Minutes per day, last {days} days", style)
    series = QBarSeries()
    bars = QBarSet("Minutes")
    bars.append(minutes)
    series.append(bars)
    chart.legend().hide()
    first = today - timedelta(days=days - 1)
    _attach(
        chart,
        series,
        _day_axis(first, days, step=max(1, days // 6)),
        _count_axis(max(minutes), "minutes"),
    )
    _finish(chart, style)
    return Chart(chart, f"{sum(minutes):.0f} minutes over the last {days} days.")


def forecast_chart(forecast: Sequence[DueDay], *, today: date, style: ChartStyle) -> Chart:
    """Cards due on each of the coming days from ``today``; today includes overdue cards."""
    counts = [float(row.due) for row in forecast]
    chart = _new_chart("Due in the next 30 days (today includes overdue)", style)
    series = QBarSeries()
    bars = QBarSet("Cards due")
    bars.append(counts)
    series.append(bars)
    chart.legend().hide()
    first = forecast[0].day if forecast else today
    _attach(chart, series, _day_axis(first, len(counts), step=5), _count_axis(max(counts or [0])))
    tomorrow = counts[1] if len(counts) > 1 else 0
    _finish(chart, style)
    return Chart(
        chart,
        f"{counts[0] if counts else 0:.0f} cards due today, {tomorrow:.0f} tomorrow, "
        f"{sum(counts):.0f} in the next 30 days.",
    )


def _short(section: str) -> str:
    section = section or "(no section)"
    if len(section) <= SECTION_LABEL_CHARS:
        return section
    return section[: SECTION_LABEL_CHARS - 1].rstrip() + "…"


def section_chart(
    title: str, shares: Mapping[str, float], *, empty: str, style: ChartStyle
) -> Chart:
    """Horizontal bars of a percentage per chapter section, the first section on top."""
    chart = _new_chart(title if shares else f"{title}: {empty}", style)
    series = QHorizontalBarSeries()
    bars = QBarSet(title)
    names = list(shares)[::-1]  # horizontal bar charts list categories bottom-up
    bars.append([round(shares[n] * 100) for n in names])
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value %")
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideBase)  # small bars too
    chart.legend().hide()
    axis = QBarCategoryAxis()
    axis.setTruncateLabels(False)  # the plot gives way to the names, never "…" for all
    # QtCharts draws axis labels as HTML: section names are deck text, so escaped.
    axis.append([html.escape(_short(n)) for n in names] if names else [" "])
    percent = QValueAxis()
    percent.setRange(0, 100)
    percent.setLabelFormat("%d %%")
    chart.addSeries(series)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(percent, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    series.attachAxis(percent)
    text = "; ".join(f"{n or '(no section)'} {v:.0%}" for n, v in shares.items())
    _finish(chart, style)
    return Chart(chart, f"{title}: {text or empty}.")


def states_chart(by_state: Mapping[str, int], *, suspended: int, style: ChartStyle) -> Chart:
    """A pie of the cards by state; each slice is labelled with its name and count."""
    chart = _new_chart(f"Cards by state ({suspended} suspended)", style)
    series = QPieSeries()
    total = sum(by_state.values())
    for name in STATE_NAMES:
        count = by_state.get(name, 0)
        if count:
            piece = series.append(f"{name.capitalize()}: {count}", count)
            piece.setBrush(QColor(STATE_COLOURS[name]))
            piece.setBorderColor(style.background)  # a thin gap between the slices
            # Small slices keep their name in the legend; labels there would overlap.
            piece.setLabelVisible(count >= total * 0.05)
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    text = ", ".join(f"{by_state.get(n, 0)} {n}" for n in STATE_NAMES)
    _finish(chart, style)
    return Chart(chart, f"Cards: {text}; {suspended} suspended.")


def exam_chart(
    trend: Sequence[ExamPoint], *, pass_mark: float, now: datetime, style: ChartStyle
) -> Chart:
    """Each finished exam's score over time, with the pass mark as a dashed line.

    Without exams the empty axis spans the day around ``now`` (the collection's clock).
    """
    chart = _new_chart("Exam scores" if trend else "Exam scores: no finished exams yet", style)
    line, points = QLineSeries(), QScatterSeries()
    line.setName("Score")
    points.setName("Exam")
    points.setMarkerSize(9)
    times = [row.finished_at for row in trend]
    for row in trend:
        ms = _epoch_ms(row.finished_at)
        line.append(ms, row.score * 100)
        points.append(ms, row.score * 100)
    axis = QDateTimeAxis()
    start = min(times) if times else now
    end = max(times) if times else start
    margin = max((end - start) / 20, timedelta(hours=12))  # no point sits on the frame
    start, end = start - margin, end + margin
    axis.setRange(*(QDateTime.fromMSecsSinceEpoch(round(_epoch_ms(t))) for t in (start, end)))
    # One tick per day at most, so no date is written twice; hours within a short span.
    days = (end - start).days
    axis.setFormat("MMM d" if days >= 2 else "MMM d HH:mm")
    axis.setTickCount(max(2, min(5, days + 1)) if days >= 2 else 3)
    percent = QValueAxis()
    percent.setRange(0, 100)
    percent.setLabelFormat("%d %%")
    mark = QLineSeries()
    mark.setName(f"Pass mark {pass_mark:.0%}")
    for moment in (start, end):
        mark.append(_epoch_ms(moment), pass_mark * 100)
    pen = QPen(QColor("#888888"))
    pen.setStyle(Qt.PenStyle.DashLine)
    pen.setWidth(2)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(percent, Qt.AlignmentFlag.AlignLeft)
    for series in (mark, line, points):
        chart.addSeries(series)
        series.attachAxis(axis)
        series.attachAxis(percent)
    mark.setPen(pen)
    # The dots are the line's own points: one legend entry ("Score") is enough.
    for marker in chart.legend().markers(points):
        marker.setVisible(False)
    chart.legend().setVisible(bool(trend))  # no exams: no entries without data
    passed = sum(1 for row in trend if row.passed)
    text = (
        f"{len(trend)} exams, {passed} passed; last score {trend[-1].score:.0%}."
        if trend
        else "No finished exams yet."
    )
    _finish(chart, style)
    return Chart(chart, text)
