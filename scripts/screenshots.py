"""Render the real windows offscreen and save screenshots for the README.

Usage: python scripts/screenshots.py [OUTPUT_DIR]   (default: docs/screenshots)

Every main screen (Study, its feedback, Exam, Browse, Statistics, Demo and
the Settings dialog) is saved in light and dark, from a temporary collection
with a few weeks of made-up study history and three exams, so the charts
have something to show.  The learner's own collection is never touched.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1024, 700)  # the smallest window dlquiz is designed for
WIDE = (1920, 1080)
START = datetime(2026, 2, 2, 18, 0, tzinfo=UTC)
DAYS = 28


def build_history(path: Path) -> None:
    """A collection with ``DAYS`` days of answers and three finished exams."""
    from dlquiz.core.clock import FakeClock
    from dlquiz.core.scheduling import Rating
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import open_collection
    from dlquiz.storage.study import StudyService

    clock = FakeClock(START)
    collection = open_collection(path, clock=clock)
    bank = QuestionBank(collection)
    service = StudyService(bank, zone=UTC)
    rng = random.Random(7)
    ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.EASY]
    for day in range(DAYS):
        if day % 9 == 4:  # a day off now and then
            clock.advance(86400)
            continue
        for _ in range(rng.randint(12, 30)):
            card = service.next_card()
            if card is None:
                break
            seconds = rng.randint(4, 25)
            clock.advance(seconds)
            service.record(
                card,
                rating=rng.choice(ratings),
                answer="",
                grade=None,
                duration_ms=seconds * 1000,
            )
        if day in (8, 17, 26):
            _take_exam(collection, bank, service, seed=day, rng=rng)
        clock.advance(86400 - 600)
    _import_vocabulary(collection)
    collection.close(backup=False)


def _import_vocabulary(collection: Any) -> None:
    """A second, made-up deck, so the deck overview has more than one line."""
    from dlquiz.core.model import Question, QuestionType, TextKey
    from dlquiz.storage.import_service import store_deck

    terms = {
        "epoch": "one pass over the training set",
        "dropout": "switching off random units while training",
        "ReLU": "max(0, x) as an activation",
        "softmax": "turning scores into probabilities",
        "backpropagation": "the chain rule applied to a network's loss",
    }
    questions = [
        Question(
            id=f"import-ml-terms:{i}",
            deck="import-ml-terms",
            type=QuestionType.TYPED,
            prompt=f"Which term means {meaning}?",
            key=TextKey((term,)),
            answer=term,
            topic="Terms",
        )
        for i, (term, meaning) in enumerate(terms.items())
    ]
    store_deck(
        collection,
        questions,
        name="ML terms",
        source="made up",
        fmt="yaml",
        media={},
        as_new=False,
        now=collection.clock.now(),
    )


def _take_exam(collection: Any, bank: Any, service: Any, *, seed: int, rng: random.Random) -> None:
    from dlquiz.core.exam import ExamSettings
    from dlquiz.storage.exam_flow import start_exam
    from dlquiz.storage.exams_store import ExamStore

    store = ExamStore(collection)
    clock = collection.clock
    attempt, _selection = start_exam(
        store,
        bank.questions([bank.chapter_deck.id]),
        ExamSettings(questions=10, seed=seed, time_limit_s=600),
        seconds_per_question=None,
        now=clock.now(),
    )
    for question_id in attempt.question_ids:
        clock.advance(20)
        question = bank.get(question_id)
        text = question.answer if rng.random() < 0.55 + seed / 80 else ""
        attempt = attempt.answer(question_id, text, now=clock.now())
    attempt = attempt.submit(clock.now())
    store.finalize(attempt, bank, service)


def _show_typed_question(window: Any) -> None:
    """Ask a typed question of the chapter (the most common kind) for the study pictures."""
    from sqlalchemy import select

    from dlquiz.storage.browse_actions import study_card
    from dlquiz.storage.schema import CardRow

    card = window.study.card
    if card is not None and card.question.type.value == "typed":
        return
    with window.collection.session() as s:
        wanted = s.scalar(
            select(CardRow.id)
            .where(CardRow.qtype == "typed", CardRow.phase == 0)
            .order_by(CardRow.new_rank)
            .limit(1)
        )
    chosen = study_card(window.bank, wanted) if wanted is not None else None
    if chosen is not None:
        window.study.show_card(chosen)


def open_window(app: Any, history: Path, *, theme: str) -> Any:
    """The main window on a copy of ``history``, in ``theme``, at the screenshot size."""
    from dlquiz.core.clock import FakeClock
    from dlquiz.gui.main_window import MainWindow
    from dlquiz.gui.style import apply_theme
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import open_collection

    copy = history.with_name(f"{theme}.dlquiz")
    shutil.copy(history, copy)
    clock = FakeClock(START + timedelta(days=DAYS))  # the evening after the last study day
    collection = open_collection(copy, clock=clock)
    apply_theme(app, theme=theme, font_size=10)
    window = MainWindow(collection, QuestionBank(collection))
    window.service.zone = UTC
    window.browse.query.zone = UTC
    window.resize(*SIZE)
    window.show()
    window.start()
    app.processEvents()
    return window


def shoot(out: Path, history: Path, *, theme: str) -> list[Path]:
    """Open a copy of ``history`` in ``theme`` and save each screen; returns the files."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = open_window(app, history, theme=theme)
    written: list[Path] = []

    def save(name: str, widget: Any = None) -> None:
        app.processEvents()
        path = out / f"{name}-{theme}.png"
        (widget or window).grab().save(str(path), "PNG", 0)  # 0: the strongest compression
        written.append(path)

    window.tabs.setCurrentWidget(window.study)
    window.study.show_overview()
    save("decks")
    window.study.study_deck(None)
    _show_typed_question(window)
    save("study-question")
    if window.study.answer_widget is not None:
        card = window.study.card
        if card is not None:
            window.study.answer_widget.set_answer_text(str(card.question.answer))
        window.study.submit()
        save("study-feedback")
    if theme == "light":  # the card stays centred and readable on a large screen
        window.resize(*WIDE)
        save("study-wide")
        window.resize(*SIZE)
    drawn: list[bool] = []
    window.stats.refreshed.connect(lambda: drawn.append(True))
    for index in range(window.tabs.count()):
        widget = window.tabs.widget(index)
        if widget is window.study:
            continue
        window.tabs.setCurrentIndex(index)
        while widget is window.stats and not drawn:  # the figures are read off the GUI thread
            app.processEvents()
            time.sleep(0.01)
        name = window.tabs.tabText(index).replace("&", "").lower()
        save(name)
        if widget is window.stats:  # the section charts sit below the first screenful
            bar = window.stats.scroll_area.verticalScrollBar()
            bar.setValue(bar.maximum())
            save("statistics-sections")
    dialog = window.open_settings()
    dialog.adjustSize()
    save("settings", dialog)
    dialog.reject()
    window.close()
    return written


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    out = Path(argv[1]) if len(argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        history = Path(tmp) / "history.dlquiz"
        build_history(history)
        for theme in ("light", "dark"):
            written += shoot(out, history, theme=theme)
    print(f"{len(written)} screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
