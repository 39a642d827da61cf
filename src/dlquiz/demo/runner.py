"""Run every demo with small defaults and collect one JSON-ready dict.

Used by ``dlquiz demo --json`` and the benchmark; the defaults finish in
about ten seconds on a two-core laptop CPU.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dlquiz.demo.attention import AttentionSettings, run_attention_demo
from dlquiz.demo.control import SILENT, Reporter
from dlquiz.demo.device import describe_device
from dlquiz.demo.dropout import DropoutSettings, run_dropout_demo
from dlquiz.demo.gradients import GradientSettings, run_gradient_demo
from dlquiz.demo.timing import DEFAULT_LENGTHS, time_serial_vs_parallel

EXAMPLE_DIGITS = [3, 1, 4, 1, 5, 9, 2, 6]


def ratio(top: float, bottom: float) -> float | None:
    """``top / bottom``, or None when ``bottom`` is zero (a gradient that underflowed).

    JSON has no infinity, and at depth 50 a sigmoid network's first-layer
    gradient really is 0.0 in float32.
    """
    return top / bottom if bottom != 0 else None


def gradient_summary(
    *, depth: int, device: str, reporter: Reporter = SILENT, steps: int = 150
) -> dict[str, Any]:
    """Sigmoid against ReLU at ``depth``: per-layer gradient norms and a short training run."""
    results = {}
    for index, activation in enumerate(("sigmoid", "relu")):
        settings = GradientSettings(depth=depth, activation=activation, steps=steps)
        part = reporter.part(index / 2, (index + 1) / 2)
        results[activation] = run_gradient_demo(settings, device=device, reporter=part)
    sigmoid, relu = results["sigmoid"], results["relu"]
    return {
        "depth": depth,
        "sigmoid": sigmoid.norms,
        "relu": relu.norms,
        "first_layer_ratio": ratio(relu.norms[0], sigmoid.norms[0]),
        "first_over_last": {a: ratio(r.norms[0], r.norms[-1]) for a, r in results.items()},
        "training": {
            a: {"steps": steps, "final_loss": r.losses[-1], "accuracy": r.accuracy}
            for a, r in results.items()
        },
    }


def run_all(
    *,
    device: str,
    lengths: Sequence[int] = DEFAULT_LENGTHS,
    depth: int = 20,
    reporter: Reporter = SILENT,
) -> dict[str, Any]:
    """Run the four demos on ``device`` and return their figures.

    Keys: ``device``, ``device_kind``, ``torch_version``, ``gradients``,
    ``dropout``, ``attention`` and ``serial_vs_parallel`` (a list of
    ``{"length", "rnn_ms", "attention_ms"}``).
    """
    info = describe_device(device)
    gradients = gradient_summary(depth=depth, device=device, reporter=reporter.part(0.0, 0.4))
    dropout = run_dropout_demo(DropoutSettings(), device=device, reporter=reporter.part(0.4, 0.7))
    attention_settings = replace(AttentionSettings(), length=len(EXAMPLE_DIGITS))
    attention = run_attention_demo(
        attention_settings,
        device=device,
        probe=EXAMPLE_DIGITS,
        reporter=reporter.part(0.7, 0.9),
    )
    timings = time_serial_vs_parallel(lengths, device=device, reporter=reporter.part(0.9, 1.0))
    return {
        "device": info.name,
        "device_kind": info.kind,
        "device_memory_bytes": info.memory_bytes,
        "torch_version": info.torch_version,
        "gradients": gradients,
        "dropout": dropout.to_json(),
        "attention": attention.to_json(),
        "serial_vs_parallel": [point.to_json() for point in timings],
    }
