"""Time the demo workloads on CUDA against the CPU in one run and print the speed-ups as JSON.

    python benchmarks/demo_gpu.py [--lengths 64,256,1024,4096] [--repeats 5] [--steps 30]

Measures (median milliseconds, GPU work synchronised before the clock stops):

* serial vs parallel: one pass of an RNN cell walked token by token, and one
  pass of a self-attention layer, per sequence length;
* one training step (forward, backward, Adam) of the demo networks and of
  a wider network, where a GPU has enough work to pay off.

Without CUDA it prints the CPU figures, says CUDA is unavailable, and exits 0.
Without torch it says how to install it and exits 0 (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

TRAINING_CASES = {
    # name: (what it is, builder); builders return (model, inputs, targets, loss_fn)
    "mlp_depth20_width32_batch256": "the vanishing-gradient demo's network",
    "mlp_depth8_width1024_batch512": "a wider network with enough work for a GPU",
    "attention_len8_batch128": "the attention demo's model",
    "attention_len256_width256_batch32": "a longer, wider attention layer",
}


def training_case(name: str, device: str) -> tuple[Any, Any, Any, Callable[..., Any]]:
    """Model, a batch, targets and a loss for one named case, on ``device``."""
    from dlquiz.demo._torch import torch
    from dlquiz.demo.models import DeepMLP, ReversalAttention

    torch.manual_seed(0)
    cross_entropy = torch.nn.functional.cross_entropy
    if name.startswith("mlp"):
        depth, width, batch = (20, 32, 256) if "width32" in name else (8, 1024, 512)
        model = DeepMLP(depth=depth, width=width, activation="relu")
        inputs = torch.randn(batch, 2)
        targets = torch.randint(0, 2, (batch,))
        return model.to(device), inputs.to(device), targets.to(device), cross_entropy
    length, width, batch = (8, 64, 128) if "len8" in name else (256, 256, 32)
    model = ReversalAttention(length=length, width=width, heads=4)
    inputs = torch.randint(0, 10, (batch, length))

    def sequence_loss(scores: Any, wanted: Any) -> Any:
        return cross_entropy(scores.reshape(-1, 10), wanted.reshape(-1))

    return model.to(device), inputs.to(device), inputs.flip(1).to(device), sequence_loss


def training_step_ms(name: str, device: str, *, steps: int) -> float:
    """Median time of one forward-backward-Adam step of case ``name`` on ``device``."""
    from dlquiz.demo._torch import torch
    from dlquiz.demo.timing import median_ms

    model, inputs, targets, loss_fn = training_case(name, device)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step() -> None:
        optimiser.zero_grad()
        loss_fn(model(inputs), targets).backward()
        optimiser.step()

    for _ in range(2):  # warm-up (median_ms adds one more): kernels chosen, pools filled
        step()
    return median_ms(step, device=device, repeats=steps)


def measure(device: str, *, lengths: list[int], repeats: int, steps: int) -> dict[str, Any]:
    """All figures for one device."""
    from dlquiz.demo.device import describe_device
    from dlquiz.demo.timing import time_serial_vs_parallel

    info = describe_device(device)
    timings = time_serial_vs_parallel(lengths, device=device, repeats=repeats)
    return {
        "device": info.label(),
        "serial_vs_parallel": [p.to_json() for p in timings],
        "training_step_ms": {
            name: training_step_ms(name, device, steps=steps) for name in TRAINING_CASES
        },
    }


def speedups(cpu: dict[str, Any], cuda: dict[str, Any]) -> dict[str, Any]:
    """CPU time over CUDA time for every figure (above 1: the GPU is faster)."""
    pairs = zip(cpu["serial_vs_parallel"], cuda["serial_vs_parallel"], strict=True)
    return {
        "serial_vs_parallel": [
            {
                "length": c["length"],
                "rnn": c["rnn_ms"] / g["rnn_ms"],
                "attention": c["attention_ms"] / g["attention_ms"],
            }
            for c, g in pairs
        ],
        "training_step": {
            name: cpu["training_step_ms"][name] / cuda["training_step_ms"][name]
            for name in TRAINING_CASES
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="64,256,1024,4096")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=30, help="timed training steps per case")
    args = parser.parse_args(argv)
    lengths = [int(part) for part in args.lengths.split(",")]

    from dlquiz.demo.device import INSTALL_HINT, available_devices, import_torch, torch_available

    if not torch_available():
        print(json.dumps({"error": "torch is not installed", "hint": INSTALL_HINT}))
        return 0
    torch = import_torch()
    report: dict[str, Any] = {
        "torch_version": str(torch.__version__),
        "cpu_threads": torch.get_num_threads(),
        "training_cases": TRAINING_CASES,
    }
    options = {"lengths": lengths, "repeats": args.repeats, "steps": args.steps}
    report["cpu"] = measure("cpu", **options)
    if "cuda" in available_devices():
        report["cuda_available"] = True
        report["cuda"] = measure("cuda", **options)
        report["speedup_cuda_over_cpu"] = speedups(report["cpu"], report["cuda"])
    else:
        report["cuda_available"] = False
        report["note"] = "CUDA is unavailable on this machine: CPU figures only"
        print("CUDA is unavailable: printing CPU figures only", file=sys.stderr)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
