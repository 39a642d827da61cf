"""The deck overview: every enabled deck with its New / Learning / Due, as in Anki.

The table has the keyboard: arrows choose a deck, Enter studies it.  Under
the table a note says when a daily new-card limit keeps cards back today,
and where to change it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.wording import count
from dlquiz.gui import texts
from dlquiz.storage.deck_overview import Overview

ALL_DECKS = "All enabled decks"
COLUMNS = ("Deck", "New", "Learning", "Due")


def limit_notes(overview: Overview) -> list[str]:
    """Sentences for each limit that keeps new cards back today, with where to change it."""
    notes = []
    for deck in overview.decks:
        if not deck.held_back:
            continue
        whose = "its own limit" if deck.own_limit else "the limit for each deck"
        if deck.introduced >= deck.limit:  # said only once the limit is what stops new cards
            notes.append(
                f"{deck.name}: no more new cards today; {count(deck.limit, 'new card')} "
                f"a day is {whose}, and more wait for tomorrow. {texts.DECK_LIMIT_WHERE}"
            )
    if overview.cap_holds:
        notes.append(
            f"All decks: {overview.total_introduced} of the "
            f"{count(overview.total_limit, 'new card')} a day allowed over all decks "
            f"are done; the cap keeps the rest for tomorrow. {texts.TOTAL_LIMIT_WHERE}"
        )
    return notes


class DeckTable(QTableWidget):
    """The table itself; Enter (or Return) asks to study the current deck.

    It is a list of decks, so Home and End go to the first and the last deck
    (a table's own Home and End move along the row, which shows nothing here).
    """

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.activated_row.emit(self.currentRow())
            return
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self.rowCount():
            self.setCurrentCell(0 if key == Qt.Key.Key_Home else self.rowCount() - 1, 0)
            return
        super().keyPressEvent(event)


class DeckOverviewPage(QWidget):
    """Lists the decks; ``study_requested`` carries a deck id, or None for all decks."""

    study_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str | None] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        title = QLabel("Decks")
        title.setObjectName("prompt")
        outer.addWidget(title)
        self.table = DeckTable(0, len(COLUMNS))
        self.table.setAccessibleName("Decks with their new, learning and due cards")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as elsewhere
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated_row.connect(self._study_row)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._study_row(row))
        outer.addWidget(self.table, 1)
        self.limit_label = QLabel()
        self.limit_label.setObjectName("hint")
        self.limit_label.setWordWrap(True)
        self.limit_label.setTextFormat(Qt.TextFormat.PlainText)  # deck names are deck text
        self.limit_label.setAccessibleName("Daily limits")
        outer.addWidget(self.limit_label)
        row = QHBoxLayout()
        self.study_button = QPushButton(texts.STUDY_DECK_BUTTON)
        self.study_button.setToolTip("Study the selected deck (Enter)")
        self.study_button.clicked.connect(lambda: self._study_row(self.table.currentRow()))
        row.addWidget(self.study_button)
        row.addStretch(1)
        hint = QLabel("↑/↓ choose a deck · Enter study it · Esc in a session comes back here")
        hint.setObjectName("hint")
        row.addWidget(hint)
        outer.addLayout(row)

    def show_overview(self, overview: Overview, *, current: str | None) -> None:
        """Fill the table; keep ``current`` (a deck id, or None for all) selected."""
        rows: list[tuple[str | None, str, int, int, int]] = [
            (None, ALL_DECKS, overview.new, overview.learning, overview.due)
        ]
        rows += [(d.deck_id, d.name, d.new, d.learning, d.due) for d in overview.decks]
        self._ids = [deck_id for deck_id, *_ in rows]
        self.table.setRowCount(len(rows))
        for r, (_deck_id, name, new, learning, due) in enumerate(rows):
            name_item = QTableWidgetItem(name)  # items show text as typed, never as HTML
            if r == 0:
                font = name_item.font()
                font.setBold(True)
                name_item.setFont(font)
            self.table.setItem(r, 0, name_item)
            for c, value in enumerate((new, learning, due), start=1):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        wanted = self._ids.index(current) if current in self._ids else 0
        self.table.setCurrentCell(wanted, 0)
        notes = limit_notes(overview)
        self.limit_label.setText("\n".join(notes))
        self.limit_label.setVisible(bool(notes))

    def deck_names(self) -> list[str]:
        items = (self.table.item(r, 0) for r in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def focus_input(self) -> None:
        self.table.setFocus()

    def _study_row(self, row: int) -> None:
        if 0 <= row < len(self._ids):
            self.study_requested.emit(self._ids[row])
