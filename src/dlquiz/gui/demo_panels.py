"""The controls and charts of each demo; the Demo tab runs whichever panel is shown.

A panel turns its controls into a job (a function of a reporter, run in a
worker thread), draws the progress the worker sends back, and draws the
result.  Panels never import torch: the job imports the demo module when it
starts, in the worker thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dlquiz.demo.control import Reporter
from dlquiz.gui.demo_worker import Job
from dlquiz.gui.plot_images import BoundaryPlot
from dlquiz.gui.plots import Axis, BarPlot, LinePlot, Plot, Series


def spin_box(low: int, high: int, value: int, *, name: str, step: int = 1) -> QSpinBox:
    """An integer spin box with an accessible name."""
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    box.setAccessibleName(name)
    return box


class DemoPanel(QWidget):
    """Controls on the left, charts on the right, a short explanation above them."""

    title = ""

    def __init__(self, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.controls: list[QWidget] = []
        self.problem_label = QLabel()
        self.problem_label.setObjectName("hint")
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName("Input problem")
        self.problem_label.hide()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setAccessibleName(f"{self.title} result")
        intro = QLabel(explanation)
        intro.setWordWrap(True)
        left = QVBoxLayout()
        left.addLayout(self.form)
        left.addWidget(self.problem_label)
        left.addWidget(self.summary_label)
        left.addStretch(1)
        side = QWidget()
        side.setLayout(left)
        side.setMinimumWidth(250)
        side.setMaximumWidth(330)
        self.charts = QGridLayout()
        body = QHBoxLayout()
        body.addWidget(side)
        body.addLayout(self.charts, 1)
        outer = QVBoxLayout(self)
        outer.addWidget(intro)
        outer.addLayout(body, 1)

    def add_control(self, label: str, widget: QWidget) -> None:
        """Add a labelled control that is locked while a demo runs."""
        self.form.addRow(label, widget)
        self.controls.append(widget)

    def set_running(self, running: bool) -> None:
        """Lock the controls while this panel's demo runs."""
        for widget in self.controls:
            widget.setEnabled(not running)

    def show_problem(self, text: str) -> None:
        """Say why the typed input cannot be used; empty text hides the message."""
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def plots(self) -> list[Plot]:
        """The charts of this panel, for saving."""
        return list(self.findChildren(Plot))

    def save_plots(self, folder: Path) -> list[Path]:
        """Save every chart as ``<panel>-<chart>.png`` in ``folder``; return the paths."""
        saved = []
        for plot in self.plots():
            name = f"{self.title}-{plot.title}".lower()
            stem = "".join(c if c.isalnum() else "-" for c in name).strip("-")
            path = folder / f"{stem}.png"
            if plot.save_png(path):
                saved.append(path)
        return saved

    # Subclasses fill these in.
    def make_job(self, device: str) -> Job | None:
        """The demo bound to the current settings, or None (with a problem shown) if invalid."""
        raise NotImplementedError

    def reset_for_run(self) -> None:
        """Prepare the charts for a new run."""

    def show_progress(self, data: dict[str, Any]) -> None:
        """Draw partial results sent by the worker."""

    def show_result(self, result: Any) -> None:
        """Draw the finished result."""


