"""What every ``dlquiz COMMAND`` pays before its command runs: building the parser.

Each figure is the median wall time of whole processes started from here:
a bare interpreter, one that builds dlquiz's full parser, and one that
builds it and prints a command's help (argparse's work included).  The
parser's own cost is the difference from the bare interpreter.  Modules are
compiled to bytecode by a first run that is not counted.

Usage: python benchmarks/bench_command_line.py [--rounds 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

CASES = {
    "bare interpreter": "pass",
    "build the parser": "from dlquiz.cli.main import build_parser; build_parser()",
    "dlquiz stats --help": (
        "import contextlib, io\n"
        "from dlquiz.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['stats', '--help'])"
    ),
}


def _run_ms(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    for code in CASES.values():  # compile and warm the file cache, uncounted
        _run_ms(code)
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.rounds):
        for name, code in CASES.items():
            times[name].append(_run_ms(code))
    medians = {name: statistics.median(values) for name, values in times.items()}
    bare = medians["bare interpreter"]
    if args.json:
        print(json.dumps({"median_ms": medians, "parser_ms": medians["build the parser"] - bare}))
        return
    for name, value in medians.items():
        extra = "" if name == "bare interpreter" else f"  (+{value - bare:.0f} ms)"
        print(f"{name:22} {value:7.0f} ms{extra}")


if __name__ == "__main__":
    main()
