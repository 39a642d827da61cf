"""The PyTorch install steps read the same in the README, the Demo tab and ``dlquiz demo``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from dlquiz.cli.main import main
from dlquiz.core.labels import TORCH_INSTALL_STEPS, TORCH_NEEDED
from dlquiz.demo import device as devices
from dlquiz.gui.demo_tab import DemoTab

README = Path(__file__).resolve().parents[1] / "README.md"


def flat(text: str) -> str:
    """Runs of spaces and line breaks as one space: wrapping is not wording."""
    return re.sub(r"\s+", " ", text)


def assert_steps_in_order(text: str, where: str) -> None:
    position = 0
    for sentence, command in TORCH_INSTALL_STEPS:
        for part in (sentence, command):
            found = flat(text).find(flat(part), position)
            assert found >= 0, f"{where} lacks, or has out of order: {part!r}"
            position = found + len(flat(part))


def readme_demo_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### The live demo")
    return text[start : text.index("\n## ", start)]


def test_the_readme_gives_the_steps() -> None:
    assert_steps_in_order(readme_demo_section(), "README's live demo section")


def test_the_demo_tab_without_torch_only_gives_the_same_steps(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(devices, "torch_available", lambda: False)
    tab = DemoTab()
    qtbot.addWidget(tab)
    tab.show()
    document = QTextDocument()
    document.setHtml(tab.message.text())
    shown = document.toPlainText()  # what the learner reads, not the markup
    assert flat(shown).startswith(TORCH_NEEDED)
    assert_steps_in_order(shown, "the Demo tab")
    assert_steps_in_order(readme_demo_section(), "README")  # so the two agree
    assert not hasattr(tab, "run_button") and not hasattr(tab, "device_box")  # only the steps
    assert tab.worker is None and tab.worker_thread is None  # nothing was started


def test_the_command_without_torch_gives_the_same_steps(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(devices, "torch_available", lambda: False)
    assert main(["demo"]) == 1
    assert_steps_in_order(capsys.readouterr().err, "dlquiz demo's message")
