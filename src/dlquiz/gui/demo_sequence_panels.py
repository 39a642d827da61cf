"""The two sequence demos: attention reversing digits, and serial RNN against parallel attention."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from dlquiz.core.problems import InputError
from dlquiz.demo.control import Reporter
from dlquiz.demo.inputs import parse_digits, parse_lengths
from dlquiz.gui.demo_panels import DemoPanel, spin_box
from dlquiz.gui.demo_worker import Job
from dlquiz.gui.plot_images import HeatmapPlot
from dlquiz.gui.plots import Axis, LinePlot, Series

DEFAULT_DIGITS = "31415926"
DEFAULT_LENGTHS = "64, 256, 1024, 4096"


def _problem_text(error: InputError) -> str:
    return "\n".join(f"Column {p.column}: {p.message}" for p in error.problems)


class AttentionPanel(DemoPanel):
    """Demo 3: one self-attention layer learns to reverse digits; its weights as heatmaps."""

    title = "Attention"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "One multi-head self-attention layer (the Transformer's building block, 2017) "
            "learns to reverse a sequence of digits. The first output digit is the last "
            "input digit, so each position must look far away; attention does that in one "
            "step. Type 3 to 16 digits; the model trains on random sequences of that length, "
            "then shows where each head looks for your digits.",
            parent,
        )
        self.digits_edit = QLineEdit(DEFAULT_DIGITS)
        self.digits_edit.setAccessibleName("Digits to reverse")
        self.digits_edit.setPlaceholderText("e.g. 31415926")
        self.digits_edit.setMaxLength(40)
        self.steps_box = spin_box(20, 3000, 150, name="Training steps", step=50)
        self.heads_box = QComboBox()
        for heads in (1, 2, 4, 8):
            self.heads_box.addItem(str(heads), heads)
        self.heads_box.setCurrentIndex(2)
        self.heads_box.setAccessibleName("Attention heads")
        self.add_control("Inp&ut digits:", self.digits_edit)
        self.add_control("Trainin&g steps:", self.steps_box)
        self.add_control("He&ads:", self.heads_box)
        self.controls.remove(self.digits_edit)  # typing stays possible: it only re-reads weights
        self.loss_plot = LinePlot("Training loss", x_axis=Axis("step"), y_axis=Axis("loss"))
        self.heatmap = HeatmapPlot("Attention weights per head")
        self.loss_plot.clear("Press Run")
        self.heatmap.clear("Press Run to train, then type digits")
        self.charts.addWidget(self.heatmap, 0, 0)
        self.charts.addWidget(self.loss_plot, 1, 0)
        self.charts.setRowStretch(0, 2)
        self.charts.setRowStretch(1, 1)
        self.model: Any = None  # the trained model (on the CPU), kept to re-read new inputs
        self.accuracy_text = ""
        self.digits_edit.textChanged.connect(self.look_again)

    def make_job(self, device: str) -> Job | None:
        try:
            digits = parse_digits(self.digits_edit.text())
        except InputError as error:
            self.show_problem(_problem_text(error))
            return None
        self.show_problem("")
        steps, heads = self.steps_box.value(), int(self.heads_box.currentData())

        def job(reporter: Reporter) -> object:
            from dlquiz.demo import attention

            settings = attention.AttentionSettings(length=len(digits), steps=steps, heads=heads)
            return attention.run_attention_demo(
                settings, device=device, probe=digits, reporter=reporter
            )

        return job

    def reset_for_run(self) -> None:
        self.summary_label.clear()
        self.loss_plot.clear("Training…")

    def show_progress(self, data: dict[str, Any]) -> None:
        if "losses" in data:
            losses = data["losses"]
            xs = [float(i) for i in range(1, len(losses) + 1)]
            self.loss_plot.set_series([Series("training loss", xs, losses)])

    def show_result(self, result: Any) -> None:
        self.show_progress({"losses": result.losses})
        self.model = result.model
        self.accuracy_text = (
            f"Held-out sequences of {result.settings.length} digits: {result.accuracy:.1%} of "
            f"digits and {result.sequence_accuracy:.1%} of whole sequences reversed correctly "
            f"(guessing gets 10% of digits)."
        )
        if result.view is not None:
            self._show_view(result.view)

    def _show_view(self, view: Any) -> None:
        self.heatmap.set_weights(view.digits, view.output, view.weights)
        typed = "".join(map(str, view.digits))
        answered = "".join(map(str, view.output))
        self.summary_label.setText(
            f"{self.accuracy_text}\n\nYou typed {typed}; the model wrote {answered}."
        )

    def look_again(self) -> None:
        """Show the trained model's attention for the digits now typed, if it can read them."""
        try:
            digits = parse_digits(self.digits_edit.text())
        except InputError as error:
            self.show_problem(_problem_text(error))
            return
        self.show_problem("")
        if self.model is None:
            return
        if len(digits) != self.model.length:
            self.summary_label.setText(
                f"{self.accuracy_text}\n\nThe model was trained on {self.model.length} digits; "
                f"press Run to train one for {len(digits)}."
            )
            return
        from dlquiz.demo.attention import attention_view  # torch is loaded: a model exists

        self._show_view(attention_view(self.model, digits))


