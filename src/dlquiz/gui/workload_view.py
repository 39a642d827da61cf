"""Settings > Scheduling > what a desired retention costs, as simulated reviews per day."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

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

    arrived = Signal(object)
    shown = Signal()

    def __init__(self, collection: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.collection = collection
        self._worker: threading.Thread | None = None
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
        self.arrived.connect(self._show)

    def estimate(self) -> None:
        from dlquiz.storage.memory_service import workload

        if self._worker is not None and self._worker.is_alive():
            return
        self.button.setEnabled(False)
        self.table.setText("Simulating a year of reviews…")
        collection = self.collection

        def run() -> None:
            try:
                result: object = workload(collection)
            except Exception as error:  # noqa: BLE001 - handed to the GUI thread to report
                result = error
            self.arrived.emit(result)

        self._worker = threading.Thread(target=run, name="dlquiz-workload", daemon=True)
        self._worker.start()

    def _show(self, result: object) -> None:
        self.button.setEnabled(True)
        if isinstance(result, BaseException):
            raise result  # unexpected: the error dialog explains and logs it
        chosen = self.collection.settings().desired_retention
        self.table.setText(workload_html(result, chosen=chosen))
        self.shown.emit()

    def shutdown(self) -> None:
        if self._worker is not None:
            self._worker.join(timeout=60)
