"""The Demo tab: the chapter's ideas computed live with PyTorch, on the GPU when there is one.

torch is optional.  Without it the tab only says how to install it.  With
it, nothing is imported at start-up: the first time the tab is shown, a
worker thread imports torch and looks for devices; every demo also runs in a
worker thread, so the window stays responsive.  If the GPU runs out of
memory or its driver fails, the tab says so and offers to rerun on the CPU.
"""

from __future__ import annotations

import time
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.labels import TORCH_INSTALL_STEPS, TORCH_NEEDED, TORCH_RESTART
from dlquiz.demo import device as devices
from dlquiz.demo.control import Progress, Reporter
from dlquiz.gui.demo_panels import DemoPanel, DropoutPanel, GradientPanel
from dlquiz.gui.demo_sequence_panels import AttentionPanel, TimingPanel
from dlquiz.gui.demo_worker import DemoWorker, Job, start_in_thread
from dlquiz.gui.file_dialogs import choose_path

PROGRESS_STEPS = 1000


def find_devices(_reporter: Reporter) -> list[devices.DeviceInfo]:
    """Import torch and describe every device it can use (runs in a worker thread)."""
    return [devices.describe_device(kind) for kind in devices.available_devices()]


class DemoTab(QWidget):
    """Four live demos with a device choice, Run and Cancel, and a progress bar."""

    ready = Signal()  # torch is loaded and the devices are listed
    run_finished = Signal(str)  # "succeeded", "failed" or "cancelled"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.available = devices.torch_available()
        self.worker: DemoWorker | None = None
        self.worker_thread: QThread | None = None  # kept until the next run replaces it
        self.device_infos: dict[str, devices.DeviceInfo] = {}
        self.running_panel: DemoPanel | None = None
        # Each demo's own last status: another demo's "Done in…" must not show under this one.
        self._status_of: dict[str, str] = {}
        self._busy = False
        self._outcome = ""
        self._probe_started = False
        self._started_at = 0.0
        layout = QVBoxLayout(self)
        if not self.available:
            self._build_install_message(layout)
            return
        self._build(layout)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- layout -------------------------------------------------------------
    def _build_install_message(self, layout: QVBoxLayout) -> None:
        steps = "".join(
            f"<p>{escape(sentence, quote=False)}</p><pre>{escape(command, quote=False)}</pre>"
            for sentence, command in TORCH_INSTALL_STEPS
        )
        self.message = QLabel(
            f"<h3>{escape(TORCH_NEEDED)}</h3>{steps}<p>{escape(TORCH_RESTART)}</p>"
        )
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("PyTorch is not installed")
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _build(self, layout: QVBoxLayout) -> None:
        layout.addLayout(self._device_row())
        self.gradient_panel = GradientPanel()
        self.dropout_panel = DropoutPanel()
        self.attention_panel = AttentionPanel()
        self.timing_panel = TimingPanel()
        self.panels = QTabWidget()
        self.panels.setAccessibleName("Demos")
        for panel in (
            self.gradient_panel,
            self.dropout_panel,
            self.attention_panel,
            self.timing_panel,
        ):
            self.panels.addTab(panel, panel.title)
        self.panels.currentChanged.connect(lambda _index: self._panel_shown())
        layout.addWidget(self.panels, 1)
        layout.addWidget(self._error_box())
        layout.addLayout(self._run_row())

    def _device_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.device_box = QComboBox()
        self.device_box.setAccessibleName("Device")
        self.device_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.device_box.setEnabled(False)
        self.device_box.currentIndexChanged.connect(self._show_device)
        self.device_label = QLabel("Looking for PyTorch and devices…")
        self.device_label.setAccessibleName("Device details")
        device_caption = QLabel("De&vice:")
        device_caption.setBuddy(self.device_box)
        top.addWidget(device_caption)
        top.addWidget(self.device_box)
        top.addWidget(self.device_label, 1)
        return top

    def _error_box(self) -> QFrame:
        self.error_frame = QFrame()
        self.error_frame.setObjectName("feedback")
        errors = QHBoxLayout(self.error_frame)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Demo error")
        self.cpu_button = QPushButton("Run on &CPU")
        self.cpu_button.setAccessibleName("Run the demo again on the CPU")
        self.cpu_button.clicked.connect(self.run_on_cpu)
        errors.addWidget(self.error_label, 1)
        errors.addWidget(self.cpu_button)
        self.error_frame.hide()
        return self.error_frame

    def _run_row(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.run_button = QPushButton("&Run")
        self.run_button.setAccessibleName("Run the shown demo")
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.run_demo)
        self.cancel_button = QPushButton("Cance&l")
        self.cancel_button.setAccessibleName("Cancel the running demo")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button = QPushButton("Save all as P&NG…")
        self.save_button.setAccessibleName("Save the shown demo's charts as PNG files")
        self.save_button.clicked.connect(self.ask_and_save)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, PROGRESS_STEPS)
        self.progress_bar.setValue(0)
        self.progress_bar.setAccessibleName("Demo progress")
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Demo status")
        self.status_label.setMinimumWidth(180)
        for widget in (self.run_button, self.cancel_button, self.save_button):
            bottom.addWidget(widget)
        bottom.addWidget(self.progress_bar, 1)
        bottom.addWidget(self.status_label)
        return bottom

    # -- torch is loaded the first time the tab is shown ---------------------
    def _panel_shown(self) -> None:
        panel = self.current_panel()
        if self._busy and panel is self.running_panel:
            return  # its "Running…" stays
        if self._busy and self.running_panel is not None:
            self.status_label.setText(f"{self.running_panel.title} is running…")
        else:
            self.status_label.setText(self._status_of.get(panel.title, ""))

    def focus_input(self) -> None:
        """The focus rule: Run when a demo can run, else the panels' chooser."""
        run = getattr(self, "run_button", None)
        if run is not None and run.isEnabled():
            run.setFocus()
        else:
            self.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.available and not self._probe_started:
            self._probe_started = True
            self._launch(find_devices, device="cpu", panel=None)

    def _devices_found(self, infos: list[devices.DeviceInfo]) -> None:
        self.device_infos = {info.kind: info for info in infos}
        self.device_box.blockSignals(True)
        self.device_box.clear()
        for info in infos:
            self.device_box.addItem(info.kind.upper(), info.kind)
        preferred = next((k for k in ("cuda", "mps") if k in self.device_infos), "cpu")
        self.device_box.setCurrentIndex(self.device_box.findData(preferred))
        self.device_box.blockSignals(False)
        self._show_device()

    @Slot()
    def _show_device(self) -> None:
        info = self.device_infos.get(self.selected_device())
        if info is not None:
            self.device_label.setText(info.label())

    def selected_device(self) -> str:
        """The device kind chosen in the selector ("cpu" until devices are known)."""
        return str(self.device_box.currentData() or "cpu")

    # -- running ------------------------------------------------------------
    def current_panel(self) -> DemoPanel:
        """The demo panel the learner is looking at."""
        panel = self.panels.currentWidget()
        assert isinstance(panel, DemoPanel)
        return panel

    @Slot()
    def run_demo(self) -> None:
        """Run the shown demo on the selected device, unless one is already running."""
        if not self.device_infos or self.is_running():
            return
        panel = self.current_panel()
        job = panel.make_job(self.selected_device())
        if job is None:
            return  # the panel says what is wrong with its input
        self.error_frame.hide()
        panel.reset_for_run()
        self._launch(job, device=self.selected_device(), panel=panel)

    @Slot()
    def run_on_cpu(self) -> None:
        """Switch the selector to the CPU and run the shown demo again."""
        self.device_box.setCurrentIndex(self.device_box.findData("cpu"))
        self.run_demo()

    @Slot()
    def cancel(self) -> None:
        """Ask the running demo to stop at its next step."""
        if self.worker is not None and self.is_running():
            self.worker.cancel()
            self.status_label.setText("Stopping…")

    def is_running(self) -> bool:
        """Whether a demo (or the first look for torch and devices) is running."""
        return self._busy

    def _launch(self, job: Job, *, device: str, panel: DemoPanel | None) -> None:
        if self.worker_thread is not None:
            self.worker_thread.wait()  # its worker has finished, so this returns at once
        self._busy = True
        self._outcome = ""
        self.running_panel = panel
        self.worker = DemoWorker(job, device=device)
        self.worker.progress.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.worker.finished.connect(self._on_finished)
        self._set_running(True, probing=panel is None)
        self._started_at = time.monotonic()
        self.worker_thread = start_in_thread(self.worker)

    def _set_running(self, running: bool, *, probing: bool = False) -> None:
        self.run_button.setEnabled(not running and bool(self.device_infos))
        self.cancel_button.setEnabled(running and not probing)
        self.device_box.setEnabled(not running and bool(self.device_infos))
        if self.running_panel is not None:
            self.running_panel.set_running(running)
        if running:
            self.progress_bar.setValue(0)
            self.status_label.setText("Loading PyTorch…" if probing else "Running…")

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        self.progress_bar.setValue(round(progress.fraction * PROGRESS_STEPS))
        if self.running_panel is not None:
            self.status_label.setText(progress.stage.capitalize() + "…")
            self.running_panel.show_progress(progress.data)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        if self.running_panel is None:
            assert isinstance(result, list)
            self._devices_found(result)
            self.status_label.setText("Ready")
            return
        self.running_panel.show_result(result)
        self.progress_bar.setValue(PROGRESS_STEPS)
        seconds = time.monotonic() - self._started_at
        where = self.worker.device.upper() if self.worker else ""
        done = f"Done in {seconds:.1f} s on {where}"
        self._status_of[self.running_panel.title] = done
        if self.current_panel() is self.running_panel:
            self.status_label.setText(done)
        self._outcome = "succeeded"

    @Slot(str, bool)
    def _on_failed(self, message: str, gpu_failed: bool) -> None:
        if gpu_failed:
            message += "\nYou can continue on the CPU: it is slower but has room."
        self.error_label.setText(message)
        self.cpu_button.setVisible(gpu_failed)
        self.error_frame.show()
        self.status_label.setText("Failed")
        self._outcome = "failed"

    @Slot()
    def _on_cancelled(self) -> None:
        self.status_label.setText("Cancelled")
        self._outcome = "cancelled"

    @Slot()
    def _on_finished(self) -> None:
        was_demo = self.running_panel is not None
        self._busy = False
        self._set_running(False)
        self.running_panel = None
        if was_demo:
            self.run_finished.emit(self._outcome)
        elif self.device_infos:
            self.ready.emit()  # only now: Run works the moment this is emitted

    # -- saving and closing ---------------------------------------------------
    def save_charts(self, folder: str | Path) -> list[Path]:
        """Save the shown demo's charts as PNG files in ``folder``; return their paths."""
        saved = self.current_panel().save_plots(Path(folder))
        self.status_label.setText(f"Saved {len(saved)} chart(s) to {folder}")
        return saved

    @Slot()
    def ask_and_save(self) -> None:
        """Ask for a folder, then save the shown demo's charts there."""
        choose_path(self, title="Save charts to folder", folder=True, on_chosen=self.save_charts)

    @Slot()
    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel a running demo and wait for its thread; call before the window closes."""
        if self.worker is not None:
            self.worker.cancel()
        if self.worker_thread is not None:
            self.worker_thread.quit()
            self.worker_thread.wait(timeout_ms)
