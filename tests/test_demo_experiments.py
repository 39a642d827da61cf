"""The demos show what the chapter claims, computed for real on the CPU (tiny settings)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

pytest.importorskip("torch", reason="torch is an optional extra: pip install 'dlquiz[demo]'")

from dlquiz.demo.attention import AttentionSettings, attention_view, run_attention_demo
from dlquiz.demo.control import DemoCancelledError, Progress, Reporter
from dlquiz.demo.dropout import DropoutSettings, run_dropout_demo
from dlquiz.demo.gradients import GradientSettings, layer_gradient_norms, run_gradient_demo
from dlquiz.demo.timing import time_serial_vs_parallel

pytestmark = pytest.mark.demo


def norms(**options: Any) -> list[float]:
    return layer_gradient_norms(GradientSettings(**options))


def test_sigmoid_gradient_vanishes_at_depth_20_and_relu_keeps_it() -> None:
    sigmoid = norms(depth=20, activation="sigmoid")
    relu = norms(depth=20, activation="relu")
    assert len(sigmoid) == len(relu) == 20
    assert relu[0] / sigmoid[0] >= 100  # orders of magnitude, first layer against first layer
    assert sigmoid[0] / sigmoid[-1] < 1e-6  # sigmoid: the first layer hears almost nothing
    assert relu[0] / relu[-1] > 1e-2  # ReLU with Kaiming init: same order as the last layer


def test_skip_connections_and_batch_norm_carry_the_gradient_through_sigmoid() -> None:
    plain = norms(depth=20, activation="sigmoid")
    skips = norms(depth=20, activation="sigmoid", skip=True)
    batch_norm = norms(depth=20, activation="sigmoid", batch_norm=True)
    assert skips[0] / plain[0] >= 1e3
    assert batch_norm[0] / plain[0] >= 1e3


def test_gradient_norms_are_reproducible_and_depth_is_checked() -> None:
    assert norms(depth=8, activation="relu") == norms(depth=8, activation="relu")
    with pytest.raises(ValueError, match="depth"):
        run_gradient_demo(GradientSettings(depth=51))


def test_relu_network_learns_the_spirals_and_reports_progress() -> None:
    seen: list[Progress] = []
    settings = GradientSettings(depth=6, activation="relu", steps=120, boundary_resolution=12)
    result = run_gradient_demo(settings, reporter=Reporter(seen.append))
    assert result.accuracy > 0.9
    assert result.losses[-1] < result.losses[0] / 3
    assert len(result.boundary) == 12 and all(len(row) == 12 for row in result.boundary)
    assert len(result.points) == 2 * settings.points_per_class
    assert "norms" in seen[0].data and "points" in seen[0].data
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("boundary" in p.data for p in seen)


def test_dropout_narrows_the_gap_between_training_and_validation_loss() -> None:
    result = run_dropout_demo(DropoutSettings(width=64, steps=200, record_every=20))
    # Without dropout the network memorises the noisy labels ...
    assert result.final("without", "train") < 0.05
    assert result.gap("without") > 0.8
    # ... with dropout the gap is much smaller, and validation loss is better.
    assert result.gap("with") < result.gap("without") / 2
    assert result.final("with", "val") < result.final("without", "val")
    assert result.recorded_steps[0] == 0 and result.recorded_steps[-1] == 200
    report = result.to_json()
    assert set(report["train_loss"]) == set(report["val_loss"]) == {"with", "without"}


def test_attention_learns_to_reverse_unseen_sequences() -> None:
    settings = AttentionSettings(length=6, steps=60, batch=64)
    result = run_attention_demo(settings, probe=[1, 2, 3, 4, 5, 6])
    assert result.accuracy > 0.8  # chance is 0.1
    assert result.view is not None
    assert result.view.output == [6, 5, 4, 3, 2, 1]
    heads, rows = len(result.view.weights), result.view.weights[0]
    assert heads == settings.heads and len(rows) == 6
    for row in rows:  # attention weights are a distribution over input positions
        assert sum(row) == pytest.approx(1.0, abs=1e-4)
    # Output position 0 must read input position 5: some head looks there most.
    assert any(max(range(6), key=head[0].__getitem__) == 5 for head in result.view.weights)
    again = attention_view(result.model, [9, 9, 0, 0, 1, 2])
    assert again.output == [2, 1, 0, 0, 9, 9]


def test_timings_are_positive_and_grow_with_length() -> None:
    points = time_serial_vs_parallel((16, 2048), repeats=3)
    assert [p.length for p in points] == [16, 2048]
    assert all(p.rnn_ms > 0 and p.attention_ms > 0 for p in points)
    short, long = points
    assert long.rnn_ms > short.rnn_ms  # 128 times as many serial steps
    assert long.attention_ms > short.attention_ms
    assert set(short.to_json()) == {"length", "rnn_ms", "attention_ms"}


def test_a_set_cancel_event_stops_a_long_run_at_its_next_step() -> None:
    cancel = threading.Event()
    steps: list[float] = []

    def on_progress(progress: Progress) -> None:
        steps.append(progress.fraction)
        if len(steps) == 3:
            cancel.set()

    with pytest.raises(DemoCancelledError):
        run_gradient_demo(
            GradientSettings(depth=4, steps=100_000), reporter=Reporter(on_progress, cancel)
        )
    assert len(steps) == 3
