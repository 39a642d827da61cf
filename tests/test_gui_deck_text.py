"""Deck text is shown as text, never rendered as HTML, on every screen (issue 17, 10-11).

A deck whose name, section, prompt, answers and explanation are HTML image
tags (plain and entity-encoded) pointing at a real picture is studied,
examined, browsed, charted and listed; on each screen every label that
shows it must be plain text, every rich-text view must hold it escaped, and
nothing may grow to the tag's 400×300.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QTextEdit, QWidget

from dlquiz.core.model import ChoiceKey, Question, QuestionType, TextKey
from dlquiz.gui.main_window import MainWindow
from tests.gui_keys import add_deck, fixed_clock, press, shown_window, study_deck
from tests.helpers import open_test_collection

CTRL = Qt.KeyboardModifier.ControlModifier


def hostile(picture: Path) -> str:
    return f"<img src={picture} width=400 height=300>"


def encoded(picture: Path) -> str:
    return f"&lt;img src={picture} width=400 height=300&gt;"


def hostile_questions(picture: Path, deck: str) -> list[Question]:
    tag, enc = hostile(picture), encoded(picture)
    return [
        Question(
            id=f"{deck}:q1",
            deck=deck,
            type=QuestionType.TYPED,
            prompt=f"What is {enc}?",
            key=TextKey((f"pic {enc}",)),
            answer=enc,
            topic=tag,
            explanation=enc,
        ),
        Question(
            id=f"{deck}:q2",
            deck=deck,
            type=QuestionType.MULTIPLE_CHOICE,
            prompt=f"Pick {enc}",
            key=ChoiceKey((0,)),
            choices=(enc, "plain"),
            answer=enc,
            topic=tag,
        ),
    ]


def offending(window: QWidget, marker: str) -> list[str]:
    """Widgets of ``window`` where ``marker`` (the picture's path) is rendered, not shown."""
    found = []
    for label in window.findChildren(QLabel):
        if marker not in label.text() or not label.isVisible():
            continue
        if label.textFormat() != Qt.TextFormat.PlainText:
            found.append(f"label {label.objectName() or label.accessibleName()!r} is not plain")
        if label.sizeHint().height() >= 300:
            found.append(f"label {label.accessibleName()!r} grew to {label.sizeHint()}")
    for view in window.findChildren(QTextEdit):
        html = view.toHtml()
        if marker in html and "<img" in html:
            found.append(f"text view {view.accessibleName()!r} renders an image")
    return found


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "local.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))
    return path


@pytest.fixture
def window(qtbot, tmp_path: Path, picture: Path):  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "c.dlquiz", fixed_clock())
    add_deck(collection, hostile_questions(picture, "import-hostile"), hostile(picture))
    win = shown_window(qtbot, collection)
    yield win
    if not collection.closed:
        win.close()


def check(window: QWidget, picture: Path, where: str) -> None:
    QApplication.processEvents()
    problems = offending(window, str(picture))
    assert not problems, f"{where}: {problems}"


def test_no_screen_renders_deck_text(qtbot, window: MainWindow, picture: Path) -> None:  # type: ignore[no-untyped-def]
    check(window, picture, "overview")
    study_deck(window, hostile(picture))
    check(window, picture, "question")
    assert str(picture) in window.study.topic_label.text()  # shown, as text
    press(Qt.Key.Key_Return, CTRL)
    check(window, picture, "feedback")
    assert str(picture) in window.study.expected_label.text()
    press(Qt.Key.Key_1)
    check(window, picture, "second question")
    press(Qt.Key.Key_2, CTRL)
    window.exam.runner.confirm_submit = lambda _text: True
    window.exam.setup_page.start_button.click()
    check(window, picture, "exam question")
    window.exam.runner.request_submit()
    check(window, picture, "exam results")
    review = window.exam.results_page.review.plain_text()
    assert str(picture) in review  # the review shows the text, escaped
    press(Qt.Key.Key_3, CTRL)
    check(window, picture, "browse")
    assert str(picture) in window.browse.preview.toPlainText()
    press(Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: bool(window.stats.figures), timeout=20_000)
    check(window, picture, "statistics")
    dialog = window.show_decks()
    check(dialog, picture, "decks dialog")
    dialog.done(0)


def test_section_names_reach_charts_escaped(qtbot, window: MainWindow, picture: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCharts import QBarCategoryAxis

    press(Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: bool(window.stats.figures), timeout=20_000)
    categories = [
        category
        for view in window.stats.views.values()
        for axis in view.chart().axes()
        if isinstance(axis, QBarCategoryAxis)
        for category in axis.categories()
    ]
    with_path = [c for c in categories if str(picture) in c]
    assert all("<img" not in c for c in with_path)


def test_import_preview_shows_names_as_text(
    qtbot, window: MainWindow, tmp_path: Path, picture: Path
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "hostile.gift"
    source.write_text(
        f"$CATEGORY: {hostile(picture)}\n\n::Q1:: What is two plus two? {{#4}}\n",
        encoding="utf-8",
    )
    dialog = window.import_file(source)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)
    check(dialog, picture, "import preview")
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    check(dialog, picture, "import stored")
    dialog.done(0)
