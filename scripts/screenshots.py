"""Render the real windows offscreen and save screenshots for the README.

Usage: python scripts/screenshots.py [OUTPUT_DIR]   (default: docs/screenshots)
Each main screen is shown in light and dark, on a fresh temporary collection.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from dlquiz.core.clock import FakeClock
    from dlquiz.gui.main_window import MainWindow
    from dlquiz.gui.style import apply_theme
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import open_collection

    out = Path(argv[1]) if len(argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        for theme in ("light", "dark"):
            clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
            collection = open_collection(Path(tmp) / f"{theme}.dlquiz", clock=clock)
            apply_theme(app, theme=theme, font_size=11)
            window = MainWindow(collection, QuestionBank(collection))
            window.resize(960, 680)
            window.show()
            window.start()
            app.processEvents()
            window.grab().save(str(out / f"study-question-{theme}.png"))
            widget = window.study.answer_widget
            if widget is not None:
                window.study.submit()
                app.processEvents()
                window.grab().save(str(out / f"study-feedback-{theme}.png"))
            for index in range(1, window.tabs.count()):
                window.tabs.setCurrentIndex(index)
                app.processEvents()
                name = window.tabs.tabText(index).replace("&", "").lower()
                window.grab().save(str(out / f"{name}-{theme}.png"))
            window.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
