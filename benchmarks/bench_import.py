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

and the ratios dlquiz / Anki and dlquiz / floor.  Then two packages of 20,000
notes, without and with a review log of 200,000 reviews (``apkg_20k_notes``:
``plain``, ``with_history``), each imported end to end by ``dlquiz import``
against the 3 s target and against Anki's ``import_anki_package`` of the same
file into an empty collection; with the anki venv, Anki itself writes the
packages, as a learner's export (otherwise hand-made schema-11 packages are
used and there is no Anki figure).  Wall times on a busy machine wander; CPU
seconds (``cpu_s``) are steadier and are given beside them.

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


# Run by the anki venv's Python: argv = folder, notes, reviews per card.  Anki writes a
# package of that many notes (with a review log and scheduling when reviews > 0), then
# imports it into an empty collection; prints the package's path and the import's times.
ANKI_PACKAGE_SCRIPT = """
import json, os, sys, time
from anki.collection import (AddNoteRequest, Collection, ExportAnkiPackageOptions,
    ImportAnkiPackageOptions, ImportAnkiPackageRequest)
folder, notes, per_card = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
col = Collection(os.path.join(folder, "anki-src.anki2"))
deck = col.decks.id("Bench::Sub")
requests = []
for nid in range(1, notes + 1):
    note = col.new_note(col.models.by_name("Basic"))
    note.fields[0] = f"<b>Front {nid}</b> with <i>markup</i>"
    note.fields[1] = f"Answer {nid % 300}" if nid % 2 else f"A long back for note {nid}, with text."
    requests.append(AddNoteRequest(note=note, deck_id=deck))
col.add_notes(requests)
if per_card:
    day, start = 86_400_000, 1_735_689_600_000
    cards = col.db.list("select id from cards order by id")
    col.db.executemany("insert into revlog values (?,?,-1,?,1,0,2500,6000,?)", [
        (start + (n * 3 + i % 7) * day + i, cid, 1 if (i + n) % 9 == 0 else 3, int(n > 0))
        for i, cid in enumerate(cards) for n in range(per_card)])
    col.db.execute("update cards set type=2, queue=2, ivl=10, due=30, factor=2500, reps=?",
                   per_card)
path = os.path.join(folder, f"anki-{notes}-{per_card}.apkg")
col.export_anki_package(out_path=path, options=ExportAnkiPackageOptions(
    with_scheduling=bool(per_card), with_deck_configs=bool(per_card), with_media=True,
    legacy=False), limit=None)
col.close()
target = Collection(os.path.join(folder, f"anki-into-{per_card}.anki2"))
start, cpu = time.perf_counter(), time.process_time()
target.import_anki_package(ImportAnkiPackageRequest(package_path=path,
    options=ImportAnkiPackageOptions(with_scheduling=bool(per_card), update_notes=1)))
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"package": path, "seconds": seconds, "cpu_s": cpu_seconds,
    "cards": target.card_count(), "reviews": target.db.scalar("select count() from revlog")}))
target.close()
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


# --- Anki packages with review history (helper "anki") ---

REVIEWS_PER_CARD = 10


def make_apkg_with_history(folder: Path) -> Path:
    """The 20,000-note package again, with a revlog of 10 reviews per card (200,000 in all)."""
    plain = make_apkg(folder)
    collection = folder / "collection.anki2"
    con = sqlite3.connect(collection)
    con.execute(
        "CREATE TABLE revlog (id integer primary key, cid integer, usn integer, ease integer,"
        " ivl integer, lastIvl integer, factor integer, time integer, type integer)"
    )
    start_ms = 1_735_689_600_000  # 2025-01-01
    day_ms = 86_400_000
    con.executemany(
        "INSERT INTO revlog VALUES (?, ?, -1, ?, 1, 0, 2500, 6000, ?)",
        (
            (
                start_ms + (n * 3 + nid % 7) * day_ms + nid,
                nid,
                1 if (nid + n) % 9 == 0 else 3,
                n > 0,
            )
            for nid in range(1, APKG_NOTES + 1)
            for n in range(REVIEWS_PER_CARD)
        ),
    )
    con.commit()
    con.close()
    path = folder / "history.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(collection, "collection.anki2")
        archive.writestr("media", "{}")
    plain.unlink()
    return path


def packages(folder: Path, python: str | None) -> dict[str, tuple[Path, dict[str, Any] | None]]:
    """The two packages, 20,000 notes without and with 200,000 reviews, and Anki's import of each.

    With the anki package, Anki itself writes them (as a learner's export) and
    imports them into an empty collection, timed; without it, hand-made schema-11
    packages of the same notes and reviews are used, and there is no Anki figure.
    """
    found: dict[str, tuple[Path, dict[str, Any] | None]] = {}
    for label, per_card in (("plain", 0), ("with_history", REVIEWS_PER_CARD)):
        if python and Path(python).exists():
            sub = folder / f"anki-made-{label}"
            sub.mkdir()
            _wall, _cpu, out = run_child(
                [python, "-c", ANKI_PACKAGE_SCRIPT, str(sub), str(APKG_NOTES), str(per_card)]
            )
            theirs = json.loads(out.strip().splitlines()[-1])
            found[label] = (Path(theirs.pop("package")), theirs)
        else:
            sub = folder / f"hand-made-{label}"
            sub.mkdir()
            made = make_apkg(sub) if not per_card else make_apkg_with_history(sub)
            found[label] = (made, None)
    return found


def package_report(folder: Path, python: str | None) -> dict[str, object]:
    """Each package imported end to end by ``dlquiz import``, against Anki and the target."""
    report: dict[str, object] = {"target_seconds": APKG_TARGET_SECONDS}
    for label, (path, theirs) in packages(folder, python).items():
        ours = dlquiz_end_to_end(path, folder)
        entry: dict[str, Any] = {
            "made_by": "anki" if theirs else "hand (schema 11)",
            "dlquiz_end_to_end": ours,
            "over_target": _ratio(ours["seconds"], APKG_TARGET_SECONDS),
            "under_target": ours["seconds"] < APKG_TARGET_SECONDS,
        }
        if theirs:
            entry["anki_import_anki_package"] = {k: round(v, 3) for k, v in theirs.items()}
            entry["dlquiz_over_anki"] = _ratio(ours["seconds"], theirs["seconds"])
            entry["dlquiz_over_anki_cpu"] = _ratio(ours["cpu_s"], theirs["cpu_s"])
        report[label] = entry
    return report


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
            report["apkg_20k_notes"] = package_report(folder, args.anki_python)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
