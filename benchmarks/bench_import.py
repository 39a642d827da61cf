"""Import speed: a 100,000-row CSV and a 20,000-note Anki package (schema 11).

Both files are generated in a temporary folder; the script prints one JSON
object with the timings and whether each met its 5-second target.
Run with ``python benchmarks/bench_import.py``.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path

try:
    from dlquiz.importers import read_file
except ImportError:  # run from a plain checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from dlquiz.importers import read_file

CSV_ROWS = 100_000
APKG_NOTES = 20_000
TARGET_SECONDS = 5.0
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


def make_csv(folder: Path) -> Path:
    path = folder / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        for row in range(CSV_ROWS):
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


def timed(path: Path, folder: Path) -> dict[str, object]:
    """Reading alone, then the whole import: reading plus storing in a fresh collection."""
    from dlquiz.core.clock import SystemClock
    from dlquiz.core.generate import generate_questions
    from dlquiz.storage.collection import open_collection
    from dlquiz.storage.import_service import store_deck

    start, cpu_start = time.perf_counter(), time.process_time()
    imported = read_file(path)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    collection = open_collection(folder / f"{path.stem}.dlquiz", clock=SystemClock())
    stored_at = time.perf_counter()
    store_deck(
        collection,
        generate_questions(imported.deck),
        name=imported.deck.name,
        source=str(path),
        fmt=imported.format,
        media=imported.media,
        as_new=False,
        now=collection.clock.now(),
    )
    store_seconds = time.perf_counter() - stored_at
    collection.close(backup=False)
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),  # steadier on a busy machine
        "store_seconds": round(store_seconds, 3),
        "read_and_store_seconds": round(seconds + store_seconds, 3),
        "questions": len(imported.deck.questions),
        "counts": imported.counts(),
        "reading_under_target": seconds < TARGET_SECONDS,
        "whole_import_under_target": seconds + store_seconds < TARGET_SECONDS,
    }


# --- Anki packages with review history (helper "anki") ---

REVIEWS_PER_CARD = 10
APKG_TARGET_SECONDS = 3.0


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


def anki_package_report(folder: Path) -> dict[str, object]:
    """Read and store a 20,000-note package, without and with its review history."""
    from dlquiz.core.clock import SystemClock
    from dlquiz.core.generate import generate_questions
    from dlquiz.storage.collection import open_collection
    from dlquiz.storage.import_service import store_read

    report: dict[str, object] = {"target_seconds": APKG_TARGET_SECONDS}
    for label, make in (("plain", make_apkg), ("with_history", make_apkg_with_history)):
        sub = folder / f"anki-{label}"
        sub.mkdir()
        path = make(sub)
        wall, cpu = time.perf_counter(), time.process_time()
        imported = read_file(path)
        read_wall, read_cpu = time.perf_counter() - wall, time.process_time() - cpu
        collection = open_collection(sub / "c.dlquiz", clock=SystemClock())
        wall, cpu = time.perf_counter(), time.process_time()
        stored = store_read(
            collection,
            imported,
            generate_questions(imported.deck),
            source=str(path),
            deck_name=None,
            as_new=False,
        )
        store_wall, store_cpu = time.perf_counter() - wall, time.process_time() - cpu
        collection.close(backup=False)
        report[label] = {
            "questions": stored.questions,
            "reviews": stored.reviews,
            "read_seconds": round(read_wall, 3),
            "read_cpu_seconds": round(read_cpu, 3),
            "store_seconds": round(store_wall, 3),
            "store_cpu_seconds": round(store_cpu, 3),
            "whole_import_seconds": round(read_wall + store_wall, 3),
            "whole_import_cpu_seconds": round(read_cpu + store_cpu, 3),
            "under_target": read_wall + store_wall < APKG_TARGET_SECONDS,
        }
    return report


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path, apkg_path = make_csv(folder), make_apkg(folder)
        report = {
            "target_seconds": TARGET_SECONDS,
            "csv_100k_rows": {"bytes": csv_path.stat().st_size, **timed(csv_path, folder)},
            "apkg_20k_notes": {"bytes": apkg_path.stat().st_size, **timed(apkg_path, folder)},
            "apkg_20k_notes_anki": anki_package_report(folder),
        }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
