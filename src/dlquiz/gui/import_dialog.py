"""File > Import...: preview what a file holds, then store it, with progress and cancel.

Nothing is stored until the learner presses Import after the preview, and a
file with any problem stores nothing at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.wording import count
from dlquiz.gui.import_worker import ImportWorker
from dlquiz.importers import bad_rows_phrase
from dlquiz.storage.collection import Collection

if TYPE_CHECKING:
    from dlquiz.importers import ImportedDeck
    from dlquiz.storage.import_service import StoredImport

# Counted nouns (``wording.count`` makes the plural): "243 flashcards, 1 typed answer".
TYPE_NAMES = {
    "typed": "typed answer",
    "multiple_choice": "multiple-choice question",
    "true_false": "true/false question",
    "ordering": "ordering question",
    "matching": "matching question",
    "list": "list question",
    "cloze": "cloze",
    "flashcard": "flashcard",
}


class ImportDialog(QDialog):
    """One file: read in the background, preview, then store on request."""

    imported = Signal(object)  # StoredImport, after a successful store
    _start_read = Signal()
    _start_store = Signal()

    def __init__(self, collection: Collection, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {path.name}")
        self.setMinimumWidth(520)
        self.path = path
        layout = QVBoxLayout(self)
        self.status = QLabel(f"Reading {path.name}…")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # file and deck names
        self.status.setAccessibleName("Import status")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Import progress")
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Preview and problems")
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Deck name")
        self.as_new = QCheckBox("Import as a separate &copy if a deck of this name exists")
        self.skip_bad = QCheckBox()
        self.skip_bad.setAccessibleName("Leave out the bad rows")
        self.skip_bad.setVisible(False)
        self.skip_bad.toggled.connect(self._bad_rows_choice)
        form.addRow("Deck &name:", self.name_edit)
        form.addRow("", self.as_new)
        form.addRow("", self.skip_bad)
        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel")
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self._store)
        self.cancel_button.clicked.connect(self._cancel)
        for widget in (self.status, self.progress, self.details):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.worker_thread = QThread(self)
        self.worker = ImportWorker(collection, path, fmt=None)
        self.worker.moveToThread(self.worker_thread)
        self._start_read.connect(self.worker.read)
        self._start_store.connect(self.worker.store)
        # A bound slot of this dialog, never a lambda: PySide runs a lambda in the thread
        # that emits, and a progress bar painted from the worker thread crashed the
        # window ("QBackingStore::endPaint() called with active painter").
        self.worker.progress.connect(self._show_progress)
        self.worker.read_done.connect(self._preview)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._was_cancelled)
        self.worker.stored.connect(self._stored)
        self.worker_thread.start()
        self._start_read.emit()

    @Slot(float)
    def _show_progress(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * 1000))

    def _preview(self, imported: ImportedDeck) -> None:
        deck = imported.deck
        counts = imported.counts()
        total = sum(counts.values())
        self.progress.setValue(1000)
        kinds = ", ".join(count(n, TYPE_NAMES.get(k, k)) for k, n in sorted(counts.items()))
        summary = (
            f"{self.path.name}: {count(total, 'question')} as {imported.format} ({kinds})"
            f"{imported.history_summary()}."
        )
        bad = len(imported.bad_rows)
        lines = [f"Bad row: {problem}" for problem in imported.bad_rows]
        lines += imported.notices
        text = "\n".join(lines) if lines else "Nothing was skipped."
        warnings = self.worker.lint_findings
        if warnings:
            found = count(len(warnings), "warning")
            text += f"\n\n⚠ {found} (as 'dlquiz decks lint' finds them):\n"
            text += "\n".join(f"⚠ {line}" for line in warnings)
        self.details.setPlainText(text)
        self.name_edit.setText(deck.name)
        if bad:
            # As on the command line: refused whole unless the learner leaves them out.
            self.status.setText(
                f"{summary} {bad_rows_phrase(bad)} cannot be read (listed below): "
                "nothing is imported unless they are left out."
            )
            self.skip_bad.setText(f"&Leave out the {bad_rows_phrase(bad)} and import the rest")
            self.skip_bad.setVisible(True)
            self.skip_bad.setFocus()
            return
        self.status.setText(summary)
        self._ready()

    def _bad_rows_choice(self, leave_out: bool) -> None:
        self.import_button.setEnabled(leave_out)
        self.import_button.setDefault(leave_out)

    def _ready(self) -> None:
        self.import_button.setEnabled(True)
        self.import_button.setDefault(True)
        self.import_button.setFocus()

    def _store(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.status.setText("Give the deck a name first.")
            return
        self.worker.deck_name = name
        self.worker.as_new = self.as_new.isChecked()
        self.import_button.setEnabled(False)
        self.skip_bad.setEnabled(False)
        self.status.setText(f"Storing {name}…")
        self._start_store.emit()

    def _stored(self, stored: StoredImport) -> None:
        report = stored.report
        self.status.setText(
            f"Stored as {stored.deck_name!r}: {report.added} new, {report.kept} kept, "
            f"{report.updated} changed, {report.retired} retired."
        )
        self.imported.emit(stored)
        self.cancel_button.setText("Close")

    def _failed(self, message: str) -> None:
        self.progress.setValue(0)
        self.status.setText(f"{self.path.name} was not imported. Nothing was stored.")
        self.details.setPlainText(message)
        self.cancel_button.setText("Close")

    def _was_cancelled(self) -> None:
        self.status.setText("Import cancelled. Nothing was stored.")
        self.cancel_button.setText("Close")

    def _cancel(self) -> None:
        self.worker.cancel_event.set()
        self.reject()

    def done(self, result: int) -> None:
        self.worker.cancel_event.set()
        self.worker_thread.quit()
        self.worker_thread.wait()
        super().done(result)
