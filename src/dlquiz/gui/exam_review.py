"""The review of every question after an exam: text as plain text, pictures as on the card.

Each question is a small block of labels (never rich text: a deck's text
could hold markup such as ``<img src=file:...>``, which a rich label would
load) with the question's pictures in a :class:`CardMediaStrip`, as the exam
page showed them; the pictures of the card's back follow the right answer,
since nothing is left to give away once the exam is marked.

The blocks sit in a scroll area that takes the focus, so ↑/↓ and PgUp/PgDn
read through the review from the keyboard.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.exam import Outcome, ReviewItem
from dlquiz.core.ids import DeckId
from dlquiz.core.labels import marking_note, outcome_text
from dlquiz.core.media import card_media
from dlquiz.core.model import Question
from dlquiz.core.plain import plain_text
from dlquiz.gui.card_media import CardMediaStrip, Fetch
from dlquiz.gui.style import READING

Lookup = Callable[[str], Question | None]  # question id -> the question, if still stored
NO_ANSWER = "(none)"


def _text(text: str, *, name: str = "", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setAccessibleName(name)
    if object_name:
        label.setObjectName(object_name)
    return label


def heading(item: ReviewItem) -> str:
    flag = "  ⚑ flagged" if item.flagged else ""
    return f"{item.number}. {outcome_text(item.outcome)} ({item.score:.0%}){flag}"


def answer_rows(item: ReviewItem) -> list[tuple[str, str]]:
    """The labelled lines under the prompt: the answers, the marking, the section."""
    rows = [
        ("Your answer:", item.your_answer or NO_ANSWER),
        ("Correct answer:", plain_text(item.correct_answer)),
    ]
    note = marking_note(item.feedback)
    if note and item.outcome is not Outcome.UNANSWERED:
        rows.append(("Marking:", note))
    if item.topic:
        rows.append(("Section:", item.topic))
    return rows


class ReviewEntry(QFrame):
    """One question of the review: heading, prompt, pictures, answers, explanation."""

    def __init__(
        self, item: ReviewItem, question: Question | None, fetch: Fetch, *, rule_above: bool
    ) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 6)
        if rule_above:  # a line between questions, as the exam's pages are apart
            rule = QFrame()
            rule.setFrameShape(QFrame.Shape.HLine)
            column.addWidget(rule)
        self.lines: list[str] = []  # what the labels say, in reading order
        title = _text(heading(item), name=f"Question {item.number}")
        title.setStyleSheet("font-weight: 600;")
        self._add(column, title)
        self._add(column, _text(plain_text(item.prompt), name="Question"))
        # Parented before they are filled: a strip without a parent would show as a window.
        self.prompt_media = CardMediaStrip(fetch, parent=self)
        self.answer_media = CardMediaStrip(fetch, parent=self)
        if question is not None:
            media, deck = card_media(question), DeckId(question.deck)
            self.prompt_media.show_media(deck, media.with_prompt)
            self.answer_media.show_media(deck, media.after_answer)
        column.addWidget(self.prompt_media)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for caption, value in answer_rows(item):
            form.addRow(_text(caption), _text(value, name=caption.rstrip(":")))
            self.lines.append(f"{caption} {value}")
        column.addLayout(form)
        column.addWidget(self.answer_media)
        if item.explanation:
            why = _text(plain_text(item.explanation), name="Explanation")
            why.setStyleSheet("font-style: italic;")
            self._add(column, why)

    def _add(self, column: QVBoxLayout, label: QLabel) -> None:
        self.lines.append(label.text())
        column.addWidget(label)

    def text(self) -> str:
        return "\n".join(self.lines)

    def pictures(self) -> int:
        return len(self.prompt_media.pictures) + len(self.answer_media.pictures)


class ExamReviewPane(QScrollArea):
    """Every question of a marked exam, one block after another, read by keys."""

    def __init__(self, lookup: Lookup, fetch: Fetch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._fetch = fetch
        self.entries: list[ReviewEntry] = []
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; arrows scroll
        self.setObjectName(READING)  # a frame in the highlight colour while it has the focus
        self.setAccessibleName("Review of every question")
        self._body = QWidget()
        self._column = QVBoxLayout(self._body)
        self._column.addStretch(1)
        self.setWidget(self._body)

    def show_items(self, items: Sequence[ReviewItem]) -> None:
        for entry in self.entries:
            self._column.removeWidget(entry)
            entry.setParent(None)
            entry.deleteLater()
        self.entries = []
        for item in items:
            question = self._lookup(item.question_id)
            entry = ReviewEntry(item, question, self._fetch, rule_above=bool(self.entries))
            self._column.insertWidget(len(self.entries), entry)
            self.entries.append(entry)
        self.verticalScrollBar().setValue(0)

    def plain_text(self) -> str:
        """Everything the review says, as the labels show it (for reading aloud and tests)."""
        return "\n".join(entry.text() for entry in self.entries)
