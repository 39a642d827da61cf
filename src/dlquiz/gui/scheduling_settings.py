"""Settings > Scheduling: the FSRS parameters in use, optimising them, and going back.

Optimising runs ``storage.memory_service.optimize`` in a worker thread with
progress and cancel; the same call ``dlquiz fsrs optimize`` makes.  Without
the optimizer extra the panel says what to install instead of offering a
button that cannot work.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.validation import Fitter
from dlquiz.gui.operations import Background, report_failure
from dlquiz.storage.collection import Collection

PROGRESS_EVERY_S = 0.05


class OptimizeWorker(QObject):
    """Runs one optimisation; lives in its own QThread, owned by the panel."""

    progress = Signal(float)
    done = Signal(object)  # OptimizeOutcome
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self, collection: Collection, *, move_due: bool, fitter: Fitter | None = None
    ) -> None:
        super().__init__()
        self.collection = collection
        self.move_due = move_due
        self.fitter = fitter
        self.cancel_event = threading.Event()
        self._last_emit = 0.0

    def _report(self, share: float) -> None:
        now = time.monotonic()
        if now - self._last_emit >= PROGRESS_EVERY_S or share >= 1.0:
            self._last_emit = now
            self.progress.emit(share)

    @Slot()
    def run(self) -> None:
        from dlquiz.fsrs_fit import FitCancelled
        from dlquiz.storage.memory_service import optimize

        try:
            outcome = optimize(
                self.collection,
                fitter=self.fitter,
                progress=self._report,
                cancel=self.cancel_event,
                move_due=self.move_due,
            )
        except FitCancelled:
            self.cancelled.emit()
            return
        except ImportError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # noqa: BLE001 - shown in the panel; nothing was changed
            from dlquiz.errorlog import report_unexpected

            self.failed.emit(report_unexpected(error))
            return
        self.done.emit(outcome)


def _in_use_text(collection: Collection) -> str:
    from dlquiz.storage.memory_service import current

    in_use = current(collection)
    if in_use.source == "default" or in_use.fitted_at is None:
        return "Parameters in use: FSRS's defaults (the average learner)."
    return f"Parameters in use: fitted to your reviews on {in_use.fitted_at:%Y-%m-%d %H:%M} UTC."


class SchedulingPanel(QGroupBox):
    """The Scheduling group of the settings dialog."""

    parameters_changed = Signal()  # the parameters in use changed; cards were rebuilt
    finished = Signal(str)  # the result or the reason, once a run ends

    def __init__(
        self,
        collection: Collection,
        parent: QWidget | None = None,
        *,
        fitter: Fitter | None = None,
        missing: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__("Scheduling (FSRS)", parent)
        from dlquiz import fsrs_fit

        self.collection = collection
        self._fitter = fitter
        self.background = Background(self)
        self._thread: QThread | None = None
        self._worker: OptimizeWorker | None = None
        layout = QVBoxLayout(self)
        self.in_use = QLabel(_in_use_text(collection))
        self.in_use.setWordWrap(True)
        layout.addWidget(self.in_use)
        self.reschedule = QCheckBox("Move due dates when the parameters &change")
        self.reschedule.setToolTip(
            "On: every card's next review moves to the interval the new parameters give. "
            "Off: only memory estimates change; due dates stay (Anki's default)."
        )
        self.reschedule.setChecked(collection.settings().reschedule_on_change)
        layout.addWidget(self.reschedule)
        row = QHBoxLayout()
        self.optimize_button = QPushButton("&Optimise parameters")
        self.optimize_button.setToolTip(
            "Fit FSRS to your reviews; kept only if it predicts your later reviews better"
        )
        self.optimize_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel fit")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.defaults_button = QPushButton("&Use FSRS defaults")
        self.defaults_button.setToolTip("Go back to FSRS's default parameters")
        self.defaults_button.clicked.connect(self.use_defaults)
        for button in (self.optimize_button, self.cancel_button, self.defaults_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Optimisation progress")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Optimisation result")
        layout.addWidget(self.result)
        from dlquiz.gui.workload_view import WorkloadBox

        self.workload = WorkloadBox(collection)
        layout.addWidget(self.workload)
        reason = (missing or fsrs_fit.missing)() if fitter is None else None
        self._can_fit = reason is None
        if reason is not None:
            self.optimize_button.setEnabled(False)
            self.result.setText(reason[:1].upper() + reason[1:])  # a sentence of its own here

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Begin an optimisation in the worker thread."""
        if self.running or self.background.busy("defaults"):
            return
        worker = OptimizeWorker(
            self.collection, move_due=self.reschedule.isChecked(), fitter=self._fitter
        )
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._progress)
        worker.done.connect(self._done)
        worker.failed.connect(self._failed)
        worker.cancelled.connect(self._cancelled)
        self._worker, self._thread = worker, thread
        self.optimize_button.setEnabled(False)
        self.defaults_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self.result.setText("Fitting to your reviews…")
        thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel_event.set()
            self.result.setText("Cancelling…")

    def _progress(self, share: float) -> None:
        self.progress.setValue(round(share * 1000))

    def _done(self, outcome: object) -> None:
        from dlquiz.storage.memory_service import OptimizeOutcome

        assert isinstance(outcome, OptimizeOutcome)
        found = outcome.validated
        lines = [found.reason[:1].upper() + found.reason[1:] + "."]
        if found.before is not None and found.after is not None:
            lines.append(
                f"On your latest {found.held_out} reviews: log loss {found.before.log_loss:.4f} "
                f"with the parameters in use, {found.after.log_loss:.4f} with the fit; "
                f"RMSE(bins) {found.before.rmse_bins:.4f} and {found.after.rmse_bins:.4f}."
            )
        if found.kept and outcome.rebuilt is not None:
            lines.append(f"{outcome.rebuilt.cards} cards were updated.")
        self._end("\n".join(lines))
        if found.kept:
            self.in_use.setText(_in_use_text(self.collection))
            self.parameters_changed.emit()

    def _failed(self, message: str) -> None:
        self._end(message)

    def _cancelled(self) -> None:
        self._end("Cancelled; nothing changed.")

    def _end(self, text: str) -> None:
        thread = self._thread
        if thread is not None:
            thread.quit()
            thread.wait()
        self._thread = self._worker = None
        self.progress.hide()
        self.cancel_button.setEnabled(False)
        self.optimize_button.setEnabled(self._can_fit)
        self.defaults_button.setEnabled(True)
        self.result.setText(text)
        self.finished.emit(text)

    def use_defaults(self) -> None:
        """Go back to FSRS's defaults and rebuild every card, off the GUI thread."""
        from dlquiz.storage.memory_service import reset_to_defaults

        if self.running:
            return
        collection, move_due = self.collection, self.reschedule.isChecked()
        if self.background.run(
            "defaults",
            lambda: reset_to_defaults(collection, move_due=move_due),
            on_success=self._defaults_done,
            on_failure=self._defaults_failed,
        ):
            self.defaults_button.setEnabled(False)
            self.optimize_button.setEnabled(False)
            self.result.setText("Rebuilding every card with FSRS's defaults…")

    def _defaults_done(self, rebuilt: object) -> None:
        from dlquiz.storage.rebuild import RebuildResult

        assert isinstance(rebuilt, RebuildResult)
        self.defaults_button.setEnabled(True)
        self.optimize_button.setEnabled(self._can_fit)
        self.in_use.setText(_in_use_text(self.collection))
        self.result.setText(f"Back to FSRS's defaults; {rebuilt.cards} cards were updated.")
        self.parameters_changed.emit()

    def _defaults_failed(self, error: BaseException) -> None:
        self.defaults_button.setEnabled(True)
        self.optimize_button.setEnabled(self._can_fit)
        self.result.setText("")
        report_failure(error)

    def shutdown(self) -> None:
        """Stop a running fit and wait for its thread (the dialog is closing)."""
        self.workload.shutdown()
        self.background.shutdown()
        if self._worker is not None:
            self._worker.cancel_event.set()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
