"""The Browse tab: every card in a sortable table, with filters, a preview and actions.

Keyboard: Ctrl+F search, Ctrl+J suspend/unsuspend, Ctrl+Alt+N reset,
Ctrl+Return study this card now, Ctrl+Shift+I its history.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.ids import CardId
from dlquiz.core.plain import plain_text
from dlquiz.core.wording import count
from dlquiz.gui.browse_columns import ColumnChooser
from dlquiz.gui.browse_filters import FilterBar
from dlquiz.gui.browse_history import HistoryDialog
from dlquiz.gui.browse_model import TYPE_NAMES, BrowseModel
from dlquiz.storage.browse_actions import (
    card_history,
    make_due_now,
    reset_progress,
    set_suspended,
)
from dlquiz.storage.browse_query import BrowseFilter, BrowseQuery, SortKey


def shown(text: str) -> str:
    """Deck text for the preview's rich text: plain, then escaped."""
    return escape(plain_text(text))


class BrowseView(QWidget):
    """Search, sort and act on cards."""

    study_now = Signal(int)  # card id: the main window shows it in the Study tab
    cards_changed = Signal()  # suspended or reset: queue counts need refreshing

    def __init__(self, query: BrowseQuery, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query = query
        self.collection = query.collection
        self.model = BrowseModel(query)
        self.history_dialog: HistoryDialog | None = None
        self.reset_box: QMessageBox | None = None
        self._loaded = False
        self._announcing = False
        self._build()
        self._actions()
        self._update_buttons()

    # --- layout ---

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.filters = FilterBar()
        self.filters.changed.connect(self.search_now)
        # Short names for the bar's parts, for callers and tests.
        self.search_edit = self.filters.search_edit
        self.deck_box, self.topic_box = self.filters.deck_box, self.filters.topic_box
        self.type_box, self.state_box = self.filters.type_box, self.filters.state_box
        outer.addWidget(self.filters)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_table())
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Selected card")
        self.preview.setOpenLinks(False)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        outer.addWidget(splitter, 1)
        outer.addLayout(self._build_buttons())

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cards")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the preview; arrows move
        self.table.setWordWrap(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _index: self.show_history())
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.model.column_of(SortKey.DUE), Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.columns = ColumnChooser(self.table)
        self.columns.size_columns()
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        return self.table

    def _build_buttons(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of cards found")
        bottom.addWidget(self.count_label, 1)
        self.suspend_button = self._button("Sus&pend", "Suspend or unsuspend (Ctrl+J)")
        self.reset_button = self._button("&Reset…", "Make the cards new again (Ctrl+Alt+N)")
        self.study_button = self._button("Study &now", "Study this card now (Ctrl+Return)")
        self.history_button = self._button("Hist&ory", "Every answer to this card (Ctrl+Shift+I)")
        for button in (
            self.suspend_button,
            self.reset_button,
            self.study_button,
            self.history_button,
        ):
            bottom.addWidget(button)
        self.suspend_button.clicked.connect(self.toggle_suspended)
        self.reset_button.clicked.connect(self.ask_reset)
        self.study_button.clicked.connect(self.study_current)
        self.history_button.clicked.connect(self.show_history)
        return bottom

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(tip)
        return button

    def _actions(self) -> None:
        def add(text: str, keys: str, slot: object) -> QAction:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        self.find_action = add("Find", "Ctrl+F", self.filters.focus_search)
        self.suspend_action = add("Suspend / unsuspend", "Ctrl+J", self.toggle_suspended)
        self.reset_action = add("Reset progress…", "Ctrl+Alt+N", self.ask_reset)
        self.study_action = add("Study now", "Ctrl+Return", self.study_current)
        self.history_action = add("History", "Ctrl+Shift+I", self.show_history)

    # --- searching ---

    def refresh(self) -> None:
        """Re-read the filter choices and run the search again, keeping the current card."""
        current = self.current_card_id()
        facets = self.query.facets()
        self.filters.fill(facets)
        decks = len(facets.decks)
        if not self._loaded:
            self.columns.restore(decks=decks)
        self._loaded = True
        self.search_now()
        if current is not None:
            self.select_card(current)

    def collection_changed(self) -> None:
        """Decks or cards changed: list them again now if shown, else when next shown."""
        if self.isVisible() and not self._announcing:
            self.refresh()

    def focus_input(self) -> None:
        """The focus rule: the table, so arrows, Ctrl+F and the card keys work at once."""
        self.table.setFocus()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # Settings > Font size, applied at once
            self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
            self.columns.size_columns()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()  # answers given in Study since last time change due dates

    def current_filter(self) -> BrowseFilter:
        return self.filters.current()

    def search_now(self) -> None:
        """Run the search with the current filters (the search box waits for a pause)."""
        if not self._loaded:
            return
        self.model.set_filter(self.current_filter())
        total = self.model.total
        self.count_label.setText(f"{count(total, 'card')} found")
        if total:
            self.table.selectRow(0)
        else:
            self.preview.clear()
        self._update_buttons()

    # --- selection ---

    def current_card_id(self) -> CardId | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else self.model.card_id(index.row())

    def selected_rows(self) -> list[int]:
        """The selected rows, or the current one when nothing is selected."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return rows

    def selected_card_ids(self) -> list[CardId]:
        return [self.model.card_id(r) for r in self.selected_rows()]

    def select_card(self, card_id: CardId) -> bool:
        """Make ``card_id`` current if it is among the loaded rows."""
        row = self.model.row_of(card_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.preview.clear()
            return
        self._show_preview(self.model.card_id(current.row()))

    def _show_preview(self, card_id: CardId) -> None:
        question = self.query.question(card_id)
        row = self.model.browse_row(self.table.currentIndex().row())
        if question is None:
            self.preview.setPlainText("This question is no longer in its deck.")
            return
        # Deck text: tags taken out and entities decoded, then escaped, so it shows as text.
        parts = [f"<p><b>{shown(row.prompt)}</b></p>"]
        if question.choices:
            items = "".join(f"<li>{shown(c)}</li>" for c in question.choices)
            parts.append(f"<ul>{items}</ul>")
        parts.append(f"<p>Answer: {shown(question.answer)}</p>")
        if question.explanation:
            parts.append(f"<p>{shown(question.explanation)}</p>")
        parts.append(
            f"<p><small>{escape(row.deck)} · {escape(row.topic or '(no section)')} · "
            f"{escape(TYPE_NAMES.get(row.qtype, row.qtype))} · {escape(question.id)}</small></p>"
        )
        self.preview.setHtml("".join(parts))

    def _update_buttons(self) -> None:
        selected = self.selected_rows() if self.model.rowCount() else []
        one = self.current_card_id() is not None
        for widget in (self.suspend_button, self.reset_button):
            widget.setEnabled(bool(selected))
        for widget in (self.study_button, self.history_button):
            widget.setEnabled(one)
        all_suspended = bool(selected) and all(self.model.browse_row(r).suspended for r in selected)
        self.suspend_button.setText("Unsus&pend" if all_suspended else "Sus&pend")

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for action in (
            self.suspend_action,
            self.reset_action,
            self.study_action,
            self.history_action,
        ):
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    # --- actions ---

    def toggle_suspended(self) -> None:
        """Suspend the selected cards, or unsuspend them when all are suspended."""
        rows = self.selected_rows()
        if not rows:
            return
        ids = [self.model.card_id(r) for r in rows]
        suspend = not all(self.model.browse_row(r).suspended for r in rows)
        set_suspended(self.collection, ids, suspended=suspend)
        self.model.refresh_cards(ids)
        self._after_change(f"{count(len(ids), 'card')} {'suspended' if suspend else 'unsuspended'}")

    def ask_reset(self) -> QMessageBox | None:
        """Ask before making the selected cards new again (answered through the box)."""
        ids = self.selected_card_ids()
        if not ids:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Reset progress",
            f"Make {count(len(ids), 'card')} new again? Their answers "
            "stay in the history; they will come back as new cards.",
            parent=self,
        )
        counts = QCheckBox("Also reset the review and lapse counts")
        counts.setAccessibleName("Also reset the review and lapse counts")
        box.setCheckBox(counts)
        reset = box.addButton("Reset", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda _result: self._reset_answered(box.clickedButton() is reset, ids, counts)
        )
        self.reset_box = box
        box.open()
        return box

    def _reset_answered(self, confirmed: bool, ids: list[CardId], counts: QCheckBox) -> None:
        self.reset_box = None
        if not confirmed:
            return
        reset_progress(self.collection, ids, reset_counts=counts.isChecked())
        self.model.refresh_cards(ids)
        self._after_change(f"{count(len(ids), 'card')} reset to new")

    def study_current(self) -> None:
        """Make the current card due now and ask the Study tab to show it."""
        card_id = self.current_card_id()
        if card_id is None or not make_due_now(self.collection, card_id):
            return
        self.model.refresh_cards([card_id])
        self.cards_changed.emit()
        self.study_now.emit(card_id)

    def show_history(self) -> HistoryDialog | None:
        """Open the list of the current card's answers."""
        card_id = self.current_card_id()
        if card_id is None:
            return None
        row = self.model.browse_row(self.table.currentIndex().row())
        dialog = HistoryDialog(
            prompt=row.prompt,
            entries=card_history(self.collection, card_id),
            zone=self.query.zone,
            parent=self,
        )
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def _after_change(self, message: str) -> None:
        self.count_label.setText(f"{count(self.model.total, 'card')} found · {message}")
        self._update_buttons()
        self._announcing = True  # the table already shows this change: no second search
        try:
            self.cards_changed.emit()
        finally:
            self._announcing = False
