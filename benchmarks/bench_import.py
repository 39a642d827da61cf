"""Import speed: a 100,000-row CSV against Anki and a bare csv-to-SQLite floor.

Prints one JSON object.  For the CSV:

* ``dlquiz_end_to_end``: ``dlquiz import big.csv`` as a user runs it (a fresh
  process: start-up, reading, storing, closing and backing up the collection,
  which exists already);
* ``dlquiz_read`` / ``dlquiz_store``: the two halves measured in this process;
* ``floor``: ``csv.reader`` rows written with ``executemany`` into one SQLite
  table in one transaction, the least any Python importer can do;
* ``anki_import_csv``: ``Collection.import_csv`` of the same file, run by the
  ``anki`` package from its own virtual environment (never this one), when
  one is given with ``--anki-python`` or ``$DLQUIZ_BENCH_ANKI_PYTHON``;

and the ratios dlquiz / Anki and dlquiz / floor.  A 20,000-note Anki package
(schema 11) is imported end to end as well.  Wall times on a busy machine
wander; CPU seconds (``cpu_s``) are steadier and are given beside them.

Run with ``python benchmarks/bench_import.py [--anki-python PATH] [--rows N]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"
CSV_ROWS = 100_000
APKG_NOTES = 20_000
APKG_TARGET_SECONDS = 3.0
MODEL = {
    "1": {
        "name": "Basic (and reversed card)",
        "type": 0,
        "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
        "tmpls": [
            {"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{FrontSide}}{{Back}}"},
        ],
    }
}
# Run by the anki venv's Python: argv = csv path, collection path.  Prints JSON.
ANKI_SCRIPT = """
import json, sys, time
from anki.collection import Collection, ImportCsvRequest
col = Collection(sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
metadata = col.get_csv_metadata(path=sys.argv[1], delimiter=None)
log = col.import_csv(ImportCsvRequest(path=sys.argv[1], metadata=metadata))
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
notes = len(log.log.new)
col.close()
print(json.dumps({"seconds": seconds, "cpu_s": cpu_seconds, "notes": notes}))
"""


def make_csv(folder: Path, rows: int = CSV_ROWS) -> Path:
    path = folder / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        for row in range(rows):
            if row % 3 == 0:
                out.write(f"In which year did event {row} happen?,{1900 + row % 120}\n")
            elif row % 3 == 1:
                out.write(f'"Who discovered thing {row}, and where?",Person {row % 500}\n')
            else:
                out.write(
                    f'Explain idea {row},"It is a longer answer, with commas, that explains '
                    f'idea {row} in a full sentence."\n'
                )
    return path


def make_apkg(folder: Path) -> Path:
    collection = folder / "collection.anki2"
    con = sqlite3.connect(collection)
    con.executescript(
        "CREATE TABLE col (id integer primary key, models text, decks text);"
        "CREATE TABLE notes (id integer primary key, guid text, mid integer, tags text, flds text);"
        "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer);"
    )
    decks = {"1": {"name": "Default"}, "2": {"name": "Bench::Sub"}}
    con.execute("INSERT INTO col VALUES (1, ?, ?)", (json.dumps(MODEL), json.dumps(decks)))
    con.executemany(
        "INSERT INTO notes VALUES (?, ?, 1, ?, ?)",
        (
            (
                nid,
                f"guid{nid}",
                " bench tag ",
                f"<b>Front {nid}</b> with <i>markup</i>\x1f"
                + (f"Answer {nid % 300}" if nid % 2 else f"A long back for note {nid}, with text."),
            )
            for nid in range(1, APKG_NOTES + 1)
        ),
    )
    con.executemany(
        "INSERT INTO cards VALUES (?, ?, 2, 0)", ((nid, nid) for nid in range(1, APKG_NOTES + 1))
    )
    con.commit()
    con.close()
    path = folder / "big.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(collection, "collection.anki2")
        archive.writestr("media", "{}")
    return path


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds of ``command`` in a child process, and its standard output."""
    cpu, start = _child_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, _child_cpu() - cpu, done.stdout


def dlquiz_end_to_end(path: Path, folder: Path) -> dict[str, Any]:
    """``dlquiz import`` in a fresh process, into a collection that already exists.

    The collection is made first (by ``dlquiz stats``), as a learner's is, and as
    Anki's collection exists before its ``import_csv`` is timed.
    """
    db = folder / f"{path.stem}-cli.dlquiz"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run_child([sys.executable, "-m", "dlquiz", "--db", str(db), "stats"], env=env)
    wall, cpu, out = run_child(
        [sys.executable, "-m", "dlquiz", "--db", str(db), "import", str(path)], env=env
    )
    return {"seconds": round(wall, 3), "cpu_s": round(cpu, 3), "said": out.strip().splitlines()}


def dlquiz_halves(path: Path, folder: Path) -> dict[str, Any]:
    """Reading, then storing into a fresh collection, in this process."""
    sys.path.insert(0, str(SRC))
    from dlquiz.core.clock import SystemClock
    from dlquiz.core.generate import generate_questions
    from dlquiz.importers import read_file
    from dlquiz.storage.collection import open_collection
    from dlquiz.storage.import_service import store_read

    start, cpu = time.perf_counter(), time.process_time()
    imported = read_file(path)
    read = (time.perf_counter() - start, time.process_time() - cpu)
    collection = open_collection(folder / f"{path.stem}-halves.dlquiz", clock=SystemClock())
    start, cpu = time.perf_counter(), time.process_time()
    questions = generate_questions(imported.deck)
    store_read(collection, imported, questions, source=str(path), deck_name=None, as_new=False)
    store = (time.perf_counter() - start, time.process_time() - cpu)
    collection.close(backup=False)
    return {
        "questions": len(imported.deck.questions),
        "read": {"seconds": round(read[0], 3), "cpu_s": round(read[1], 3)},
        "store": {"seconds": round(store[0], 3), "cpu_s": round(store[1], 3)},
    }


def floor(path: Path, folder: Path) -> dict[str, Any]:
    """csv.reader into one SQLite table in one transaction: no checks, no questions."""
    start, cpu = time.perf_counter(), time.process_time()
    con = sqlite3.connect(folder / "floor.db")
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, front TEXT, back TEXT)")
    with path.open(encoding="utf-8", newline="") as stream, con:
        con.executemany(
            "INSERT INTO notes (front, back) VALUES (?, ?)",
            ((row[0], row[1]) for row in csv.reader(stream) if len(row) >= 2),  # noqa: PLR2004
        )
    con.close()
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "cpu_s": round(time.process_time() - cpu, 3),
    }


