"""The Statistics tab: a summary in words and charts of the learner's progress.

The figures come from :func:`dlquiz.storage.stats.collection_stats`, the
same function behind ``dlquiz stats --json``, and are read again whenever
the tab is shown.  QtCharts is imported only when the tab is first shown,
so it costs nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QImageWriter, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.progress import ProgressStats
from dlquiz.gui.file_dialogs import choose_path
from dlquiz.gui.forms import buddy_label
from dlquiz.gui.operations import Background, report_failure
from dlquiz.storage.study import StudyService

if TYPE_CHECKING:
    from PySide6.QtCharts import QChartView

    from dlquiz.gui.stats_charts import Chart

# name -> title; the order is the order on screen (two columns).
CHARTS = {
    "reviews": "Answers per day",
    "time": "Time spent per day",
    "forecast": "Due forecast",
    "states": "Cards by state",
    "retention": "Retention per section",
    "mastery": "Mastery per section",
    "exams": "Exam scores",
}
PERIODS = ((30, "Last 30 days"), (90, "Last 3 months"), (365, "Last year"))
CHART_HEIGHT = 280
EXPORT_SIZE = QSize(960, 600)
SECTION_ROW_HEIGHT = 24  # per chapter section, so no section name is cut to "…"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def summary_html(figures: ProgressStats) -> str:
    """The headline figures in words, for the top of the tab."""
    today = figures.studied_today
    share = today.correct_share
    correct = "" if share is None else f" ({share:.0%} right)"
    return (
        f"<b>Today:</b> {_count(today.reviews, 'answer')} in "
        f"{_duration(today.time_s)}{correct}"
        f" · <b>Streak:</b> {_count(figures.streak_days, 'day')}"
        f" · <b>Due:</b> {figures.due_on(0)} today, {figures.due_on(1)} tomorrow<br>"
        f"<b>Retention</b> (reviews, last 30 days): {_percent(figures.retention_30d)}"
        f" · <b>Mastery</b> (recall ≥ 90 %): {_percent(figures.mastery)}"
        f" · <b>Time spent:</b> {_duration(figures.time_spent_30d_s)} in 30 days, "
        f"{_duration(figures.time_spent_total_s)} in all"
        f" · <b>Answers:</b> {figures.reviews_total:,} in all, "
        f"on {_count(figures.days_studied_365, 'day')} this year"
    )


class StatsView(QWidget):
    """Charts of reviews, the forecast, retention, states, exams and mastery."""

    refreshed = Signal()  # the charts show fresh figures

    def __init__(
        self,
        service: StudyService,
        *,
        topic_order: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.collection = service.collection
        self.topic_order = tuple(topic_order)
        self.figures: ProgressStats | None = None
        self.charts: dict[str, Chart] = {}
        self.views: dict[str, QChartView] = {}
        self.background = Background(self)
        self._read_again = False
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("Summary of your progress")
        top.addWidget(self.summary, 1)
        self.busy_label = QLabel("Reading your history…")
        self.busy_label.setAccessibleName("Reading your history")
        self.busy_label.hide()
        top.addWidget(self.busy_label)
        self.period_box = QComboBox()
        for days, text in PERIODS:
            self.period_box.addItem(text, days)
        self.period_box.setAccessibleName("Period of the daily charts")
        self.period_box.setToolTip("How many days the answers and time charts cover")
        self.period_box.currentIndexChanged.connect(lambda _i: self._draw_daily())
        top.addWidget(buddy_label("&Period:", self.period_box))
        top.addWidget(self.period_box)
        outer.addLayout(top)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        self.scroll_area.setWidget(self.grid_host)
        outer.addWidget(self.scroll_area, 1)

    # --- building ---

    def _build_cards(self) -> None:
        from PySide6.QtCharts import QChartView

        for position, (name, title) in enumerate(CHARTS.items()):
            card = QFrame()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            column = QVBoxLayout(card)
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            tall = name in ("retention", "mastery")
            rows = max(4, len(self.topic_order)) if tall else 0
            view.setMinimumHeight(max(CHART_HEIGHT, 110 + rows * SECTION_ROW_HEIGHT))
            view.setAccessibleName(f"{title} chart")
            column.addWidget(view)
            save = QPushButton("Save as PNG…")
            save.setAccessibleName(f"Save the {title.lower()} chart as a PNG image")
            save.setToolTip("Save this chart as a picture")
            save.clicked.connect(lambda _=False, n=name: self.choose_save(n))
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(save)
            column.addLayout(row)
            self.grid.addWidget(card, position // 2, position % 2)
            self.views[name] = view
        from dlquiz.gui.memory_stats import MemoryStatsPanel

        self.memory = MemoryStatsPanel(self.collection)
        self.grid.addWidget(self.memory, (len(CHARTS) + 1) // 2, 0, 1, 2)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()

    def focus_input(self) -> None:
        """The focus rule: the period chooser, the one control of the charts."""
        self.period_box.setFocus()

    def collection_changed(self) -> None:
        """Read the figures again now if shown; a hidden tab reads them when shown."""
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the figures again, off the GUI thread; the charts redraw when they arrive.

        A million answers take a second or two to add up, and the window stays
        responsive meanwhile.  ``refreshed`` is emitted once the charts are drawn.
        """
        from dlquiz.storage.stats import collection_stats

        if not self.views:
            self._build_cards()
        if self.background.busy("stats"):
            self._read_again = True  # the figures being read may miss the latest answer
            return
        self._read_again = False
        self.busy_label.show()
        collection, topics = self.collection, self.topic_order
        now, zone = collection.clock.now(), self.service.zone
        self.background.run(
            "stats",
            lambda: collection_stats(collection, now=now, zone=zone, topic_order=topics),
            on_success=self._show_figures,
            on_failure=self._reading_failed,
        )
        self.memory.refresh()

    def _reading_failed(self, error: BaseException) -> None:
        self.busy_label.hide()
        report_failure(error)

    def _show_figures(self, result: ProgressStats) -> None:
        self.busy_label.hide()
        if self._read_again:
            self.refresh()
        self.figures = result
        self.summary.setText(summary_html(result))
        self._draw_daily()
        self._draw_others()
        self.refreshed.emit()

    def shutdown(self) -> None:
        """Wait for a reading in progress (the window calls this before it closes)."""
        self.background.shutdown()
        if self.views:
            self.memory.shutdown()

    @property
    def days(self) -> int:
        return int(self.period_box.currentData())

    def _draw_daily(self) -> None:
        from dlquiz.gui.stats_charts import ChartStyle, reviews_chart, time_chart

        if self.figures is None:
            return
        style = ChartStyle.of(self)
        today = self.figures.today
        rows = self.figures.reviews_per_day
        self._show("reviews", reviews_chart(rows, today=today, days=self.days, style=style))
        self._show("time", time_chart(rows, today=today, days=self.days, style=style))

    def _draw_others(self) -> None:
        from dlquiz.gui.stats_charts import (
            ChartStyle,
            exam_chart,
            forecast_chart,
            section_chart,
            states_chart,
        )

        figures = self.figures
        assert figures is not None
        style = ChartStyle.of(self)
        pass_mark = self.collection.settings().exam_pass_mark
        self._show(
            "forecast", forecast_chart(figures.due_forecast_30d, today=figures.today, style=style)
        )
        self._show(
            "states",
            states_chart(figures.cards_by_state, suspended=figures.cards_suspended, style=style),
        )
        self._show(
            "retention",
            section_chart(
                "Retention per section, last 30 days",
                figures.retention_30d_by_topic,
                empty="no reviews yet",
                style=style,
            ),
        )
        self._show(
            "mastery",
            section_chart(
                "Mastery per section (recall ≥ 90 %)",
                figures.mastery_by_topic,
                empty="no cards yet",
                style=style,
            ),
        )
        now = self.collection.clock.now()
        exams = exam_chart(figures.exam_trend, pass_mark=pass_mark, now=now, style=style)
        self._show("exams", exams)

    def _show(self, name: str, chart: Chart) -> None:
        view = self.views[name]
        old = view.chart()
        view.setChart(chart.chart)
        view.setAccessibleDescription(chart.description)
        view.setToolTip(chart.description)
        if old is not None and old is not chart.chart:
            old.deleteLater()  # the view does not delete a chart it lets go of
        self.charts[name] = chart

    # --- saving ---

    def save_chart(self, name: str, path: Path) -> bool:
        """Save one chart to a PNG file, at least 960x600; False when it cannot be written.

        The chart is drawn afresh at the picture's size, so a small window still
        gives a sharp, readable image.
        """
        if name not in self.views:
            raise KeyError(f"no chart named {name!r}")
        view = self.views[name]
        chart = view.chart()
        size = QSize(
            max(EXPORT_SIZE.width(), view.width()), max(EXPORT_SIZE.height(), view.height())
        )
        shown = chart.size()
        chart.resize(QSizeF(size))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(chart.backgroundBrush().color())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart.scene().render(painter, QRectF(image.rect()), chart.sceneBoundingRect())
        painter.end()
        chart.resize(shown)
        # QImageWriter, not QImage.save: PySide's stubs and its runtime disagree on the
        # type of save's format argument, and this says PNG whatever the file is called.
        return QImageWriter(str(path), b"PNG").write(image)

    def choose_save(self, name: str) -> QFileDialog:
        """Ask where to save chart ``name``, then save it (the dialog returned for tests)."""
        today = self.figures.today.isoformat() if self.figures else "today"

        def save(path: Path) -> None:
            if not self.save_chart(name, path):
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self, "Save chart", f"The chart could not be saved to {path}.")

        return choose_path(
            self,
            title="Save chart",
            save_as=f"dlquiz-{name}-{today}.png",
            name_filter="PNG images (*.png)",
            on_chosen=save,
        )
