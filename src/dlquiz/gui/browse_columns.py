"""The browser's columns: sensible widths, and a header menu to hide or show them.

Which columns are hidden is view state, so it lives in QSettings, not in
the collection.  Until the learner chooses, the Deck column is hidden while
the collection has only one deck, and the figures a learner reads least fold
away while the window is too narrow to give the question its share.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from dlquiz.gui.browse_model import COLUMNS
from dlquiz.storage.browse_query import SortKey

SETTINGS_KEY = "browse/hidden_columns"
# A column is as wide as its header or its widest usual text; text columns get "M" widths.
_EMS = {SortKey.QUESTION: 20, SortKey.DECK: 8, SortKey.TOPIC: 9}
_SAMPLES = {
    SortKey.TYPE: "Multiple choice",
    SortKey.STATE: "Relearning",
    SortKey.DUE: "2026-03-01",
    SortKey.STABILITY: "100.0 d",
    SortKey.DIFFICULTY: "10.0",
    SortKey.RETRIEVABILITY: "100%",
    SortKey.REVIEWS: "9999",
    SortKey.LAPSES: "999",
}
# The question is the column a learner reads: until the learner chooses the
# columns, these fold away (first to last) while it would get less than this share.
QUESTION_SHARE = 0.4
_FOLDS = (SortKey.DIFFICULTY, SortKey.STABILITY, SortKey.LAPSES, SortKey.REVIEWS)
_QUESTION = next(c for c, (key, _t, _h) in enumerate(COLUMNS) if key is SortKey.QUESTION)


class ColumnChooser(QObject):
    """Sizes the table's columns and lets the learner hide any but the question."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.header = table.horizontalHeader()
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(self._menu)
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The question takes the room left over, not the last column (Lapses).
        self.header.setStretchLastSection(False)
        self.header.setSectionResizeMode(_QUESTION, QHeaderView.ResizeMode.Stretch)
        self.header.setToolTip("Click to sort; right-click to choose the columns")
        self._chosen = False
        self._default_hidden: set[SortKey] = set()
        self._widths: dict[int, int] = {}  # a hidden section's size reads 0: kept here
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)

    def size_columns(self) -> None:
        """Widths from the current fonts (call again when the font size changes)."""
        metrics = self.table.fontMetrics()
        heading = self.header.fontMetrics()  # headers may use another font: never cut them
        em = metrics.horizontalAdvance("M")
        for column, (key, title, _tip) in enumerate(COLUMNS):
            # the title, the sort arrow and a little air: never cut ("tabilit")
            header = heading.horizontalAdvance(title) + 2 * heading.horizontalAdvance("M")
            if key in _EMS:
                width = _EMS[key] * em
            else:
                # A cell pads its text on both sides: half an em left "2026-12-..." elided.
                width = metrics.horizontalAdvance(_SAMPLES[key]) + 3 * em // 2
            self._widths[column] = max(width, header)
            self.header.resizeSection(column, self._widths[column])
        self.fit()

    def restore(self, *, decks: int) -> None:
        """Hide what the learner hid last time (or the Deck column for a single deck)."""
        saved = QSettings("dlquiz", "dlquiz").value(SETTINGS_KEY)
        if isinstance(saved, str):
            saved = [saved] if saved else []
        if isinstance(saved, list):
            self._chosen = True
            hidden = {str(name) for name in saved}
        else:
            hidden = {SortKey.DECK.value} if decks <= 1 else set()
        self._default_hidden = {key for key, _t, _h in COLUMNS if key.value in hidden}
        for column, (key, _title, _tip) in enumerate(COLUMNS):
            self.table.setColumnHidden(column, key.value in hidden and key is not SortKey.QUESTION)
        self.fit()

    def fit(self) -> None:
        """Fold or unfold the least read figures so the question keeps its share of the width.

        Only until the learner chooses columns in the header menu: a choice is kept as made.
        """
        if self._chosen or not self._widths:
            return
        width = self.table.viewport().width()
        others = sum(
            self._widths[column]
            for column, (key, _t, _h) in enumerate(COLUMNS)
            if column != _QUESTION and key not in self._default_hidden
        )
        fold = True
        for key in _FOLDS:
            column = next(c for c, (k, _t, _h) in enumerate(COLUMNS) if k is key)
            if key in self._default_hidden:
                continue
            fold = fold and width - others < QUESTION_SHARE * width
            if fold:
                others -= self._widths[column]
            if self.table.isColumnHidden(column) != fold:
                self.table.setColumnHidden(column, fold)

    def hidden(self) -> list[str]:
        return [
            key.value for c, (key, _t, _h) in enumerate(COLUMNS) if self.table.isColumnHidden(c)
        ]

    def toggle(self, column: int) -> None:
        """Hide or show one column and remember the choice."""
        if COLUMNS[column][0] is SortKey.QUESTION:
            return
        self.table.setColumnHidden(column, not self.table.isColumnHidden(column))
        self._chosen = True
        QSettings("dlquiz", "dlquiz").setValue(SETTINGS_KEY, self.hidden())

    def _menu(self, position: QPoint) -> None:
        menu = QMenu(self.table)
        for column, (key, title, tip) in enumerate(COLUMNS):
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setEnabled(key is not SortKey.QUESTION)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, c=column: self.toggle(c))
        menu.popup(self.header.mapToGlobal(position))