def anki(path: Path, folder: Path, python: str | None) -> dict[str, Any] | None:
    """Anki's ``import_csv`` of ``path`` in its own venv, or None without one."""
    if not python or not Path(python).exists():
        return None
    wall, cpu, out = run_child([python, "-c", ANKI_SCRIPT, str(path), str(folder / "a.anki2")])
    inner = json.loads(out.strip().splitlines()[-1])
    return {
        "import_csv_seconds": round(inner["seconds"], 3),
        "import_csv_cpu_s": round(inner["cpu_s"], 3),
        "notes": inner["notes"],
        "whole_process_seconds": round(wall, 3),
        "whole_process_cpu_s": round(cpu, 3),
    }


def _ratio(top: float, bottom: float) -> float:
    return round(top / bottom, 2) if bottom else float("inf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--anki-python",
        default=os.environ.get("DLQUIZ_BENCH_ANKI_PYTHON"),
        help="the Python of a separate virtual environment with the anki package",
    )
    parser.add_argument("--rows", type=int, default=CSV_ROWS)
    parser.add_argument("--skip-apkg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = make_csv(folder, args.rows)
        whole = dlquiz_end_to_end(csv_path, folder)
        report: dict[str, Any] = {
            "csv_rows": args.rows,
            "csv_bytes": csv_path.stat().st_size,
            "dlquiz_end_to_end": whole,
            "dlquiz_halves": dlquiz_halves(csv_path, folder),
            "floor": floor(csv_path, folder),
        }
        theirs = anki(csv_path, folder, args.anki_python)
        report["anki"] = theirs or "not measured: pass --anki-python (a venv with anki)"
        ratios = {"dlquiz_over_floor": _ratio(whole["seconds"], report["floor"]["seconds"])}
        if theirs:
            ratios["dlquiz_over_anki_import_csv"] = _ratio(
                whole["seconds"], theirs["import_csv_seconds"]
            )
            ratios["dlquiz_over_anki_cpu"] = _ratio(whole["cpu_s"], theirs["import_csv_cpu_s"])
            ratios["dlquiz_over_anki_whole_process"] = _ratio(
                whole["seconds"], theirs["whole_process_seconds"]
            )
        report["ratios"] = ratios
        if not args.skip_apkg:
            apkg = dlquiz_end_to_end(make_apkg(folder), folder)
            apkg["under_target"] = apkg["seconds"] < APKG_TARGET_SECONDS
            report["apkg_20k_notes_end_to_end"] = apkg
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
