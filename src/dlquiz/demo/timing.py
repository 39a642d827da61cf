"""Demo 4: serial against parallel, an RNN walked token by token against one attention layer.

An RNN must finish token t before it can start token t+1, so its time grows
with the number of Python-level steps however wide the hardware is.  Attention
handles every token in one batch of matrix products, which a GPU runs at once.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import partial

from dlquiz.demo._torch import torch
from dlquiz.demo.control import SILENT, Reporter
from dlquiz.demo.device import synchronize
from dlquiz.demo.models import SerialRNN

DEFAULT_LENGTHS = (64, 256, 1024)


@dataclass(frozen=True, slots=True)
class TimingPoint:
    """Median wall-clock time, in milliseconds, of one pass over ``length`` tokens."""

    length: int
    rnn_ms: float
    attention_ms: float

    def to_json(self) -> dict[str, float]:
        """``{"length", "rnn_ms", "attention_ms"}``."""
        return asdict(self)


def median_ms(run: Callable[[], object], *, device: str, repeats: int) -> float:
    """Median time of ``run()`` in milliseconds, after one untimed warm-up call.

    On a GPU, work is queued and returns at once; synchronising before the
    clock stops makes the timer measure the work itself.
    """
    run()
    synchronize(device)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        synchronize(device)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def time_serial_vs_parallel(
    lengths: Sequence[int] = DEFAULT_LENGTHS,
    *,
    device: str = "cpu",
    width: int = 64,
    heads: int = 4,
    repeats: int = 3,
    seed: int = 0,
    reporter: Reporter = SILENT,
) -> list[TimingPoint]:
    """Time an RNN cell loop and a self-attention layer over each sequence length.

    Both see the same random sequence (batch of one, ``width`` features per
    token) and run without gradients.  Progress data carries ``points`` so far.
    """
    if not lengths or any(length < 1 for length in lengths):
        raise ValueError("sequence lengths must be positive")
    torch.manual_seed(seed)
    rnn = SerialRNN(width).to(device).eval()
    attention = torch.nn.MultiheadAttention(width, heads, batch_first=True).to(device).eval()
    points: list[TimingPoint] = []
    with torch.inference_mode():
        for index, length in enumerate(lengths):
            reporter.check()
            sequence = torch.randn(1, length, width, device=device)
            run_rnn = partial(rnn, sequence)
            run_attention = partial(attention, sequence, sequence, sequence, need_weights=False)
            rnn_ms = median_ms(run_rnn, device=device, repeats=repeats)
            reporter.check()
            attention_ms = median_ms(run_attention, device=device, repeats=repeats)
            points.append(TimingPoint(length, rnn_ms, attention_ms))
            reporter.step((index + 1) / len(lengths), "timing", points=list(points))
    return points
