"""The Demo tab, offscreen: opens, runs, cancels, saves charts, and handles a GPU failure."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch", reason="torch is an optional extra: pip install 'dlquiz[demo]'")

from PySide6.QtGui import QColor, QImage, QPalette

from dlquiz.demo import device as devices
from dlquiz.demo import gradients
from dlquiz.demo._torch import torch
from dlquiz.demo.control import Progress, Reporter
from dlquiz.gui.demo_tab import DemoTab
from dlquiz.gui.demo_worker import DemoWorker, start_in_thread
from dlquiz.gui.plots import Axis, LinePlot, Series

pytestmark = pytest.mark.demo
RUN_TIMEOUT_MS = 60_000


@pytest.fixture
def tab(qtbot: Any) -> Iterator[DemoTab]:
    widget = DemoTab()
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    with qtbot.waitSignal(widget.ready, timeout=RUN_TIMEOUT_MS):
        widget.show()  # the first show loads torch in a worker thread
    yield widget
    widget.shutdown()


def tiny_gradient_settings(tab: DemoTab) -> None:
    panel = tab.gradient_panel
    panel.depth_box.setValue(6)
    panel.steps_box.setValue(20)


def run_and_wait(qtbot: Any, tab: DemoTab) -> str:
    with qtbot.waitSignal(tab.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        tab.run_button.click()
    return str(blocker.args[0])


def test_the_tab_opens_on_the_cpu_with_labelled_controls(tab: DemoTab) -> None:
    assert tab.available
    assert tab.selected_device() == "cpu"
    assert tab.device_box.findData("cpu") >= 0
    assert "torch" in tab.device_label.text() and tab.device_label.text().startswith("CPU")
    assert tab.run_button.isEnabled() and not tab.cancel_button.isEnabled()
    assert [tab.panels.tabText(i) for i in range(tab.panels.count())] == [
        "Vanishing gradients",
        "Dropout",
        "Attention",
        "Serial vs parallel",
    ]
    panel = tab.gradient_panel
    assert (panel.depth_box.minimum(), panel.depth_box.maximum()) == (2, 50)
    for control in (
        tab.device_box,
        tab.run_button,
        tab.cancel_button,
        tab.progress_bar,
        panel.depth_box,
        panel.activation_box,
        panel.batch_norm_box,
        panel.skip_box,
        tab.dropout_panel.rate_box,
        tab.attention_panel.digits_edit,
        tab.timing_panel.lengths_edit,
    ):
        assert control.accessibleName(), control


def test_a_gradient_run_completes_draws_and_saves_its_charts(
    qtbot: Any, tab: DemoTab, tmp_path: Path
) -> None:
    tiny_gradient_settings(tab)
    assert run_and_wait(qtbot, tab) == "succeeded"
    panel = tab.gradient_panel
    assert tab.progress_bar.value() == tab.progress_bar.maximum()
    assert [len(s.ys) for s in panel.norm_plot.series] == [6]
    assert [len(s.ys) for s in panel.loss_plot.series] == [20]
    assert panel.boundary_plot.grid and panel.boundary_plot.points
    assert "First layer's gradient" in panel.summary_label.text()
    assert tab.run_button.isEnabled() and panel.depth_box.isEnabled()
    # A second run keeps the first as a comparison.
    panel.activation_box.setCurrentIndex(panel.activation_box.findData("relu"))
    assert run_and_wait(qtbot, tab) == "succeeded"
    assert [s.name for s in panel.norm_plot.series] == [
        "before: sigmoid, depth 6",
        "ReLU, depth 6",
    ]
    saved = tab.save_charts(tmp_path)
    assert len(saved) == 3
    for path in saved:
        image = QImage(str(path))
        assert not image.isNull() and image.width() > 100
    assert panel.norm_plot.save_png(tmp_path / "bars.png")
    assert QImage(str(tmp_path / "bars.png")).size() == panel.norm_plot.size()


def test_cancel_stops_a_long_run_promptly(qtbot: Any, tab: DemoTab) -> None:
    panel = tab.gradient_panel
    panel.depth_box.setValue(10)
    panel.steps_box.setValue(5000)
    tab.run_button.click()
    qtbot.waitUntil(lambda: bool(panel.loss_plot.series), timeout=RUN_TIMEOUT_MS)
    assert tab.cancel_button.isEnabled() and not panel.depth_box.isEnabled()
    started = time.monotonic()
    with qtbot.waitSignal(tab.run_finished, timeout=5_000) as blocker:
        tab.cancel_button.click()
    assert blocker.args == ["cancelled"]
    assert time.monotonic() - started < 3
    assert tab.status_label.text() == "Cancelled"
    assert tab.run_button.isEnabled() and panel.depth_box.isEnabled()


def test_the_worker_throttles_progress_and_always_finishes(qtbot: Any) -> None:
    ticks = iter(range(1_000_000))

    def clock() -> float:
        return next(ticks) * 0.01  # each call 10 ms later

    def job(reporter: Reporter) -> str:
        for step in range(100):
            reporter.step(step / 99, "counting", step=step)
        return "done"

    worker = DemoWorker(job, device="cpu", clock=clock)
    received: list[Progress] = []
    results: list[object] = []
    worker.progress.connect(received.append)
    worker.succeeded.connect(results.append)
    # Not waitSignal(worker.finished): that signal comes from the worker's thread, and
    # the blocker would stop its GUI-thread timer from there ("killTimer ... from
    # another thread").  The thread's own state is safe to poll from here.
    thread = start_in_thread(worker)
    qtbot.waitUntil(thread.isFinished, timeout=RUN_TIMEOUT_MS)
    assert results == ["done"]
    # 100 reports over 1 s of fake time, at most one every 50 ms, plus the final flush.
    assert 10 <= len(received) <= 25
    assert received[-1].fraction == 1.0 and received[-1].data == {"step": 99}


def test_a_gpu_out_of_memory_is_reported_and_the_cpu_is_offered(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only what cannot run here is faked: a CUDA device that runs out of memory.
    fake_gpu = devices.DeviceInfo("cuda", "Pretend GPU", 8 * 2**30, str(torch.__version__))
    real_describe, real_run = devices.describe_device, gradients.run_gradient_demo
    monkeypatch.setattr(devices, "available_devices", lambda: ["cpu", "cuda"])
    monkeypatch.setattr(
        devices, "describe_device", lambda kind: fake_gpu if kind == "cuda" else real_describe(kind)
    )
    calls: list[str] = []

    def run_or_run_out(settings: Any, *, device: str, reporter: Reporter) -> Any:
        calls.append(device)
        if device == "cuda":
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real_run(settings, device=device, reporter=reporter)

    monkeypatch.setattr(gradients, "run_gradient_demo", run_or_run_out)
    widget = DemoTab()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.ready, timeout=RUN_TIMEOUT_MS):
        widget.show()
    assert widget.selected_device() == "cuda"  # a GPU is preferred when there is one
    assert "Pretend GPU (8.0 GiB)" in widget.device_label.text()
    tiny_gradient_settings(widget)
    assert run_and_wait(qtbot, widget) == "failed"
    assert widget.error_frame.isVisible()
    assert "out of memory" in widget.error_label.text()
    assert "continue on the CPU" in widget.error_label.text()
    assert widget.cpu_button.isVisible()
    with qtbot.waitSignal(widget.run_finished, timeout=RUN_TIMEOUT_MS) as blocker:
        widget.cpu_button.click()
    assert blocker.args == ["succeeded"]
    assert calls == ["cuda", "cpu"]
    assert widget.selected_device() == "cpu"
    assert not widget.error_frame.isVisible()
    assert widget.gradient_panel.norm_plot.series
    widget.shutdown()


def test_a_bug_in_a_demo_is_shown_without_offering_the_cpu(
    qtbot: Any, tab: DemoTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise ValueError("depth must be between 2 and 50")

    monkeypatch.setattr(gradients, "run_gradient_demo", broken)
    assert run_and_wait(qtbot, tab) == "failed"
    assert "ValueError: depth must be between 2 and 50" in tab.error_label.text()
    assert tab.cpu_button.isHidden()


def test_attention_checks_the_digits_then_shows_heads_for_new_input(
    qtbot: Any, tab: DemoTab
) -> None:
    tab.panels.setCurrentWidget(tab.attention_panel)
    panel = tab.attention_panel
    panel.digits_edit.setText("12a45")
    tab.run_button.click()
    assert not tab.is_running()  # refused before anything started
    assert "Column 3" in panel.problem_label.text() and "not a digit" in panel.problem_label.text()
    panel.digits_edit.setText("123456")
    assert panel.problem_label.isHidden()
    panel.steps_box.setValue(60)
    panel.heads_box.setCurrentIndex(panel.heads_box.findData(2))
    assert run_and_wait(qtbot, tab) == "succeeded"
    assert panel.heatmap.output == [6, 5, 4, 3, 2, 1]
    assert len(panel.heatmap.weights) == 2
    assert "reversed correctly" in panel.summary_label.text()
    panel.digits_edit.setText("908172")  # same length: read again at once, no training
    assert panel.heatmap.digits == [9, 0, 8, 1, 7, 2]
    assert panel.heatmap.output == [2, 7, 1, 8, 0, 9]
    panel.digits_edit.setText("9081")
    assert "press Run to train one for 4" in panel.summary_label.text()


def test_timing_run_plots_both_lines(qtbot: Any, tab: DemoTab) -> None:
    tab.panels.setCurrentWidget(tab.timing_panel)
    panel = tab.timing_panel
    panel.lengths_edit.setText("16, x")
    tab.run_button.click()
    assert "'x' is not a whole number" in panel.problem_label.text()
    panel.lengths_edit.setText("16, 128")
    panel.repeats_box.setValue(1)
    assert run_and_wait(qtbot, tab) == "succeeded"
    assert [s.name for s in panel.time_plot.series] == ["RNN, token by token", "self-attention"]
    assert all(s.xs == [16.0, 128.0] for s in panel.time_plot.series)
    assert "On CPU" in panel.summary_label.text()


@pytest.mark.parametrize("base", ["#ffffff", "#2b2c30"])
def test_charts_paint_with_the_palette_colours(qtbot: Any, base: str) -> None:
    plot = LinePlot("Loss", x_axis=Axis("step"), y_axis=Axis("loss", log=True))
    palette = plot.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Window, QColor(base))
    plot.setPalette(palette)
    qtbot.addWidget(plot)
    plot.resize(300, 200)
    plot.set_series([Series("a", [1.0, 2.0, 3.0], [1e-3, 1e-2, 1.0])])
    image = plot.grab().toImage()
    assert image.pixelColor(2, 2) == QColor(base)  # background from the palette
