"""Tools > Class report…: the teacher's view of the class, read from the hub.

Shown only when the last sync found the collection's hub role to be a
teacher's (``SyncService.hub_role``).  The report is the same operation as
``dlquiz hub report`` (``SyncService.class_report``), run on the window's
``Background``, so the window never waits on the network; a hub that cannot
be read (offline, a refused password) leaves a clear line and F5 tries again.

Keys: Alt+D the deck, Alt+L / Alt+P / Alt+E the tables, Ctrl+S sorts the
table by the column of its current cell (again: the other way), F5 reads the
report again, Esc closes.  Every name and text from the hub is plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.labels import (
    CLASS_REPORT_ALL_DECKS,
    CLASS_REPORT_COLUMNS,
    CLASS_REPORT_LOADING,
    CLASS_REPORT_SORT,
    CLASS_REPORT_TABS,
    CLASS_REPORT_TITLE,
    class_report_offline_line,
    class_report_summary,
)
from dlquiz.gui.class_report_model import SORT_ROLE, ReportTableModel, class_report_rows
from dlquiz.gui.operations import Background, report_failure
from dlquiz.storage.collection import Collection

if TYPE_CHECKING:
    from dlquiz.sync.class_report import ClassReport

JOB = "class-report"


class ClassReportDialog(QDialog):
    """Per learner and per question: progress, exam results, facility and discrimination."""

    def __init__(
        self, collection: Collection, background: Background, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.collection = collection
        self.background = background
        self.setWindowTitle(CLASS_REPORT_TITLE)
        self.resize(820, 520)
        self.state = "loading"  # loading | ready | offline
        self.report: ClassReport | None = None
        self._wanted: str | None = None  # the deck asked for (None: every class deck)

        self.deck_box = QComboBox()
        self.deck_box.addItem(CLASS_REPORT_ALL_DECKS, None)
        self.deck_box.currentIndexChanged.connect(self._deck_chosen)
        self.refresh_button = QPushButton("&Refresh  (F5)")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.load)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # the reason may quote the hub
        self.status.setWordWrap(True)
        self.tabs = QTabWidget()
        self.models: list[ReportTableModel] = []
        self.tables: list[QTableView] = []
        for title, columns in zip(CLASS_REPORT_TABS, CLASS_REPORT_COLUMNS, strict=True):
            self._add_table(title, columns)
        self.tabs.currentChanged.connect(lambda _i: self.current_table().setFocus())
        self._add_keys()
        self._lay_out()
        self.load()

    def _add_table(self, title: str, columns: tuple[str, ...]) -> None:
        model = ReportTableModel(columns)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        table = QTableView()
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        table.horizontalHeader().setStretchLastSection(True)
        # Every column at least as wide as its header from the start: an empty table
        # (offline, or a deck nobody answered yet) must not cut "Questions studied".
        table.resizeColumnsToContents()
        self.models.append(model)
        self.tables.append(table)
        self.tabs.addTab(table, title)

    def _add_keys(self) -> None:
        sort = QAction(CLASS_REPORT_SORT, self)
        sort.setShortcut(QKeySequence("Ctrl+S"))
        sort.triggered.connect(self.sort_by_current_column)
        refresh = QAction("Refresh", self)
        refresh.setShortcut(QKeySequence("F5"))
        refresh.triggered.connect(self.load)
        self.addActions([sort, refresh])

    def _lay_out(self) -> None:
        deck_label = QLabel("&Deck:")
        deck_label.setBuddy(self.deck_box)
        top = QHBoxLayout()
        top.addWidget(deck_label)
        top.addWidget(self.deck_box, 1)
        top.addWidget(self.refresh_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    # --- reading the report ---

    def load(self) -> bool:
        """Read the report for the chosen deck in the background; False when one is running."""
        from dlquiz.sync.service import SyncService

        deck = self._wanted
        started = self.background.run(
            JOB,
            lambda: SyncService(self.collection).class_report(deck=deck),
            on_success=self._loaded,
            on_failure=self._failed,
        )
        if started:
            self.state = "loading"
            self.status.setText(CLASS_REPORT_LOADING)
        return started

    def _deck_chosen(self, _index: int) -> None:
        self._wanted = self.deck_box.currentData()
        self.load()  # a report still running for the other deck is followed by this one

    def _loaded(self, report: ClassReport) -> None:
        if report.deck != self._wanted:
            self.load()  # the teacher chose another deck meanwhile
            return
        self.report = report
        self._fill_decks(report.decks)
        for model, rows in zip(self.models, class_report_rows(report), strict=True):
            model.set_rows(rows)
        for table in self.tables:
            table.resizeColumnsToContents()
            if table.model().rowCount() and not table.currentIndex().isValid():
                table.setCurrentIndex(table.model().index(0, 0))
        self.state = "ready"
        self.status.setText(
            class_report_summary(
                learners=len(report.learners),
                questions=len(report.questions),
                deck=None if report.deck is None else self.deck_box.currentText(),
            )
        )

    def _failed(self, error: BaseException) -> None:
        from dlquiz.sync.hub import HubError
        from dlquiz.sync.hub_url import BadHubUrl
        from dlquiz.sync.service import NoHub

        if not isinstance(error, (HubError, NoHub, BadHubUrl)):
            report_failure(error)  # a bug of ours: the error dialog and the log
            return
        self.state = "offline"
        self.status.setText(class_report_offline_line(str(error)))

    def _fill_decks(self, decks: list[tuple[str, str]]) -> None:
        """The class decks the hub offers now; the chosen one stays chosen."""
        self.deck_box.blockSignals(True)
        try:
            self.deck_box.clear()
            self.deck_box.addItem(CLASS_REPORT_ALL_DECKS, None)
            for deck_id, name in decks:
                self.deck_box.addItem(name, deck_id)
            found = self.deck_box.findData(self._wanted)
            self.deck_box.setCurrentIndex(max(0, found))
        finally:
            self.deck_box.blockSignals(False)

    # --- keys ---

    def current_table(self) -> QTableView:
        return self.tables[self.tabs.currentIndex()]

    def sort_by_current_column(self) -> None:
        """Sort the shown table by its current cell's column; again, the other way round."""
        table = self.current_table()
        column = max(0, table.currentIndex().column())
        header = table.horizontalHeader()
        ascending = Qt.SortOrder.AscendingOrder
        order = (
            Qt.SortOrder.DescendingOrder
            if header.sortIndicatorSection() == column and header.sortIndicatorOrder() == ascending
            else ascending
        )
        table.sortByColumn(column, order)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)  # type: ignore[arg-type]
        self.current_table().setFocus()
