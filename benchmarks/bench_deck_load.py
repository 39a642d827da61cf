"""How much does validation add to a plain YAML load?

Writes synthetic decks of 10,000 and 50,000 facts to temporary files and
times, in the same run, a bare ``yaml.load(text, Loader=yaml.CSafeLoader)``
against ``load_deck`` (read, parse, schema and semantic checks, building the
Fact objects).  Prints JSON with the best time of several runs of each and
their ratio; the targets are at most 1.5x for 10,000 facts and 2x for 50,000.
Because ``load_deck`` pauses the garbage collector while it builds a deck,
the bare load is also timed with the collector paused, for a fair second
ratio.

Run: .venv/bin/python benchmarks/bench_deck_load.py  (PYTHONPATH=src if dlquiz is not installed)
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from dlquiz.decks import load_deck

TARGETS = {10_000: 1.5, 50_000: 2.0}
RUNS = {10_000: 3, 50_000: 2}


def synthetic_deck(fact_count: int) -> str:
    """Return a valid deck with ``fact_count`` facts of every kind, as YAML."""
    kinds = ["year", "percent", "count", "name", "list", "concept"]
    lines = [
        "format: 1",
        "id: synthetic",
        "name: Synthetic benchmark deck",
        "topics: [Topic 0, Topic 1, Topic 2, Topic 3]",
        "facts:",
    ]
    for index in range(fact_count):
        kind = kinds[index % len(kinds)]
        lines += [
            f"  - id: fact-{index}",
            f"    topic: Topic {index % 4}",
            f"    kind: {kind}",
            f"    subject: Subject {index}",
            "    attribute: detail",
            f"    prompt: What is the detail of subject number {index} in this deck?",
            f"    statement: The detail of subject number {index} is {{value}}.",
            "    explanation: >-",
            "      A two-sentence explanation of why the detail is what it is.",
            "      It is long enough to look like a real one.",
        ]
        lines += _value_lines(kind, index)
    return "\n".join(lines) + "\n"


def _value_lines(kind: str, index: int) -> list[str]:
    if kind == "year":
        return [
            f"    value: {1950 + index % 70}",
            f"    event: Event {index}",
            "    group: timeline",
        ]
    if kind == "percent":
        return [f"    value: {index % 100}", '    unit: "%"', "    tolerance: 1"]
    if kind == "count":
        return [f"    value: {index}", "    unit: layers", "    group: architectures"]
    if kind == "list":
        return [
            "    value:",
            "      - text: first member",
            "        aliases: [first, one]",
            "      - second member",
            "      - third member",
        ]
    return [
        f"    value: Answer {index}",
        f"    aliases: [Alias {index}, Other {index}]",
        "    distractors: [Wrong one, Wrong two, Wrong three]",
    ]


def best_time(action: Callable[[], object], runs: int) -> float:
    """Return the shortest wall time of ``runs`` calls of ``action``."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def measure(fact_count: int, folder: Path) -> dict[str, object]:
    """Time the bare load and load_deck on one synthetic deck."""
    path = folder / f"deck_{fact_count}.yaml"
    path.write_text(synthetic_deck(fact_count), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    deck = load_deck(path)  # also compiles and caches the schema validator
    assert len(deck.facts) == fact_count
    runs = RUNS[fact_count]
    bare = best_time(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs)
    full = best_time(lambda: load_deck(path), runs)
    # load_deck pauses the garbage collector; a bare load that does the same shows
    # what validation and building cost on their own.
    gc.disable()
    try:
        bare_no_gc = best_time(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs)
    finally:
        gc.enable()
    ratio = full / bare
    return {
        "facts": fact_count,
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "runs": runs,
        "bare_csafe_load_s": round(bare, 4),
        "load_deck_s": round(full, 4),
        "ratio": round(ratio, 3),
        "bare_csafe_load_gc_paused_s": round(bare_no_gc, 4),
        "ratio_to_gc_paused_bare": round(full / bare_no_gc, 3),
        "target_ratio": TARGETS[fact_count],
        "meets_target": ratio <= TARGETS[fact_count],
    }


def main() -> int:
    """Run the benchmark and print its figures as JSON."""
    with tempfile.TemporaryDirectory() as folder:
        results = [measure(count, Path(folder)) for count in TARGETS]
    print(
        json.dumps(
            {"benchmark": "deck_load", "python": sys.version.split()[0], "results": results},
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
