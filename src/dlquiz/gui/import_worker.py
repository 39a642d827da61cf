"""Reading and storing an import off the GUI thread, with progress and cancel."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from dlquiz.core.problems import InputError
from dlquiz.storage.collection import Collection

if TYPE_CHECKING:
    from dlquiz.importers import ImportedDeck

PROGRESS_EVERY_S = 0.05


class ImportWorker(QObject):
    """Reads a file (``read``), then stores it (``store``), each in the worker thread.

    Signals carry plain Python objects; the dialog owns this worker and its
    thread and never connects ``finished`` to ``deleteLater``.
    """

    progress = Signal(float)
    read_done = Signal(object)  # ImportedDeck
    stored = Signal(object)  # StoredImport
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, collection: Collection, path: Path, *, fmt: str | None) -> None:
        super().__init__()
        self.collection = collection
        self.path = path
        self.fmt = fmt
        self.cancel_event = threading.Event()
        self.imported: ImportedDeck | None = None
        self.lint_findings: list[str] = []  # set before read_done, read by the dialog
        self.deck_name = ""
        self.as_new = False
        self._last_emit = 0.0

    def _report(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self._last_emit >= PROGRESS_EVERY_S or fraction >= 1.0:
            self._last_emit = now
            self.progress.emit(fraction)

    @Slot()
    def read(self) -> None:
        from dlquiz.importers import ImportCancelled, read_file

        try:
            # Bad rows are gathered for the preview; the dialog stores such a
            # file only when the learner chooses to leave them out.
            imported = read_file(
                self.path,
                format=self.fmt,
                progress=self._report,
                cancel=self.cancel_event,
                skip_bad_rows=True,
            )
        except ImportCancelled:
            self.cancelled.emit()
            return
        except InputError as error:
            self.failed.emit(str(error))
            return
        except OSError as error:
            self.failed.emit(f"{self.path}: cannot read the file: {error.strerror or error}")
            return
        self.imported = imported
        self.lint_findings = deck_findings(imported)
        self.read_done.emit(imported)

    @Slot()
    def store(self) -> None:
        from dlquiz.core.generate import generate_questions
        from dlquiz.storage.import_service import store_read

        imported = self.imported
        if imported is None:
            self.failed.emit("nothing was read to store")
            return
        try:
            questions = generate_questions(imported.deck)
            result = store_read(
                self.collection,
                imported,
                questions,
                source=str(self.path.resolve()),
                deck_name=self.deck_name,
                as_new=self.as_new,
            )
        except Exception as error:  # noqa: BLE001 - reported in the dialog; nothing was stored
            from dlquiz.errorlog import report_unexpected

            self.failed.emit(report_unexpected(error))
            return
        self.stored.emit(result)


def deck_findings(imported: ImportedDeck) -> list[str]:
    """What ``dlquiz decks lint`` would say about the deck just read, one line each."""
    from dlquiz.core.generate import generate_questions
    from dlquiz.core.lint import lint_questions

    deck = imported.deck
    findings = lint_questions(generate_questions(deck), deck.facts)
    return [f"{finding.question_id}: {finding.message}" for finding in findings]
