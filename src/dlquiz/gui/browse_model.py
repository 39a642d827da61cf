"""The card browser's table model: every card id up front, rows loaded a page at a time.

Opening a search runs one SQL query for the ordered card ids (a list of
integers, small even for 100,000 cards).  Rows are then revealed through
``canFetchMore``/``fetchMore`` a page at a time, each page one small query,
so the view never waits for cards nobody scrolled to.  Sorting asks SQL for
a new order of ids.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from dlquiz.core.ids import CardId
from dlquiz.storage.browse_query import BrowseFilter, BrowseQuery, BrowseRow, SortKey

PAGE_SIZE = 250  # one page is built in well under a frame (see bench_browse.py)
ModelIndex = QModelIndex | QPersistentModelIndex

# (sort key, header, header tooltip); the order is the column order.
COLUMNS: tuple[tuple[SortKey, str, str], ...] = (
    (SortKey.QUESTION, "Question", "The question as it is asked"),
    (SortKey.DECK, "Deck", "The deck the card belongs to"),
    (SortKey.TOPIC, "Section", "The chapter section (or the imported deck's topic)"),
    (SortKey.TYPE, "Type", "How the question is answered"),
    (SortKey.STATE, "State", "New, learning, review or relearning; suspended cards say so"),
    (SortKey.DUE, "Due", "When the card is due next; new cards show their place in line"),
    (SortKey.STABILITY, "Stability", "Days until recall falls to 90 % (FSRS stability)"),
    (SortKey.DIFFICULTY, "Difficulty", "FSRS difficulty, from 1 (easy) to 10 (hard)"),
    (SortKey.RETRIEVABILITY, "Recall", "Retrievability: the predicted chance to recall it now"),
    (SortKey.REVIEWS, "Reviews", "How many times the card was answered"),
    (SortKey.LAPSES, "Lapses", "How many times a learned card was forgotten"),
)
TYPE_NAMES = {
    "typed": "Typed",
    "multiple_choice": "Multiple choice",
    "true_false": "True/false",
    "ordering": "Ordering",
    "matching": "Matching",
    "list": "List",
    "cloze": "Cloze",
    "flashcard": "Flashcard",
}
_NUMERIC = {
    SortKey.STABILITY,
    SortKey.DIFFICULTY,
    SortKey.RETRIEVABILITY,
    SortKey.REVIEWS,
    SortKey.LAPSES,
}


_KEYS = tuple(key for key, _title, _tip in COLUMNS)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CARD_ID = int(Qt.ItemDataRole.UserRole)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def state_text(row: BrowseRow) -> str:
    """The state in words; suspension is written out, never shown by colour alone."""
    name = row.state.capitalize()
    return f"{name} (suspended)" if row.suspended else name


def due_text(row: BrowseRow, *, zone: tzinfo, now: datetime) -> str:
    """A due date as a learner reads it: "New #12", "14:30" today, or "2026-03-05"."""
    if row.phase == 0 or row.due is None:
        return f"New #{row.new_rank}"
    local = row.due.astimezone(zone)
    if row.phase in (1, 3) and local.date() == now.astimezone(zone).date():
        text = local.strftime("%H:%M")
    else:
        text = local.strftime("%Y-%m-%d")
    return f"({text})" if row.suspended else text


def cell_text(row: BrowseRow, key: SortKey, *, zone: tzinfo, now: datetime) -> str:
    """What a cell shows."""
    match key:
        case SortKey.QUESTION:
            return " ".join(row.prompt.split())
        case SortKey.DECK:
            return row.deck
        case SortKey.TOPIC:
            return row.topic or "(no section)"
        case SortKey.TYPE:
            return TYPE_NAMES.get(row.qtype, row.qtype)
        case SortKey.STATE:
            return state_text(row)
        case SortKey.DUE:
            return due_text(row, zone=zone, now=now)
        case SortKey.STABILITY:
            return "—" if row.stability is None else f"{row.stability:.1f} d"
        case SortKey.DIFFICULTY:
            return "—" if row.difficulty is None else f"{row.difficulty:.1f}"
        case SortKey.RETRIEVABILITY:
            return "—" if row.retrievability is None else f"{row.retrievability:.0%}"
        case SortKey.REVIEWS:
            return str(row.reviews)
        case SortKey.LAPSES:
            return str(row.lapses)
    raise ValueError(key)


class BrowseModel(QAbstractTableModel):
    """Cards matching a filter, sorted in SQL, revealed page by page."""

    CARD_ID_ROLE = Qt.ItemDataRole.UserRole

    def __init__(self, query: BrowseQuery, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.query = query
        self.page_size = page_size
        self.filter = BrowseFilter()
        self.sort_key = SortKey.DUE
        self.descending = False
        self._ids: list[int] = []
        self._rows: list[BrowseRow] = []
        self._texts: dict[int, tuple[str, ...]] = {}  # row -> cell texts, made when first shown
        self._busy = False
        self._now = query.collection.clock.now()
        self._italic = QFont()
        self._italic.setItalic(True)

    # --- what is shown ---

    def set_filter(self, wanted: BrowseFilter) -> None:
        """Search again with ``wanted``, keeping the sort order."""
        self.filter = wanted
        self.reload()

    def reload(self) -> None:
        """Run the search again (after answers or actions elsewhere) and show its first page."""
        self.beginResetModel()
        self._now = self.query.collection.clock.now()
        self._ids = self.query.card_ids(self.filter, sort=self.sort_key, descending=self.descending)
        # The first page is part of the reset: fetching it after would re-enter the
        # views that fetch on reset themselves.
        first = self._ids[: self.page_size]
        self._texts = {}
        self._rows = self.query.rows(first)
        if len(self._rows) < len(first):
            self._ids = [r.card_id for r in self._rows] + self._ids[len(first) :]
        # Whoever listens to modelReset may ask for more rows from inside the signal,
        # before every listener has seen the reset end; they get them on the next ask.
        # (The same holds while a page of rows is being inserted.)
        self._busy = True
        try:
            self.endResetModel()
        finally:
            self._busy = False

    @property
    def total(self) -> int:
        """Cards matching the search, loaded or not."""
        return len(self._ids)

    def card_id(self, row: int) -> CardId:
        return self._rows[row].card_id

    def row_of(self, card_id: CardId) -> int | None:
        """The row showing ``card_id`` among the loaded ones."""
        for index, row in enumerate(self._rows):
            if row.card_id == card_id:
                return index
        return None

    def browse_row(self, row: int) -> BrowseRow:
        return self._rows[row]

    def refresh_cards(self, card_ids: list[CardId]) -> None:
        """Re-read these cards after an action; they stay in place even if no longer matching."""
        wanted = set(card_ids)
        positions = [i for i, r in enumerate(self._rows) if r.card_id in wanted]
        if not positions:
            return
        self._now = self.query.collection.clock.now()
        fresh = {r.card_id: r for r in self.query.rows([self._rows[i].card_id for i in positions])}
        for i in positions:
            row = fresh.get(self._rows[i].card_id)
            if row is not None:
                self._rows[i] = row
                self._texts.pop(i, None)
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(min(positions), 0), self.index(max(positions), last))

    # --- Qt model API ---

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: ModelIndex) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and not self._busy and len(self._rows) < len(self._ids)

    def fetchMore(self, parent: ModelIndex) -> None:  # noqa: N802 - Qt API
        if parent.isValid() or self._busy:
            return
        start = len(self._rows)
        page = self._ids[start : start + self.page_size]
        if not page:
            return
        rows = self.query.rows(page)
        if not rows:  # the cards vanished since the search: stop offering more
            self._ids = self._ids[:start]
            return
        self._busy = True
        try:
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            if len(rows) < len(page):  # some vanished: drop their ids so the counts agree
                kept = [r.card_id for r in rows]
                self._ids = self._ids[:start] + kept + self._ids[start + len(page) :]
            self.endInsertRows()
        finally:
            self._busy = False

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        # Called for every role of every visible cell on each repaint: the common
        # cases come first, and a row's texts are formatted once.
        row_number = index.row()
        if not 0 <= row_number < len(self._rows):
            return None
        role = int(role)
        if role in (_DISPLAY, _ACCESSIBLE):
            texts = self._texts.get(row_number)
            if texts is None:
                row = self._rows[row_number]
                zone, now = self.query.zone, self._now
                texts = tuple(cell_text(row, key, zone=zone, now=now) for key in _KEYS)
                self._texts[row_number] = texts
            return texts[index.column()]
        column = index.column()
        if role == _ALIGNMENT:
            return _RIGHT if _KEYS[column] in _NUMERIC else None
        if role == _FONT:
            return self._italic if self._rows[row_number].suspended else None
        if role == _TOOLTIP:
            return self._tooltip(self._rows[row_number], _KEYS[column])
        if role == _CARD_ID:
            return self._rows[row_number].card_id
        return None

    @staticmethod
    def _tooltip(row: BrowseRow, key: SortKey) -> str | None:
        if key is SortKey.QUESTION:
            return row.prompt
        if key is SortKey.RETRIEVABILITY and row.retrievability is not None:
            return f"Predicted chance to recall this card now: {row.retrievability:.1%}"
        return None

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][2]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_key = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def column_of(self, key: SortKey) -> int:
        return next(i for i, (k, _h, _t) in enumerate(COLUMNS) if k is key)
