"""Statistics > Memory model: retention by interval band and calibration, off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import DEFAULT_PARAMETERS
from dlquiz.gui.memory_stats import MemoryStatsPanel, report_html
from dlquiz.storage.memory_service import memory_report
from tests.helpers import open_test_collection
from tests.memory_helpers import START, seed_history


def test_the_panel_shows_retention_bands_and_calibration(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "c.dlquiz", FakeClock(START.replace(month=5)))
    try:
        seed_history(collection, DEFAULT_PARAMETERS, cards=150, days=90)
        report = memory_report(collection)
        assert sum(b.count for b in report.bands) == report.score.reviews > 300
        assert sum(b.count for b in report.score.bins) == report.score.reviews
        panel = MemoryStatsPanel(collection)
        qtbot.addWidget(panel)
        with qtbot.waitSignal(panel.shown, timeout=60_000):
            panel.refresh()
        text = panel.label.text()
        assert "true retention" in text and "RMSE(bins)" in text and "log loss" in text
        assert f"{report.score.reviews} reviews" in text
        for band in report.bands:
            assert band.label in text
        panel.shutdown()
    finally:
        collection.close(backup=False)


def test_an_empty_log_says_when_figures_will_appear(tmp_path: Path) -> None:
    collection = open_test_collection(tmp_path / "c.dlquiz")
    try:
        assert "No answers a day or more" in report_html(memory_report(collection))
    finally:
        collection.close(backup=False)
