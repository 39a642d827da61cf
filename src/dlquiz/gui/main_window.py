"""The main window: tabs for the parts that work, menus, status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from dlquiz import __version__
from dlquiz.core.ids import CardId
from dlquiz.core.labels import CLASS_REPORT_MENU, CLASS_REPORT_TIP
from dlquiz.core.wording import count
from dlquiz.gui.first_paint import FirstPaint
from dlquiz.gui.focus_ring import show_focus_always
from dlquiz.gui.operations import Background, report_failure
from dlquiz.gui.status_lines import StatusLines
from dlquiz.gui.study_view import StudyView
from dlquiz.gui.sync_control import SyncControl
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import Collection
from dlquiz.storage.deck_service import DeckService
from dlquiz.storage.failures import BackupFailed
from dlquiz.storage.study import StudyService

if TYPE_CHECKING:
    from dlquiz.gui.backups_dialog import BackupsDialog
    from dlquiz.gui.class_report_view import ClassReportDialog
    from dlquiz.gui.decks_dialog import DecksDialog
    from dlquiz.gui.import_dialog import ImportDialog
    from dlquiz.gui.readiness_view import ReadinessDialog
    from dlquiz.gui.settings_dialog import SettingsDialog
    from dlquiz.gui.shortcuts_help import ShortcutsDialog
    from dlquiz.gui.sync_dialog import SyncDialog

QUIT_IN_EXAM = (
    "An exam is running. Its answers are saved and its clock keeps running while dlquiz "
    "is closed; you can resume it when you start dlquiz again. Quit now?"
)
BACKUP_FAILED_AT_CLOSE = (
    "Your answers are saved in the collection; only this closing backup copy is missing. "
    "Free some space or check the backups folder, then take one with File > Backups."
)
BACKUP_CHECK_MS = 60_000
TEACHER_ROLE = "teacher"  # SyncService.hub_role for a teacher's collection
DEFERRED_TABS_MS = 30


def warm_up_modules(collection: Collection) -> Callable[[], None]:
    """Work for a background thread: what the other tabs and the first answer need.

    SQLAlchemy with the tables and the engine, the exam rules and the grader:
    about half a second of imports that would otherwise run on the GUI thread.
    """

    def work() -> None:
        import dlquiz.core.exam
        import dlquiz.core.grading.grader  # noqa: F401 - the import is the work

        collection.warm_up()

    return work


SHORTCUTS_HELP = """<h3>Keyboard</h3>
<table cellpadding=3>
<tr><td><b>↑/↓, Home/End, Enter</b></td><td>Decks: choose a deck and study it</td></tr>
<tr><td><b>Esc</b></td><td>Study: back to the decks</td></tr>
<tr><td><b>Enter</b></td><td>check the answer (Ctrl+Enter in a list box)</td></tr>
<tr><td><b>Ctrl+Enter</b></td><td>check even an empty answer ("I don't know")</td></tr>
<tr><td><b>A–F</b></td><td>pick a choice; <b>T</b>/<b>F</b> answer true/false</td></tr>
<tr><td><b>Ctrl+Up/Down</b></td><td>move an item when ordering</td></tr>
<tr><td><b>Space</b></td><td>show a flashcard's answer</td></tr>
<tr><td><b>1–4</b></td><td>rate Again, Hard, Good, Easy and go on</td></tr>
<tr><td><b>Space / Enter</b></td><td>go on with the highlighted rating</td></tr>
<tr><td><b>Ctrl+Z</b></td><td>take back the last answer</td></tr>
<tr><td><b>R</b></td><td>after an answer: report the question as wrong or unclear</td></tr>
<tr><td><b>Ctrl+1…9</b></td><td>switch tabs</td></tr>
<tr><td><b>Alt+←/→, PgUp/PgDn</b></td><td>Exam: previous / next question</td></tr>
<tr><td><b>Ctrl+F</b></td><td>Exam: flag for review; Browse: search</td></tr>
<tr><td><b>Ctrl+T</b></td><td>Exam: say the time left</td></tr>
<tr><td><b>Ctrl+J</b></td><td>Browse: suspend or unsuspend the selected cards</td></tr>
<tr><td><b>Ctrl+Alt+N</b></td><td>Browse: reset the selected cards to new</td></tr>
<tr><td><b>Ctrl+Return</b></td><td>Browse: study the current card now</td></tr>
<tr><td><b>Ctrl+Shift+I</b></td><td>Browse: the current card's history</td></tr>
<tr><td><b>Ctrl+I</b></td><td>import a deck (or drop a file on the window)</td></tr>
<tr><td><b>Ctrl+,</b></td><td>settings</td></tr>
<tr><td><b>Ctrl+Shift+Y</b></td><td>sync with your hub</td></tr>
<tr><td><b>F1</b></td><td>this help</td></tr>
</table>"""


class MainWindow(QMainWindow):
    """Owns the collection for the life of the window."""

    integrity_checked = Signal(str)
    # One signal for "decks, cards or settings changed": every view listens and refreshes,
    # so an import shows up in Study, Exam, Browse and Statistics without a restart.
    collection_changed = Signal()
    tabs_ready = Signal()  # the tabs after Study are built (at once, or after the first paint)

    def __init__(
        self, collection: Collection, bank: QuestionBank, *, defer_tabs: bool = False
    ) -> None:
        """Build the window; with ``defer_tabs`` only Study is built before ``start``.

        The launcher defers the other tabs so the first question is on screen
        sooner; they are built a moment later (see ``start``).
        """
        super().__init__()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            show_focus_always(app)  # keyboard-first: the focus frame shows from the start
        self.collection = collection
        self.bank = bank
        self.service = StudyService(bank)
        self.setWindowTitle("dlquiz — The Deep Learning Revolution")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.setAcceptDrops(True)  # drop deck files onto the window to import them
        self.background = Background(self)
        self.sync = SyncControl(collection, self.background, parent=self)
        self.status_lines = StatusLines(self.statusBar())
        self.due_label = self.status_lines.due
        self.sync_label = self.status_lines.sync
        self.sync.line.connect(self.sync_label.setText)
        self.sync.changed.connect(self._after_sync)
        self.study = StudyView(self.service)
        self.tabs.addTab(self.study, "&Study")
        self._tabs_started = False  # building began (all at once, or a tab per turn)
        self._tabs_built = False
        self._menus()
        if not defer_tabs:
            self.build_tabs()
        self.study.counts_changed.connect(self._show_due)
        self.collection_changed.connect(self.reload_decks)
        self.collection_changed.connect(self.study.refresh_counts)
        self.tabs.currentChanged.connect(lambda _index: self.focus_current_view())
        self.integrity_checked.connect(self._integrity_result)
        self.reload_decks()
        self._backup_timer = QTimer(self)
        self._backup_timer.timeout.connect(self._maybe_backup)
        self._backup_timer.start(BACKUP_CHECK_MS)
        self.restore_error = ""
        # Replaced in tests: asks whether to quit while an exam is running.
        self.confirm_quit: Callable[[str], bool] = self._ask_quit
        self._restore_geometry()

    def build_tabs(self) -> None:
        """Exam, Browse, Statistics and Demo, with their Ctrl+number shortcuts."""
        for step in self._tab_steps():
            step()

    def _tab_steps(self) -> list[Callable[[], None]]:
        """The tabs after Study in the order they are built (none if building began)."""
        if self._tabs_started:
            return []
        self._tabs_started = True
        return [
            self._add_exam_tab,
            self._add_progress_tabs,
            self._add_optional_tabs,
            self._tabs_done,
        ]

    def _add_exam_tab(self) -> None:
        from dlquiz.gui.exam_view import ExamView

        self.exam = ExamView(self.service)
        self.exam.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.collection_changed.connect(self.exam.collection_changed)
        self.tabs.addTab(self.exam, "E&xam")

    def _tabs_done(self) -> None:
        for index in range(self.tabs.count()):
            switch = QAction(self)
            switch.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            switch.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(switch)
        self._tabs_built = True
        self.tabs_ready.emit()

    def tabs_are_built(self) -> bool:
        return self._tabs_built

    def _add_progress_tabs(self) -> None:
        """Browse and Statistics, between the study tabs and the demo."""
        from dlquiz.gui.browse_view import BrowseView
        from dlquiz.gui.stats_view import StatsView
        from dlquiz.storage.browse_query import BrowseQuery

        self.browse = BrowseView(BrowseQuery(self.bank, zone=self.service.zone))
        self.browse.study_now.connect(self.study_card_now)
        self.browse.cards_changed.connect(self.collection_changed)
        self.collection_changed.connect(self.browse.collection_changed)
        self.tabs.addTab(self.browse, "&Browse")
        self.tabs.setTabToolTip(self.tabs.count() - 1, "Every card: search, sort, suspend, reset")
        self.stats = StatsView(self.service, topic_order=self.bank.chapter_deck.topics)
        self.collection_changed.connect(self.stats.collection_changed)
        self.tabs.addTab(self.stats, "Stat&istics")
        self.tabs.setTabToolTip(self.tabs.count() - 1, "Charts of your progress")

    def _add_optional_tabs(self) -> None:
        """The demo tab: it imports torch only when first shown, and explains how to get it."""
        from dlquiz.gui.demo_tab import DemoTab

        self.demo = DemoTab(parent=self)
        self.tabs.addTab(self.demo, "&Demo")

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(
            file_menu,
            "&Import…",
            self.choose_import,
            keys="Ctrl+I",
            tip="Import Anki, Quizlet/CSV, GIFT, Aiken, Moodle XML or YAML decks",
        )
        self._action(file_menu, "&Decks…", self.show_decks, tip="Rename, disable or delete decks")
        self._action(
            file_menu,
            "&Backups…",
            self.show_backups,
            tip="List, take or restore backups of your collection",
        )
        file_menu.addSeparator()
        # Spelled out: the standard Quit key is empty on some platforms (offscreen, Windows).
        self._action(file_menu, "&Quit", self.close, keys="Ctrl+Q")
        # Ctrl+Z, as the help says; a line edit with text to undo takes it first.
        self._action(
            bar.addMenu("&Edit"),
            "&Undo last answer",
            self.study.undo,
            keys=QKeySequence.StandardKey.Undo,
            tip="Take back the last answer and ask that card again",
        )
        tools_menu = bar.addMenu("&Tools")
        self._action(
            tools_menu,
            "&Settings…",
            self.open_settings,
            keys="Ctrl+,",
            tip="Retention, daily limits, exam defaults, theme and font size",
        )
        self._action(
            tools_menu,
            "Exam &readiness…",
            self.open_readiness,
            tip="What you will still know on an exam day, and preparing for it",
        )
        self._action(
            tools_menu,
            "S&ync…",
            self.open_sync,
            keys="Ctrl+Shift+Y",
            tip="Sync this collection with your PostgreSQL hub (docs/sync.md)",
        )
        # Only a teacher's collection has a class to report on (known from the last sync).
        self.class_report_action = self._action(
            tools_menu,
            CLASS_REPORT_MENU,
            self.open_class_report,
            keys="Ctrl+Shift+R",
            tip=CLASS_REPORT_TIP,
        )
        self.class_report_action.setVisible(False)
        self.sync.role.connect(
            lambda role: self.class_report_action.setVisible(role == TEACHER_ROLE)
        )
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, keys="F1")
        self._action(help_menu, "&About dlquiz", self.show_about)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        *,
        keys: str | QKeySequence.StandardKey = "",
        tip: str = "",
    ) -> QAction:
        """A menu entry that calls ``slot``, with its shortcut and tool tip."""
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- importing ---

    def choose_import(self) -> QFileDialog:
        """Ask for a deck file, then open its import preview (the dialog returned for tests)."""
        from dlquiz.gui.file_dialogs import choose_path

        dialog = choose_path(
            self,
            title="Import a deck",
            name_filter=(
                "Decks (*.apkg *.colpkg *.txt *.csv *.tsv *.gift *.xml *.yaml *.yml);;All files (*)"
            ),
            on_chosen=self.import_file,
        )
        dialog.rejected.connect(self._dialog_closed)  # chosen: the preview takes the keys
        return dialog

    def import_file(self, path: Path) -> ImportDialog:
        """Open the preview-then-store dialog for ``path`` (returned for tests)."""
        from dlquiz.gui.import_dialog import ImportDialog

        dialog = ImportDialog(self.collection, path, self)
        dialog.imported.connect(lambda _stored: self._after_import())
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def _after_import(self) -> None:
        self.bank.forget_imported()
        self.collection_changed.emit()

    def _dialog_closed(self) -> None:
        """Back from a dialog: the window is active again and the view has the keys."""
        self.activateWindow()
        self.focus_current_view()

    def focus_current_view(self) -> None:
        """The focus rule: a view that is shown gives the focus to what takes the answer."""
        view = self.tabs.currentWidget()
        focus = getattr(view, "focus_input", None)
        if callable(focus):
            focus()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.import_file(Path(url.toLocalFile()))
                break

    def reload_decks(self) -> None:
        self.study.set_decks([(d.id, d.name) for d in DeckService(self.collection).enabled()])

    def start(self) -> None:
        """Show the first due question, then build the other tabs and offer to resume
        an unfinished exam.

        With deferred tabs, nothing else starts before the first question is
        painted: then SQLAlchemy and the exam rules load off the GUI thread,
        and the other tabs are built once they are in.
        """
        self.study.start_screen()
        if self._tabs_built:
            self.sync.start()
            self.offer_exam_resume()
            return
        self.first_paint = FirstPaint(self.study.first_paint_target())
        self.first_paint.painted.connect(self._after_first_paint)

    def _after_first_paint(self) -> None:
        # Queued behind the paint, so the frame reaches the screen before the work starts.
        QTimer.singleShot(DEFERRED_TABS_MS, self._warm_up)

    def _warm_up(self) -> None:
        if self.collection.closed:  # the window was closed at once
            return
        self.background.run(
            "warm-up",
            warm_up_modules(self.collection),
            on_success=lambda _none: self._build_deferred_tabs(),
            on_failure=self._warm_up_failed,
        )

    def _warm_up_failed(self, error: BaseException) -> None:
        report_failure(error)
        self._build_deferred_tabs()  # the tabs load what they need themselves

    def _build_deferred_tabs(self) -> None:
        """One tab per turn of the event loop, so the window answers keys in between."""
        steps = self._tab_steps()

        def next_step() -> None:
            if self.collection.closed:
                return
            steps.pop(0)()
            if steps:
                QTimer.singleShot(0, next_step)
            else:
                # After the first paint: sync's first look at the collection loads SQLAlchemy.
                self.sync.start()
                self.offer_exam_resume()

        if steps:
            next_step()

    def offer_exam_resume(self) -> None:
        """Switch to the Exam tab when an exam was left unfinished (resume or result)."""
        if self.exam.offer_resume():
            self.tabs.setCurrentWidget(self.exam)

    def study_card_now(self, card_id: CardId) -> None:
        """Ask a card chosen in Browse in the Study tab, whatever the queue holds."""
        from dlquiz.storage.browse_actions import study_card

        card = study_card(self.bank, card_id)
        if card is None:
            return
        self.tabs.setCurrentWidget(self.study)
        self.study.show_card(card)
        self.study.refresh_counts()

    def open_settings(self) -> SettingsDialog:
        """Show the settings dialog (returned for tests); changes apply on OK."""
        from dlquiz.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.collection, parent=self)
        dialog.applied.connect(self._settings_applied)
        dialog.parameters_changed.connect(self._settings_applied)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def open_readiness(self) -> ReadinessDialog:
        """Show the exam readiness dialog (returned for tests)."""
        from dlquiz.gui.readiness_view import ReadinessDialog

        assert self.service.zone is not None
        dialog = ReadinessDialog(self.bank, self.service.zone, parent=self)
        dialog.updated.connect(self._readiness_updated)
        dialog.open()
        return dialog

    def open_sync(self) -> SyncDialog:
        """Show the Sync dialog (returned for tests)."""
        from dlquiz.gui.sync_dialog import SyncDialog

        dialog = SyncDialog(self.sync, parent=self)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def open_class_report(self) -> ClassReportDialog:
        """Show the teacher's class report (returned for tests); it reads the hub itself."""
        from dlquiz.gui.class_report_view import ClassReportDialog

        dialog = ClassReportDialog(self.collection, self.background, parent=self)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def _after_sync(self) -> None:
        # Another device's answers, settings or decks arrived: every view refreshes.
        self.collection.reload_settings()
        self.service.settings_changed()
        self.bank.forget_imported()
        self.collection_changed.emit()

    def _readiness_updated(self, kind: str) -> None:
        if kind == "accepted":  # cards came forward: the queue counts changed
            self.study.refresh_counts()

    def _settings_applied(self) -> None:
        self.service.settings_changed()
        self.collection_changed.emit()

    def _show_due(self, waiting: int) -> None:
        self.due_label.setText(
            f"{count(waiting, 'card')} waiting today · {self.collection.path.name}"
        )

    # --- background work ---

    def check_integrity_later(self) -> None:
        """Run SQLite's quick check off the GUI thread and report only trouble."""
        from dlquiz.storage.backup import backup_is_good

        path = self.collection.path
        self.background.run(
            "quick-check",
            lambda: backup_is_good(path),
            on_success=lambda ok: self.integrity_checked.emit("ok" if ok else "failed"),
        )

    def _integrity_result(self, result: str) -> None:
        if result != "ok":
            QMessageBox.warning(
                self,
                "Collection check",
                f"SQLite's quick check found a problem in {self.collection.path}. "
                "Your answers are still being saved, but restore a backup soon "
                "(dlquiz backup list / dlquiz backup restore NAME).",
            )

    def _maybe_backup(self) -> None:
        # At most one backup at a time: a slow disk skips a tick rather than piling up copies.
        from dlquiz.gui.backups_dialog import BACKUP_JOB

        self.background.run(BACKUP_JOB, self.collection.maybe_backup)

    def show_decks(self) -> DecksDialog:
        """Open the decks dialog (returned for tests)."""
        from dlquiz.gui.decks_dialog import DecksDialog

        dialog = DecksDialog(self.collection, self)
        dialog.changed.connect(self._after_import)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def show_backups(self) -> BackupsDialog:
        """Open the backups dialog (returned for tests)."""
        from dlquiz.gui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.collection, self.background, self)
        dialog.restore_requested.connect(self.restore_and_restart)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def restore_and_restart(self, name: str) -> None:
        """Close the collection, put backup ``name`` in its place and start dlquiz again."""
        import sys
        from datetime import UTC, datetime

        from PySide6.QtCore import QProcess

        from dlquiz.storage.backup import backup_is_good, find_backup
        from dlquiz.storage.collection import restore

        path = self.collection.path
        try:
            usable = backup_is_good(find_backup(path, name).path)
        except KeyError as error:
            QMessageBox.warning(self, "Restore", str(error).strip("'\""))
            return
        if not usable:
            QMessageBox.warning(self, "Restore", f"{name} is damaged; choose another backup.")
            return
        self.collection.close()  # takes a last backup if anything changed
        try:
            restore(path, name, now=datetime.now(UTC))
        except (KeyError, ValueError, OSError) as error:
            # Reported on the way out; the restarted dlquiz opens the unchanged collection.
            self.restore_error = f"{error}. The collection is unchanged."
            print(f"dlquiz: restore failed: {self.restore_error}", file=sys.stderr)
        QProcess.startDetached(sys.executable, ["-m", "dlquiz", "--db", str(path)])
        self.close()

    # --- dialogs ---

    def show_shortcuts(self) -> ShortcutsDialog:
        """The keyboard help (returned for tests); Esc closes it."""
        from dlquiz.gui.shortcuts_help import ShortcutsDialog, help_html

        dialog = ShortcutsDialog(self, help_html(SHORTCUTS_HELP, self.menuBar()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About dlquiz",
            f"<h3>dlquiz {__version__}</h3><p>Study “The Deep Learning Revolution "
            "(2010–2018)” with generated questions and FSRS spaced repetition.</p>"
            f"<p>Collection: {self.collection.path}</p>",
        )

    # --- window state ---

    def _restore_geometry(self) -> None:
        geometry = QSettings("dlquiz", "dlquiz").value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(900, 640)

    def _ask_quit(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Quit during the exam?",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._tabs_built and self.exam.exam_running() and not self.confirm_quit(QUIT_IN_EXAM):
            event.ignore()  # Ctrl+Q or the window's close button in an exam: asked first
            return
        QSettings("dlquiz", "dlquiz").setValue("main/geometry", self.saveGeometry())
        for child in self.findChildren(QWidget):
            stop = getattr(child, "shutdown", None)
            if callable(stop):
                stop()
        self.sync.at_close()  # the window waits for it in shutdown(), below
        self.background.shutdown()
        try:
            self.collection.close()
        except BackupFailed as error:
            # The collection itself is saved and closed; only the copy is missing.  The
            # window still closes: keeping it open on a closed collection helps nobody.
            QMessageBox.warning(self, "Backup failed", f"{error}\n\n{BACKUP_FAILED_AT_CLOSE}")
        super().closeEvent(event)
