"""Settings > Scheduling > what a desired retention costs, as simulated reviews per day."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dlquiz.gui.operations import Background, report_failure
from dlquiz.storage.collection import Collection


def workload_html(rows: object, *, chosen: float) -> str:
    """The table of retention against reviews per day (a list of Workload in)."""
    from dlquiz.core.workload import Workload

    assert isinstance(rows, list) and all(isinstance(r, Workload) for r in rows)
    body = "".join(
        f"<tr><td>{'<b>' if abs(r.retention - chosen) < 1e-9 else ''}{r.retention:.0%}</td>"
        f"<td align=right>{r.reviews_per_day:.0f}</td>"
        f"<td align=right>{r.first_month_per_day:.0f}</td></tr>"
        for r in rows
    )
    return (
        "Simulated with your parameters over the next year for this collection:"
        "<table cellpadding=3><tr><th align=left>desired retention</th>"
        f"<th>answers a day (year)</th><th>first month</th></tr>{body}</table>"
    )


class WorkloadBox(QWidget):
    """A button that prices several retentions, and the table it fills (off the GUI thread)."""

    shown = Signal()

    def __init__(self, collection: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.collection = collection
        self.background = Background(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.button = QPushButton("Estimate &workload")
        self.button.setToolTip(
            "Reviews per day over the next year at 80, 85, 90 and 95 % retention"
        )
        self.button.clicked.connect(self.estimate)
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QLabel()
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setWordWrap(True)
        self.table.setAccessibleName("Workload at each desired retention")
        layout.addWidget(self.table)

    def estimate(self) -> None:
        from dlquiz.storage.memory_service import workload

        collection = self.collection
        if self.background.run(
            "workload", lambda: workload(collection), on_success=self._show, on_failure=self._failed
        ):
            self.button.setEnabled(False)
            self.table.setText("Simulating a year of reviews…")

    def _show(self, result: object) -> None:
        self.button.setEnabled(True)
        chosen = self.collection.settings().desired_retention
        self.table.setText(workload_html(result, chosen=chosen))
        self.shown.emit()

    def _failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        self.table.setText("")
        report_failure(error)

    def shutdown(self) -> None:
        self.background.shutdown(timeout_s=60)
