"""Statistics > Memory model: true retention by interval, and how well FSRS predicts you.

Two tables, filled off the GUI thread from ``storage.memory_service.memory_report``:
retention (share of answers not rated Again) by interval since the previous
answer, next to what FSRS predicted; and calibration, predicted against actual
recall in ten bins, with log loss and RMSE(bins).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from dlquiz.gui.operations import Background
from dlquiz.storage.collection import Collection


def report_html(report: object) -> str:
    """The two tables as rich text (a MemoryReport in, HTML out)."""
    from dlquiz.storage.memory_service import MemoryReport

    assert isinstance(report, MemoryReport)
    result = report.score
    if not result.reviews:
        return (
            "<b>Memory model</b><br>No answers a day or more after the previous one yet: "
            "retention and calibration appear after your first reviews on later days."
        )
    who = "FSRS's defaults" if report.source == "default" else "your fitted parameters"
    rows = "".join(
        f"<tr><td>{html.escape(b.label)}</td><td align=right>{b.count}</td>"
        f"<td align=right>{b.actual:.1%}</td><td align=right>{b.predicted:.1%}</td></tr>"
        for b in report.bands
    )
    bins = "".join(
        f"<tr><td>{b.low:.0%}–{b.high:.0%}</td><td align=right>{b.count}</td>"
        f"<td align=right>{b.predicted:.1%}</td><td align=right>{b.actual:.1%}</td></tr>"
        for b in result.bins
    )
    return (
        f"<b>Memory model</b> ({who}, {result.reviews} reviews a day or more apart): "
        f"log loss {result.log_loss:.4f}, RMSE(bins) {result.rmse_bins:.4f}"
        "<table cellspacing=8><tr><td valign=top>"
        "<table cellpadding=2><tr><th align=left>interval</th><th>answers</th>"
        f"<th>true retention</th><th>predicted</th></tr>{rows}</table>"
        "</td><td valign=top>"
        "<table cellpadding=2><tr><th align=left>predicted</th><th>answers</th>"
        f"<th>mean predicted</th><th>recalled</th></tr>{bins}</table>"
        "</td></tr></table>"
    )


class MemoryStatsPanel(QFrame):
    """The memory-model part of Statistics."""

    shown = Signal()

    def __init__(self, collection: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.collection = collection
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.background = Background(self)
        layout = QVBoxLayout(self)
        self.label = QLabel("Memory model: reading your reviews…")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Retention by interval and calibration of the memory model")
        layout.addWidget(self.label)

    def refresh(self) -> None:
        """Compute the report off the GUI thread; the tables update when it arrives."""
        from dlquiz.storage.memory_service import memory_report

        collection = self.collection
        self.background.run(
            "memory-stats", lambda: memory_report(collection), on_success=self._show
        )

    def _show(self, result: object) -> None:
        self.label.setText(report_html(result))
        self.shown.emit()

    def shutdown(self) -> None:
        self.background.shutdown()