class GradientPanel(DemoPanel):
    """Demo 1: gradient size per layer, and a short training run on two spirals."""

    title = "Vanishing gradients"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Backpropagation multiplies one factor per layer. A sigmoid's slope is at most "
            "1/4, so in a deep sigmoid network the error signal shrinks layer by layer and "
            "the first layers hardly learn. ReLU, batch normalisation and skip connections "
            "(ResNet, 2015) keep it alive. Bars: gradient size of each layer's weights after "
            "one backward pass (log scale; the previous run is shown hollow).",
            parent,
        )
        self.depth_box = spin_box(2, 50, 20, name="Network depth (layers)")
        self.activation_box = QComboBox()
        self.activation_box.addItem("sigmoid", "sigmoid")
        self.activation_box.addItem("ReLU", "relu")
        self.activation_box.setAccessibleName("Activation function")
        self.batch_norm_box = QCheckBox("Batch normalisation")
        self.batch_norm_box.setAccessibleName("Use batch normalisation")
        self.skip_box = QCheckBox("Skip connections")
        self.skip_box.setAccessibleName("Use skip connections")
        self.steps_box = spin_box(10, 5000, 200, name="Training steps", step=50)
        self.add_control("De&pth:", self.depth_box)
        self.add_control("&Activation:", self.activation_box)
        self.add_control("", self.batch_norm_box)
        self.add_control("", self.skip_box)
        self.add_control("Trainin&g steps:", self.steps_box)
        self.norm_plot = BarPlot(
            "Gradient norm per layer",
            x_axis=Axis("layer (1 = first)"),
            y_axis=Axis("norm", log=True),
        )
        self.loss_plot = LinePlot(
            "Training loss on two spirals", x_axis=Axis("step"), y_axis=Axis("loss")
        )
        self.boundary_plot = BoundaryPlot("Decision boundary")
        self.charts.addWidget(self.norm_plot, 0, 0, 1, 2)
        self.charts.addWidget(self.loss_plot, 1, 0)
        self.charts.addWidget(self.boundary_plot, 1, 1)
        for plot in (self.norm_plot, self.loss_plot, self.boundary_plot):
            plot.clear("Press Run")
        self._label = ""
        self._norms: list[float] = []
        self._losses: list[float] = []
        self._previous: tuple[str, list[float], list[float]] | None = None

    def settings_label(self) -> str:
        """The current settings in a few words, for chart legends."""
        parts = [self.activation_box.currentText(), f"depth {self.depth_box.value()}"]
        if self.batch_norm_box.isChecked():
            parts.append("BN")
        if self.skip_box.isChecked():
            parts.append("skips")
        return ", ".join(parts)

    def make_job(self, device: str) -> Job:
        depth, steps = self.depth_box.value(), self.steps_box.value()
        activation = str(self.activation_box.currentData())
        batch_norm, skip = self.batch_norm_box.isChecked(), self.skip_box.isChecked()

        def job(reporter: Reporter) -> object:
            from dlquiz.demo import gradients

            settings = gradients.GradientSettings(
                depth=depth, activation=activation, batch_norm=batch_norm, skip=skip, steps=steps
            )
            return gradients.run_gradient_demo(settings, device=device, reporter=reporter)

        return job

    def reset_for_run(self) -> None:
        if self._norms and self._losses:
            self._previous = (self._label, self._norms, self._losses)
        self._label, self._norms, self._losses = self.settings_label(), [], []
        self.summary_label.clear()

    def _redraw(self) -> None:
        bars, lines = [], []
        if self._previous is not None:
            label, norms, losses = self._previous
            bars.append(Series(f"before: {label}", _counting(norms), norms, colour=1, dashed=True))
            lines.append(
                Series(f"before: {label}", _counting(losses), losses, colour=1, dashed=True)
            )
        if self._norms:
            bars.append(Series(self._label, _counting(self._norms), self._norms))
        if self._losses:
            lines.append(Series(self._label, _counting(self._losses), self._losses))
        self.norm_plot.set_series(bars)
        self.loss_plot.set_series(lines)

    def show_progress(self, data: dict[str, Any]) -> None:
        self._norms = data.get("norms", self._norms)
        self._losses = data.get("losses", self._losses)
        if "boundary" in data or "points" in data:
            self.boundary_plot.set_boundary(
                data.get("boundary", self.boundary_plot.grid), data.get("points")
            )
        self._redraw()

    def show_result(self, result: Any) -> None:
        self._norms, self._losses = result.norms, result.losses
        self.boundary_plot.set_boundary(result.boundary, result.points)
        self._redraw()
        first, last = result.norms[0], result.norms[-1]
        if first == 0:
            signal = (
                "The first layer's gradient is exactly zero: it underflowed float32, "
                "so the first layer cannot learn at all."
            )
        elif last >= first:
            signal = f"Layer 1's gradient is {last / first:.2g} times smaller than the last's."
        else:
            signal = f"Layer 1's gradient is {first / last:.2g} times larger than the last's."
        self.summary_label.setText(
            f"First layer's gradient: {first:.2g}; last layer's: {last:.2g}.\n{signal}\n"
            f"Training accuracy after {len(result.losses)} steps: {result.accuracy:.0%}."
        )


