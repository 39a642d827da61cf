"""The first-run welcome: what dlquiz does in a few lines, and a button to begin.

It is shown once per collection (``Settings.welcome_done``), never in
``--smoke-test`` and never for terminal commands, and it does not block:
the window behind it already works.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from dlquiz.gui.main_window import MainWindow

WELCOME_HTML = """<h2>Welcome to dlquiz</h2>
<p>Learn the chapter <i>The Deep Learning Revolution (2010–2018)</i> and keep it.</p>
<ul>
<li><b>Study</b>: one question at a time. Type or pick your answer, press Enter, then rate
how well you knew it (1–4). Spaced repetition (FSRS) brings each card back just before you
would forget it; each deck brings %(new)d new cards a day.</li>
<li><b>Exam</b>: a timed test drawn from the chapter, marked at the end, with a pass mark.</li>
<li><b>Import</b>: File ▸ Import (Ctrl+I) or drop a file on the window: Anki, Quizlet/CSV,
GIFT, Aiken and Moodle XML decks.</li>
<li><b>Demo</b>: watch the chapter's ideas at work in small PyTorch experiments
(needs the optional <code>demo</code> extra).</li>
</ul>
<p>Press F1 at any time for the keyboard shortcuts; Tools ▸ Settings (Ctrl+,) changes the
daily limits, exam defaults, theme and font size.</p>"""


class WelcomeDialog(QDialog):
    """Explains the four parts of dlquiz and starts the first session."""

    def __init__(self, *, new_per_day: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to dlquiz")
        self.setAccessibleName("Welcome to dlquiz")
        layout = QVBoxLayout(self)
        self.text = QLabel(WELCOME_HTML % {"new": new_per_day})
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAccessibleName("What dlquiz does")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox()
        self.start_button = QPushButton("&Start studying")
        self.start_button.setAccessibleName("Start studying")
        self.start_button.setToolTip("Close this and answer the first question")
        self.start_button.setDefault(True)
        self.later_button = QPushButton("&Look around first")
        self.later_button.setAccessibleName("Look around first")
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text.setMaximumWidth(600)
        # Its size is its text's: a window manager draws no resize handle (the
        # stray line under the buttons) for a window that cannot be resized.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)


def maybe_show_welcome(window: MainWindow, *, smoke: bool) -> WelcomeDialog | None:
    """Show the welcome if this collection has never seen it (not in smoke tests).

    It counts as seen as soon as it is shown, so a crash or a closed window
    does not bring it back.  "Start studying" opens the Study tab and starts
    the session; either way the learner's focus goes to the first question.
    """
    collection = window.collection
    settings = collection.settings()
    if smoke or settings.welcome_done:
        return None
    collection.save_settings(replace(settings, welcome_done=True))
    dialog = WelcomeDialog(new_per_day=settings.new_per_day, parent=window)

    def finished(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            window.tabs.setCurrentWidget(window.study)
            window.study.start()
        window.activateWindow()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
