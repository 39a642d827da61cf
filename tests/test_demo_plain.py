"""The demo parts that need no torch, and proof that torch loads only when a demo runs."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from dlquiz.core.problems import InputError
from dlquiz.demo.control import DemoCancelledError, Progress, Reporter
from dlquiz.demo.inputs import parse_digits, parse_lengths
from dlquiz.gui.plots import format_tick, nice_ticks

CHECK = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import dlquiz.demo, dlquiz.demo.device, dlquiz.demo.inputs, dlquiz.demo.control
import dlquiz.cli.cmd_demo
from dlquiz.cli.main import build_parser
build_parser().parse_args(["demo", "--json"])
from PySide6.QtWidgets import QApplication
app = QApplication([])
from dlquiz.gui.demo_tab import DemoTab
tab = DemoTab()
assert tab.available == dlquiz.demo.device.torch_available()
print("torch" in sys.modules)
"""


@pytest.mark.slow  # starts a process
def test_importing_the_demo_code_and_building_the_tab_does_not_import_torch() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_digits_are_parsed_and_bad_ones_are_pointed_at() -> None:
    assert parse_digits("3141 5926") == [3, 1, 4, 1, 5, 9, 2, 6]
    assert parse_digits("1,2,3") == [1, 2, 3]
    with pytest.raises(InputError) as bad:
        parse_digits("12x4")
    problem = bad.value.problems[0]
    assert (problem.column, problem.file) == (3, "attention input")
    assert "'x' is not a digit" in problem.message
    with pytest.raises(InputError, match="type 3 to 16 digits \\(got 2\\)"):
        parse_digits("12")
    with pytest.raises(InputError, match="got 17"):
        parse_digits("1" * 17)


def test_lengths_are_parsed_sorted_and_checked() -> None:
    assert parse_lengths("1024, 64 256,64") == [64, 256, 1024]
    with pytest.raises(InputError) as bad:
        parse_lengths("64, 2x")
    assert bad.value.problems[0].column == 5
    with pytest.raises(InputError, match="outside 1 to 16384"):
        parse_lengths("0")
    with pytest.raises(InputError, match="at least one"):
        parse_lengths(" , ")


def test_a_reporter_maps_parts_onto_the_whole_and_checks_cancel() -> None:
    import threading

    seen: list[Progress] = []
    cancel = threading.Event()
    whole = Reporter(seen.append, cancel)
    second_half = whole.part(0.5, 1.0)
    second_half.part(0.5, 1.0).step(0.5, "inner", x=1)
    second_half.step(2.0, "clamped")
    assert [(p.fraction, p.stage) for p in seen] == [(0.875, "inner"), (1.0, "clamped")]
    assert seen[0].data == {"x": 1}
    cancel.set()
    with pytest.raises(DemoCancelledError):
        second_half.step(0.1, "late")
    assert len(seen) == 2


def test_chart_ticks_are_round_numbers_and_readable() -> None:
    assert nice_ticks(0, 2.3) == [0.0, 1.0, 2.0]
    assert nice_ticks(0.5, 20.5) == [5, 10, 15, 20]
    assert [format_tick(math.log10(v), log=True) for v in (2000, 0.1, 1e-13, 2e-5, 5e6)] == [
        "2000",
        "0.1",
        "1e-13",
        "2e-5",
        "5e6",
    ]
    assert format_tick(0.25, log=False) == "0.25"