def _counting(values: list[float]) -> list[float]:
    """x positions 1, 2, 3 ... for a list of values (layer numbers or step numbers)."""
    return [float(i) for i in range(1, len(values) + 1)]


class DropoutPanel(DemoPanel):
    """Demo 2: the same wide network with and without dropout on few noisy examples."""

    title = "Dropout"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "80 training examples with 15% wrong labels, and a network with about 130,000 weights: "
            "without dropout it memorises every example, mistakes included, and its "
            "validation loss climbs (overfitting). Dropout switches random units off in "
            "each step, so no unit can rely on another; the gap between training and "
            "validation loss stays much smaller. Solid: training; dashed: validation.",
            parent,
        )
        self.rate_box = QDoubleSpinBox()
        self.rate_box.setRange(0.05, 0.9)
        self.rate_box.setSingleStep(0.05)
        self.rate_box.setValue(0.5)
        self.rate_box.setAccessibleName("Dropout rate")
        self.steps_box = spin_box(20, 5000, 300, name="Training steps", step=50)
        self.add_control("Dropout r&ate:", self.rate_box)
        self.add_control("Trainin&g steps:", self.steps_box)
        self.loss_plot = LinePlot(
            "Training and validation loss", x_axis=Axis("step"), y_axis=Axis("loss")
        )
        self.loss_plot.clear("Press Run")
        self.charts.addWidget(self.loss_plot, 0, 0)

    def make_job(self, device: str) -> Job:
        rate, steps = round(self.rate_box.value(), 2), self.steps_box.value()

        def job(reporter: Reporter) -> object:
            from dlquiz.demo import dropout

            settings = dropout.DropoutSettings(rate=rate, steps=steps)
            return dropout.run_dropout_demo(settings, device=device, reporter=reporter)

        return job

    def reset_for_run(self) -> None:
        self.summary_label.clear()
        self.loss_plot.clear("Training…")

    def _draw(self, steps: list[int], curves: dict[str, dict[str, list[float]]]) -> None:
        xs = [float(s) for s in steps]
        rate = round(self.rate_box.value(), 2)
        names = {"without": "no dropout", "with": f"dropout {rate:g}"}
        series = []
        for colour, variant in ((1, "without"), (0, "with")):
            for split, dashed in (("train", False), ("val", True)):
                label = f"{'training' if split == 'train' else 'validation'}, {names[variant]}"
                ys = curves[variant][split]
                series.append(Series(label, xs[: len(ys)], ys, colour=colour, dashed=dashed))
        self.loss_plot.set_series(series)

    def show_progress(self, data: dict[str, Any]) -> None:
        if "curves" in data:
            self._draw(data["steps"], data["curves"])

    def show_result(self, result: Any) -> None:
        self._draw(result.recorded_steps, result.curves)
        lines = []
        for variant, name in (("without", "Without dropout"), ("with", "With dropout")):
            lines.append(
                f"{name}: training loss {result.final(variant, 'train'):.3f}, validation "
                f"loss {result.final(variant, 'val'):.3f} (gap {result.gap(variant):.3f}); "
                f"validation accuracy {result.val_accuracy[variant]:.0%}."
            )
        self.summary_label.setText("\n".join(lines))
