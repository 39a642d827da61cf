"""Browse and statistics on a large collection: 100,000 cards and 1,000,000 review-log rows.

Prints one JSON object:
- open_ms: the ordered ids of every card plus the first page of rows (what the Browse tab
  waits for when it is shown), and first_paint_ms: a 960x680 table showing that page;
- fetch_page_ms: p50/p99/max of one ``fetchMore`` page (PAGE_SIZE rows);
- scroll_step_ms: p50/p99/max of one step of dragging the scroll bar to the bottom (fetch and
  repaint together), scroll_to_end_s: all of them, until all 100,000 rows are loaded;
- sort_ms: each column, ascending (the ids in the new order plus the first page);
- search_ms: a text search that matches most imported cards, and one that matches few;
- stats_ms: ``collection_stats`` (the figures behind the Statistics tab and ``stats --json``);
  stats_tab_blocks_ms: how long showing the Statistics tab holds the GUI thread (the figures
  are read on another thread), stats_tab_drawn_ms: until every chart is drawn.

Usage: python benchmarks/bench_browse.py [--quick]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_study import build_collection  # noqa: E402 - needs the path above


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def _spread(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {
        "p50": round(statistics.median(values), 2),
        "p99": round(values[max(0, int(len(values) * 0.99) - 1)], 2),
        "max": round(values[-1], 2),
    }


def measure(path: Path) -> dict[str, object]:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QApplication, QTableView

    from dlquiz.core.clock import FakeClock
    from dlquiz.gui.browse_model import COLUMNS, BrowseModel
    from dlquiz.gui.stats_view import StatsView
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.browse_query import BrowseFilter, BrowseQuery
    from dlquiz.storage.collection import open_collection
    from dlquiz.storage.stats import collection_stats
    from dlquiz.storage.study import StudyService

    app = QApplication.instance() or QApplication([])
    clock = FakeClock(datetime(2026, 3, 2, 12, tzinfo=UTC))
    collection = open_collection(path, clock=clock)
    bank = QuestionBank(collection)
    figures: dict[str, object] = {}

    t0 = time.perf_counter()
    query = BrowseQuery(bank, zone=UTC)
    model = BrowseModel(query)
    model.reload()
    figures["open_ms"] = _ms(t0)
    table = QTableView()
    table.verticalHeader().hide()
    table.resize(960, 680)
    t0 = time.perf_counter()
    table.setModel(model)
    table.show()
    app.processEvents()
    figures["first_paint_ms"] = _ms(t0)
    figures["rows"] = model.total

    pages = []
    root = QModelIndex()
    for _ in range(20):
        t0 = time.perf_counter()
        model.fetchMore(root)
        pages.append((time.perf_counter() - t0) * 1000)
    figures["fetch_page_ms"] = _spread(pages)

    model.reload()
    app.processEvents()
    steps = []
    bar = table.verticalScrollBar()
    started = time.perf_counter()
    while model.canFetchMore(root) or bar.value() < bar.maximum():
        t0 = time.perf_counter()
        bar.setValue(bar.maximum())  # the view asks for more rows when it reaches the end
        app.processEvents()
        steps.append((time.perf_counter() - t0) * 1000)
    figures["scroll_step_ms"] = _spread(steps)
    figures["scroll_steps"] = len(steps)
    figures["scroll_to_end_s"] = round(time.perf_counter() - started, 2)
    figures["rows_loaded"] = model.rowCount()

    sorts = {}
    for column, (key, _title, _tip) in enumerate(COLUMNS):
        t0 = time.perf_counter()
        model.sort(column)
        app.processEvents()
        sorts[key.value] = _ms(t0)
    figures["sort_ms"] = sorts

    searches = {}
    for text in ("plus one", "ImageNet"):
        t0 = time.perf_counter()
        model.set_filter(BrowseFilter(text=text))
        app.processEvents()
        searches[text] = {"ms": _ms(t0), "found": model.total}
    figures["search_ms"] = searches

    t0 = time.perf_counter()
    collection_stats(collection, now=clock.now(), zone=UTC)
    figures["stats_ms"] = _ms(t0)
    view = StatsView(StudyService(bank, zone=UTC))
    view.resize(960, 680)
    drawn: list[float] = []
    view.refreshed.connect(lambda: drawn.append(time.perf_counter()))
    t0 = time.perf_counter()
    view.show()  # showing the tab starts reading the figures, off the GUI thread
    app.processEvents()
    figures["stats_tab_blocks_ms"] = _ms(t0)
    while not drawn:
        app.processEvents()
        time.sleep(0.002)
    figures["stats_tab_drawn_ms"] = round((drawn[0] - t0) * 1000, 1)
    view.close()
    table.close()
    collection.close(backup=False)
    return figures


def main() -> int:
    quick = "--quick" in sys.argv
    cards, reviews = (10_000, 100_000) if quick else (100_000, 1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.dlquiz"
        t0 = time.perf_counter()
        build_collection(path, cards=cards, reviews=reviews)
        figures: dict[str, object] = {
            "cards": cards,
            "reviews": reviews,
            "build_s": round(time.perf_counter() - t0, 1),
        }
        figures.update(measure(path))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
