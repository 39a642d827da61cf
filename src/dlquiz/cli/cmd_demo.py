"""``dlquiz demo``: run the live demos without the GUI and print their figures.

torch is an optional extra; without it the command says how to install it
and exits 1, like any other user error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

DEVICES = ("cpu", "cuda", "mps")


def _lengths(text: str) -> list[int]:
    """Parse ``--lengths 64,256,1024``; a bad list becomes an argparse usage error."""
    from dlquiz.core.problems import InputError
    from dlquiz.demo.inputs import parse_lengths

    try:
        return parse_lengths(text)
    except InputError as error:
        raise argparse.ArgumentTypeError("; ".join(p.message for p in error.problems)) from None


def _depth(text: str) -> int:
    try:
        depth = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 2 <= depth <= 50:
        raise argparse.ArgumentTypeError("depth must be between 2 and 50")
    return depth


def _fail(message: str) -> int:
    print(f"dlquiz demo: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    """Run every demo on the chosen device; print JSON or a summary. Returns the exit code."""
    from dlquiz.demo.device import DemoUnavailableError, pick_device, torch_available

    if not torch_available():
        from dlquiz.demo.device import INSTALL_HINT

        return _fail(INSTALL_HINT)
    try:
        device = pick_device(args.device)
    except DemoUnavailableError as error:
        return _fail(str(error))

    from dlquiz.demo.device import is_gpu_failure
    from dlquiz.demo.runner import run_all

    try:
        figures = run_all(device=device, lengths=args.lengths, depth=args.depth)
    except RuntimeError as error:  # torch.cuda.OutOfMemoryError is a RuntimeError too
        if not is_gpu_failure(error, device=device):
            raise
        return _fail(
            f"the {device.upper()} device failed ({error.__class__.__name__}: {error}); "
            "run again with --device cpu"
        )
    if args.json:
        print(json.dumps(figures))
    else:
        print(summary(figures))
    return 0


def summary(figures: dict[str, Any]) -> str:
    """A few human-readable lines from :func:`dlquiz.demo.runner.run_all`'s figures."""
    gradients = figures["gradients"]
    sigmoid_first, relu_first = gradients["sigmoid"][0], gradients["relu"][0]
    training = gradients["training"]
    dropout = figures["dropout"]
    attention = figures["attention"]
    ratio = gradients["first_layer_ratio"]
    ratio_text = "sigmoid's underflowed to 0" if ratio is None else f"ReLU/sigmoid = {ratio:.1e}"
    lines = [
        f"Device: {figures['device']}, torch {figures['torch_version']}",
        f"Vanishing gradients, depth {gradients['depth']}: first-layer gradient norm "
        f"sigmoid {sigmoid_first:.1e}, ReLU {relu_first:.1e} ({ratio_text})",
        f"  after {training['relu']['steps']} training steps on two spirals: "
        f"sigmoid {training['sigmoid']['accuracy']:.0%} right, "
        f"ReLU {training['relu']['accuracy']:.0%} right",
        f"Dropout {dropout['rate']}: training/validation loss without "
        f"{dropout['train_loss']['without']:.3f}/{dropout['val_loss']['without']:.3f}, "
        f"with {dropout['train_loss']['with']:.3f}/{dropout['val_loss']['with']:.3f}",
        f"Attention ({attention['task']}): {attention['accuracy']:.1%} of digits right "
        f"on held-out sequences (chance {attention['chance']:.0%})",
    ]
    example = attention.get("example")
    if example:
        written = "".join(map(str, example["input"]))
        answered = "".join(map(str, example["output"]))
        lines.append(f"  {written} -> {answered}")
    lines.append("Serial vs parallel, median milliseconds per pass:")
    lines.append(f"  {'length':>7}  {'RNN loop':>10}  {'attention':>10}")
    for point in figures["serial_vs_parallel"]:
        lines.append(
            f"  {point['length']:>7}  {point['rnn_ms']:>10.2f}  {point['attention_ms']:>10.2f}"
        )
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``dlquiz demo`` to the command line."""
    parser = subparsers.add_parser(
        "demo",
        help="run the live deep-learning demos (needs the 'demo' extra: torch)",
        description="Run the four demos (vanishing gradients, dropout, attention, "
        "serial vs parallel) with small settings and print their figures.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--device",
        choices=DEVICES,
        default=None,
        help="where to run (default: CUDA, else Apple MPS, else CPU)",
    )
    parser.add_argument(
        "--lengths",
        type=_lengths,
        default=[64, 256, 1024],
        metavar="N,N,...",
        help="sequence lengths for the serial-vs-parallel timing (default 64,256,1024)",
    )
    parser.add_argument(
        "--depth",
        type=_depth,
        default=20,
        help="layers in the vanishing-gradient network, 2 to 50 (default 20)",
    )
    parser.set_defaults(func=run)