class TimingPanel(DemoPanel):
    """Demo 4: an RNN walked token by token against one attention layer, timed."""

    title = "Serial vs parallel"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "A recurrent network reads one token after another: step t needs the result of "
            "step t-1, so a long sequence means a long chain of small steps. Self-attention "
            "handles all tokens in a few large matrix products, which a GPU runs in parallel. "
            "Median time of one pass, both axes logarithmic.\n\n"
            "Why attention can lose on a CPU: it compares every token with every other, so "
            "its work grows with the square of the length (n²), while the RNN's grows with n. "
            "A CPU has a few cores to spread that n² work over, so at a few thousand tokens "
            "attention may be the slower one. The chapter's claim is about parallel hardware: "
            "a GPU does the n² work at once, and there attention is far faster. Run on a GPU "
            "to see its figures beside the CPU's.",
            parent,
        )
        self.lengths_edit = QLineEdit(DEFAULT_LENGTHS)
        self.lengths_edit.setAccessibleName("Sequence lengths")
        self.repeats_box = spin_box(1, 9, 5, name="Repeats per length")
        self.add_control("Len&gths:", self.lengths_edit)
        self.add_control("Re&peats:", self.repeats_box)
        self.time_plot = LinePlot(
            "Time per pass",
            x_axis=Axis("sequence length (tokens)", log=True),
            y_axis=Axis("milliseconds", log=True),
        )
        self.time_plot.clear("Press Run")
        self.charts.addWidget(self.time_plot, 0, 0)
        self.device = "cpu"

    def make_job(self, device: str) -> Job | None:
        try:
            lengths = parse_lengths(self.lengths_edit.text())
        except InputError as error:
            self.show_problem(_problem_text(error))
            return None
        self.show_problem("")
        repeats = self.repeats_box.value()
        self.device = device

        def job(reporter: Reporter) -> object:
            from dlquiz.demo import timing

            # On a GPU the CPU is timed too, so both sets of figures are shown side by side.
            runs = [device] if device == "cpu" else [device, "cpu"]
            return {
                where: timing.time_serial_vs_parallel(
                    lengths, device=where, repeats=repeats, reporter=reporter
                )
                for where in runs
            }

        return job

    def reset_for_run(self) -> None:
        self.summary_label.clear()
        self.time_plot.clear("Timing…")

    def _draw(self, runs: dict[str, list[Any]]) -> None:
        series = []
        for where, points in runs.items():
            xs = [float(p.length) for p in points]
            # Alone on the CPU the names stay short; beside a GPU each says where it ran.
            tag = "" if list(runs) == ["cpu"] else f" ({where.upper()})"
            offset = 0 if where == "cpu" else 2
            series += [
                Series(
                    f"RNN, token by token{tag}",
                    xs,
                    [p.rnn_ms for p in points],
                    1 + offset,
                    markers=True,
                ),
                Series(
                    f"self-attention{tag}",
                    xs,
                    [p.attention_ms for p in points],
                    offset,
                    markers=True,
                ),
            ]
        self.time_plot.set_series(series)

    def show_progress(self, data: dict[str, Any]) -> None:
        if "points" in data:
            self._draw({self.device: data["points"]})

    def show_result(self, result: Any) -> None:
        runs: dict[str, list[Any]] = result if isinstance(result, dict) else {self.device: result}
        self._draw(runs)
        blocks = []
        for where, points in runs.items():
            rows = [
                f"{p.length:>5} tokens: RNN {p.rnn_ms:.2f} ms, attention {p.attention_ms:.2f} ms "
                f"(attention {p.rnn_ms / p.attention_ms:.1f}× the RNN's speed)"
                for p in points
            ]
            blocks.append(f"On {where.upper()}:\n" + "\n".join(rows))
        self.summary_label.setText("\n\n".join(blocks))
