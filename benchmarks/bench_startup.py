"""Start-up, side by side: ``dlquiz`` to its first question against a bare PySide6 label.

Both are whole processes started from here, one after the other in each
round, in alternating order; each is timed from its start until it says its
widget received its first paint event (the same rule for both: dlquiz's
``--smoke-test`` watches the question's text, the bare process its label).
The figures are medians over the rounds, and the ratio is the issue's
measure (at most 3).

The collection is made, and every module compiled to bytecode, by a first
run that is not counted: a learner's launches open an existing collection
with compiled modules (pip compiles them when it installs).  With
``--history N`` the collection first gets N answered cards, some of them
today, so the queue has reviews, learning cards and buried siblings.

Usage: python benchmarks/bench_startup.py [--rounds 9] [--history 0] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel("Which network won ImageNet 2012?")

class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

watch = Watch()
label.installEventFilter(watch)
label.show()
app.exec()
"""


def _timed(command: list[str], env: dict[str, str], marker: str) -> tuple[float, float]:
    """(ms to the line starting with ``marker``, ms to the process's exit)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    painted: float | None = None
    for line in process.stdout:
        if line.startswith(marker) and painted is None:
            painted = (time.perf_counter() - started) * 1000
    code = process.wait()
    if code != 0 or painted is None:
        raise SystemExit(f"{' '.join(command)} failed (exit {code}, painted: {painted})")
    return painted, (time.perf_counter() - started) * 1000


def _add_history(db: Path, cards: int) -> None:
    """Answer ``cards`` cards through the study service, a third of them today."""
    from datetime import UTC, datetime, timedelta

    from dlquiz.core.clock import FakeClock
    from dlquiz.core.scheduling import Rating
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import open_collection
    from dlquiz.storage.study import StudyService

    now = datetime.now(UTC)
    clock = FakeClock(now - timedelta(days=3))
    collection = open_collection(db, clock=clock)
    try:
        service = StudyService(QuestionBank(collection))
        for index in range(cards):
            if index == 2 * cards // 3:
                clock.advance((now - timedelta(hours=1) - clock.now()).total_seconds())
            card = service.next_card()
            if card is None:
                break
            service.record(card, rating=Rating(1 + index % 4), answer="", grade=None, duration_ms=0)
    finally:
        collection.close(backup=False)


def bench_env(state_dir: Path) -> dict[str, str]:
    """The children's environment: offscreen, compiled modules kept, logs in ``state_dir``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(state_dir)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # count launches with compiled modules
    return env


def side_by_side(db: Path, *, rounds: int, env: dict[str, str]) -> dict[str, float]:
    """Medians of both processes to their first paint, on the existing collection ``db``."""
    dlquiz = [sys.executable, "-m", "dlquiz", "--db", str(db), "--smoke-test"]
    bare = [sys.executable, "-c", BARE]
    _timed(dlquiz, env, "startup_ms=")  # compiles whatever this collection brings in
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for round_ in range(rounds):
        pair = [(ours, dlquiz, "startup_ms="), (theirs, bare, "painted")]
        for into, command, marker in pair if round_ % 2 == 0 else pair[::-1]:
            into.append(_timed(command, env, marker))
    bare_ms = statistics.median(p for p, _ in theirs)
    ours_ms = statistics.median(p for p, _ in ours)
    return {
        "bare_paint_ms": round(bare_ms),
        "dlquiz_paint_ms": round(ours_ms),
        "ratio": round(ours_ms / bare_ms, 2),
        "dlquiz_exit_ms": round(statistics.median(e for _, e in ours)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--history", type=int, default=0, metavar="N")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.dlquiz"
        env = bench_env(Path(tmp) / "state")
        dlquiz = [sys.executable, "-m", "dlquiz", "--db", str(db), "--smoke-test"]
        first_ever, _exit = _timed(dlquiz, env, "startup_ms=")  # makes the collection
        if options.history:
            _add_history(db, options.history)
        figures: dict[str, float] = {"rounds": options.rounds, "history_cards": options.history}
        figures.update(side_by_side(db, rounds=options.rounds, env=env))
        figures["first_launch_ms"] = round(first_ever)
        figures["load_average"] = round(os.getloadavg()[0], 2)
    if options.json:
        print(json.dumps(figures))
    else:
        print(f"bare PySide6 label, to first paint:   {figures['bare_paint_ms']} ms (median)")
        print(f"dlquiz, to the first question's paint: {figures['dlquiz_paint_ms']} ms (median)")
        print(f"ratio: {figures['ratio']} (target: at most 3)")
        print(f"dlquiz with every tab built, to exit:  {figures['dlquiz_exit_ms']} ms")
        print(f"first launch ever (creates the file):  {figures['first_launch_ms']} ms")
        print(
            f"rounds: {options.rounds}, history: {options.history} cards, "
            f"load average: {figures['load_average']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
