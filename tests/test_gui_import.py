"""File > Import in the window: preview, store, refuse, cancel, on a real collection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dlquiz.gui.main_window import MainWindow
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.decks_store import list_decks
from tests.helpers import open_test_collection

GIFT = """// a tiny quiz
::Year::In which year did AlexNet win ImageNet? {#2012}

::Lab::Which lab built ResNet? {=Microsoft Research ~Google ~Oxford ~DeepMind}

::TF::GPUs helped train AlexNet. {T}
"""


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    collection = open_test_collection(tmp_path / "c.dlquiz")
    win = MainWindow(collection, QuestionBank(collection))
    qtbot.addWidget(win)
    win.show()
    yield win
    if not collection.closed:
        collection.close(backup=False)


def deck_names(win: MainWindow) -> list[str]:
    with win.collection.session() as s:
        return [d.name for d in list_decks(s)]


def test_preview_then_store(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "quiz.gift"
    source.write_text(GIFT, encoding="utf-8")
    dialog = window.import_file(source)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)  # the preview is shown
    assert "3 questions as gift (1 multiple-choice question, 1 true/false question, " in (
        dialog.status.text()
    )
    assert dialog.import_button.isEnabled()
    assert len(deck_names(window)) == 1  # nothing stored by the preview
    dialog.name_edit.setText("My GIFT quiz")
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    assert "My GIFT quiz" in deck_names(window)
    assert "My GIFT quiz" in window.study.deck_names.values()
    dialog.done(0)


def test_one_question_is_counted_in_the_singular(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "one.gift"
    source.write_text(GIFT.split("\n\n", maxsplit=1)[0] + "\n", encoding="utf-8")
    dialog = window.import_file(source)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)
    assert dialog.status.text().startswith("one.gift: 1 question as gift (1 typed answer).")
    dialog.done(0)


def test_preview_warns_of_what_lint_finds(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "giveaway.gift"
    source.write_text(
        "::Lab::Did Microsoft Research build ResNet? Which lab built it? "
        "{=Microsoft Research ~Google ~Oxford ~DeepMind}\n\n" + GIFT,
        encoding="utf-8",
    )
    dialog = window.import_file(source)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)
    details = dialog.details.toPlainText()
    assert "warning" in details and "the prompt contains the answer" in details
    assert dialog.import_button.isEnabled()  # a warning does not block the import
    dialog.done(0)

    clean = tmp_path / "clean.gift"
    clean.write_text(
        "::Year::In which year did AlexNet win ImageNet? {#2012}\n\n"
        "::Lab::Which lab built ResNet? {=Microsoft ~Google ~Oxford ~DeepMind}\n",
        encoding="utf-8",
    )
    dialog = window.import_file(clean)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)
    assert "⚠" not in dialog.details.toPlainText()
    dialog.done(0)


def test_broken_file_stores_nothing_and_says_where(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "broken.apkg"
    source.write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a truncated zip
    dialog = window.import_file(source)
    qtbot.waitUntil(lambda: "not imported" in dialog.status.text(), timeout=20_000)
    assert "Nothing was stored" in dialog.status.text()
    assert "broken.apkg" in dialog.details.toPlainText()
    assert not dialog.import_button.isEnabled()
    assert len(deck_names(window)) == 1
    dialog.done(0)


def test_cancel_stops_a_large_import(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "big.csv"
    source.write_text("".join(f"front {i},back {i}\n" for i in range(200_000)), encoding="utf-8")
    dialog = window.import_file(source)
    dialog.cancel_button.click()  # cancels and closes at once
    assert dialog.worker.cancel_event.is_set()
    assert not dialog.worker_thread.isRunning()
    assert len(deck_names(window)) == 1


BAD = "cat\tgato\ndog\tperro\nbird\nfish\tpez\nlonely\n"


def test_bad_rows_are_listed_and_block_the_import(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "words.txt"
    source.write_text(BAD, encoding="utf-8")
    dialog = window.import_file(source)
    qtbot.waitUntil(dialog.skip_bad.isVisible, timeout=20_000)
    assert "2 bad rows cannot be read" in dialog.status.text()
    details = dialog.details.toPlainText()
    assert "Bad row: words.txt:3: only 1 field" in details
    assert "Bad row: words.txt:5: only 1 field" in details
    assert not dialog.import_button.isEnabled()
    assert not dialog.skip_bad.isChecked()
    assert QApplication.focusWidget() is dialog.skip_bad
    dialog.done(0)
    assert len(deck_names(window)) == 1


def test_leaving_bad_rows_out_stores_the_rest(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "words.txt"
    source.write_text(BAD, encoding="utf-8")
    dialog = window.import_file(source)
    qtbot.waitUntil(dialog.skip_bad.isVisible, timeout=20_000)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # tick the box
    assert dialog.skip_bad.isChecked()
    assert dialog.import_button.isEnabled()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # and untick it again
    assert not dialog.import_button.isEnabled()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as stored:
        dialog.import_button.click()
    assert stored.args[0].report.added >= 3
    assert "words" in deck_names(window)
    dialog.done(0)


def test_a_clean_file_shows_no_choice(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "clean.txt"
    source.write_text("cat\tgato\ndog\tperro\n", encoding="utf-8")
    dialog = window.import_file(source)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=20_000)
    assert not dialog.skip_bad.isVisible()
    dialog.done(0)
