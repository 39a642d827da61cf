"""A card's history: every answer it was given, with undone ones marked in words."""

from __future__ import annotations

from datetime import timedelta, tzinfo
from html import escape

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.labels import rating_label
from dlquiz.core.scheduling import format_interval
from dlquiz.core.wording import count
from dlquiz.storage.browse_actions import HistoryEntry

HEADERS = ("When", "Kind", "Rating", "Verdict", "Time", "Interval", "Answer", "Note")


def history_cells(entry: HistoryEntry, *, zone: tzinfo) -> list[str]:
    """The texts of one history row, in the order of ``HEADERS``."""
    when = entry.reviewed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    rating = f"{entry.rating} {rating_label(entry.rating)}"
    verdict = entry.verdict.capitalize() if entry.verdict else "—"
    if entry.verdict:
        verdict += f" ({entry.score:.0%})"
    seconds = entry.duration_ms / 1000
    interval = "—" if entry.interval is None else _interval(entry.interval)
    note = ""
    if entry.undone_at is not None:
        note = f"undone {entry.undone_at.astimezone(zone):%Y-%m-%d %H:%M}; not counted"
    return [when, entry.kind, rating, verdict, f"{seconds:.1f} s", interval, entry.answer, note]


def _interval(delta: timedelta) -> str:
    return "now" if delta.total_seconds() < 30 else format_interval(delta)


class HistoryDialog(QDialog):
    """Lists a card's answers, oldest first."""

    def __init__(
        self,
        *,
        prompt: str,
        entries: list[HistoryEntry],
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Card history")
        self.setAccessibleName("Card history")
        self.resize(760, 380)
        layout = QVBoxLayout(self)
        counted = [e for e in entries if not e.undone]
        heading = QLabel(
            f"<b>{escape(prompt)}</b><br>{count(len(counted), 'answer')}"
            + (f", {len(entries) - len(counted)} undone" if len(counted) < len(entries) else "")
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.table = QTableWidget(len(entries), len(HEADERS))
        self.table.setAccessibleName("Answers given to this card")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab reaches the Close button
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        italic = QFont()
        italic.setItalic(True)
        for row, entry in enumerate(entries):
            for column, text in enumerate(history_cells(entry, zone=zone)):
                item = QTableWidgetItem(text)
                if entry.undone:
                    item.setFont(italic)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HEADERS.index("Answer"), QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        if not entries:
            layout.addWidget(QLabel("This card has not been answered yet."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
