"""The Study view: one question at a time, feedback, and the four ratings.

Keyboard: Enter checks (Ctrl+Enter in a list box); then 1-4 rate and move
on, Space or Enter take the suggested rating; Ctrl+Z takes the last answer
back.  A graded answer is committed with its suggested rating the moment it
is checked, so closing or crashing never loses it; choosing another rating
before moving on amends that same review.
"""

from __future__ import annotations

from collections import Counter
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dlquiz.chapter import shown_section
from dlquiz.core.ids import DeckId
from dlquiz.core.labels import RATING_LABELS, outcome_text
from dlquiz.core.model import Grade, Question, QuestionType
from dlquiz.core.plain import plain_text
from dlquiz.core.scheduling import Rating, format_interval
from dlquiz.gui.answer_widgets import AnswerWidget, make_answer_widget
from dlquiz.gui.forms import buddy_label
from dlquiz.gui.report_dialog import ReportDialog
from dlquiz.gui.style import verdict_colour
from dlquiz.storage.reports import report_problem
from dlquiz.storage.study import Graded, Revealed, StudyCard, StudyService


class StudyPhase(Enum):
    """Where the study view stands; it decides which keys are live."""

    IDLE = "idle"
    QUESTION = "question"  # waiting for an answer
    REVEAL = "reveal"  # a flashcard's front, waiting for Space
    FEEDBACK = "feedback"  # verdict and rating buttons
    SUMMARY = "summary"  # nothing left to study


class StudyView(QWidget):
    """Studies the due queue of the chosen decks."""

    counts_changed = Signal(int)  # cards waiting, for the status bar
    answered = Signal()

    def __init__(self, service: StudyService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.card: StudyCard | None = None
        self.answered_card: Graded | Revealed | None = None
        self.answer_widget: AnswerWidget | None = None
        self.tally: Counter[str] = Counter()
        self._shown_at = 0.0
        self._phase = StudyPhase.IDLE
        self._build()
        self._shortcuts()

    # --- layout ---

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.addLayout(self._build_top_bar())

        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.card_page = QWidget()
        self.summary_page = QLabel()
        self.summary_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary_page.setWordWrap(True)
        self.summary_page.setAccessibleName("Session summary")
        self.pages.addWidget(self.card_page)
        self.pages.addWidget(self.summary_page)

        column = QVBoxLayout(self.card_page)
        column.setContentsMargins(24, 12, 24, 12)
        self.topic_label = QLabel()
        self.topic_label.setObjectName("topic")
        self.prompt_label = QLabel()
        self.prompt_label.setObjectName("prompt")
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt_label.setAccessibleName("Question")
        self.image_label = QLabel()
        self.image_label.setAccessibleName("Picture for the question")
        self.image_label.hide()
        self.answer_holder = QVBoxLayout()
        self.check_button = QPushButton("&Check  (Enter)")
        self.check_button.setToolTip("Grade your answer")
        self.check_button.clicked.connect(self.submit)
        self.reveal_button = QPushButton("Show &answer  (Space)")
        self.reveal_button.clicked.connect(self.reveal)

        self._build_feedback()

        column.addWidget(self.topic_label)
        column.addWidget(self.prompt_label)
        column.addWidget(self.image_label)
        column.addSpacing(8)
        column.addLayout(self.answer_holder)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.reveal_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.feedback)
        column.addStretch(1)

    def _build_top_bar(self) -> QHBoxLayout:
        """The deck chooser and the counts of waiting cards."""
        top = QHBoxLayout()
        self.deck_box = QComboBox()
        self.deck_box.setAccessibleName("Deck to study")
        self.deck_box.setToolTip("Study all enabled decks or just one")
        self.deck_box.currentIndexChanged.connect(self._deck_changed)
        self.counts_label = QLabel()
        self.counts_label.setAccessibleName("Cards waiting")
        top.addWidget(buddy_label("&Deck:", self.deck_box))
        top.addWidget(self.deck_box, 1)
        top.addStretch(1)
        top.addWidget(self.counts_label)
        return top

    def _build_feedback(self) -> None:
        """The verdict, the expected answer, the explanation and the rating buttons."""
        self.feedback = QFrame()
        self.feedback.setObjectName("feedback")
        fb = QVBoxLayout(self.feedback)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setAccessibleName("Verdict")
        self.expected_label = QLabel()
        self.detail_label = QLabel()
        for label in (self.expected_label, self.detail_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fb.addWidget(self.verdict_label)
        fb.addWidget(self.expected_label)
        fb.addWidget(self.detail_label)
        ratings = QHBoxLayout()
        self.rating_buttons: dict[Rating, QPushButton] = {}
        for rating in Rating:
            button = QPushButton()
            button.setAccessibleName(f"Rate {RATING_LABELS[rating]}")
            button.setToolTip(f"Key {int(rating)}")
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
            ratings.addWidget(button)
            self.rating_buttons[rating] = button
        fb.addLayout(ratings)
        self.report_button = QPushButton("&Report a problem…")
        self.report_button.setToolTip("Key R: mark this question as wrong or unclear")
        self.report_button.clicked.connect(self.report_problem)
        fb.addWidget(self.report_button)
        self.continue_hint = QLabel(
            "1–4 rate · Space or Enter: continue with the highlighted rating"
        )
        self.continue_hint.setObjectName("hint")
        fb.addWidget(self.continue_hint)

    def _shortcuts(self) -> None:
        # Active only after an answer: while answering, these keys belong to the inputs.
        self._after_answer_keys: list[QShortcut] = []
        for rating in Rating:
            self._after_answer_keys.append(
                QShortcut(QKeySequence(str(int(rating))), self, lambda r=rating: self.rate(r))
            )
        for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._after_answer_keys.append(QShortcut(QKeySequence(key), self, self._continue))
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        self._report_key = QShortcut(QKeySequence(Qt.Key.Key_R), self, self.report_problem)
        self._set_phase(StudyPhase.IDLE)

    @property
    def phase(self) -> StudyPhase:
        return self._phase

    @property
    def grade(self) -> Grade | None:
        """The grade of the answer on screen; None for a flashcard or before answering."""
        return self.answered_card.grade if isinstance(self.answered_card, Graded) else None

    @property
    def suggested(self) -> Rating:
        """The highlighted rating that Space or Enter takes."""
        return Rating.GOOD if self.answered_card is None else self.answered_card.suggested

    def _set_phase(self, phase: StudyPhase) -> None:
        self._phase = phase
        for shortcut in self._after_answer_keys:
            shortcut.setEnabled(phase in (StudyPhase.FEEDBACK, StudyPhase.REVEAL))
        if hasattr(self, "_report_key"):
            self._report_key.setEnabled(phase is StudyPhase.FEEDBACK)

    # --- decks and counts ---

    def set_decks(self, decks: list[tuple[str, str]]) -> None:
        """Fill the deck chooser with (id, name) pairs."""
        self.deck_box.blockSignals(True)
        self.deck_box.clear()
        self.deck_box.addItem("All enabled decks", None)
        for deck_id, name in decks:
            self.deck_box.addItem(name, deck_id)
        self.deck_box.blockSignals(False)

    def deck_ids(self) -> list[DeckId] | None:
        data = self.deck_box.currentData()
        return None if data is None else [DeckId(str(data))]

    def _deck_changed(self) -> None:
        self.start()

    def refresh_counts(self) -> None:
        counts = self.service.counts(self.deck_ids())
        self.counts_label.setText(
            f"New <b>{counts.new}</b> · Learning <b>{counts.learning}</b> · "
            f"Due <b>{counts.review}</b>"
        )
        self.counts_changed.emit(counts.total)

    # --- the cycle ---

    def start(self) -> None:
        """Show the next due card, or the summary when nothing is due."""
        self.tally.clear()
        self.next_card()

    def next_card(self) -> None:
        self.card = self.service.next_card(self.deck_ids())
        self.refresh_counts()
        if self.card is None:
            self._show_summary()
            return
        self.show_card(self.card)

    def show_card(self, card: StudyCard) -> None:
        """Ask ``card`` now (the next due card, an undone one, or one chosen in Browse)."""
        self.card, self.answered_card = card, None
        question = card.question
        self.pages.setCurrentWidget(self.card_page)
        self.topic_label.setText(shown_section(question))
        self.prompt_label.setText(plain_text(question.text_prompt))
        self._show_image(question)
        self._clear_answer_widget()
        self.feedback.hide()
        flash = question.type is QuestionType.FLASHCARD
        self.reveal_button.setVisible(flash)
        self.check_button.setVisible(not flash)
        if flash:
            self._set_phase(StudyPhase.REVEAL)
            self.reveal_button.setFocus()
        else:
            self.answer_widget = make_answer_widget(question)
            self.answer_widget.submitted.connect(self.submit)
            self.answer_holder.addWidget(self.answer_widget)
            self._set_phase(StudyPhase.QUESTION)
            self.answer_widget.focus_input()
        self._shown_at = self.service.clock.monotonic()

    def _show_image(self, question: Question) -> None:
        """Show the question's first picture (imported decks), scaled to fit."""
        data = None
        for name in question.media:
            data = self.service.bank.media(question.deck, name)
            if data:
                break
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            if pixmap.height() > 320:
                pixmap = pixmap.scaledToHeight(320, Qt.TransformationMode.SmoothTransformation)
            self.image_label.setPixmap(pixmap)
            self.image_label.show()
        else:
            self.image_label.clear()
            self.image_label.hide()

    def _clear_answer_widget(self) -> None:
        if self.answer_widget is not None:
            self.answer_holder.removeWidget(self.answer_widget)
            self.answer_widget.setParent(None)
            self.answer_widget.deleteLater()
            self.answer_widget = None

    def _elapsed_ms(self) -> int:
        return int((self.service.clock.monotonic() - self._shown_at) * 1000)

    def submit(self) -> None:
        """Grade the answer, commit it with the suggested rating, show feedback."""
        if self._phase is not StudyPhase.QUESTION or self.card is None:
            return
        if self.answer_widget is None:
            return
        shown = self.service.answer(
            self.card, self.answer_widget.answer_text(), duration_ms=self._elapsed_ms()
        )
        self.answered_card = shown
        self.tally[shown.grade.verdict.value] += 1
        self.answered.emit()
        self.refresh_counts()
        self._show_feedback(shown)

    def reveal(self) -> None:
        """Flashcards: show the back and wait for the learner's rating."""
        if self._phase is not StudyPhase.REVEAL or self.card is None:
            return
        self.answered_card = self.service.reveal(self.card)
        self._show_feedback(self.answered_card)

    def _show_feedback(self, shown: Graded | Revealed) -> None:
        question = shown.card.question
        intervals = shown.intervals
        self._set_phase(StudyPhase.FEEDBACK)
        self.check_button.hide()
        self.reveal_button.hide()
        if self.answer_widget is not None:
            self.answer_widget.setEnabled(False)
        if isinstance(shown, Graded):
            verdict = shown.grade.verdict
            self.verdict_label.setText(f"{outcome_text(verdict)}  ({shown.grade.score:.0%})")
            self.verdict_label.setStyleSheet(f"color: {verdict_colour(self, verdict)};")
            self.expected_label.setText(f"Answer: {plain_text(shown.grade.expected)}")
            detail = [shown.grade.feedback]
        else:
            self.verdict_label.setText("How well did you know it?")
            self.verdict_label.setStyleSheet("")
            self.expected_label.setText(f"Answer: {plain_text(question.answer)}")
            detail = []
        if question.explanation:
            detail.append(question.explanation)
        if question.topic:
            detail.append(f"Section: {question.topic}")
        self.detail_label.setText("\n\n".join(d for d in detail if d))
        for rating, button in self.rating_buttons.items():
            button.setText(
                f"{int(rating)} {RATING_LABELS[rating]}\n{format_interval(intervals[rating])}"
            )
            suggested = rating is shown.suggested
            button.setDefault(suggested)
            font = button.font()
            font.setBold(suggested)
            button.setFont(font)
            button.setAccessibleDescription("suggested" if suggested else "")
        self.feedback.show()
        self.rating_buttons[shown.suggested].setFocus()

    def rate(self, rating: Rating) -> None:
        """Record (or amend to) ``rating`` and move to the next card."""
        shown = self.answered_card
        if self._phase is not StudyPhase.FEEDBACK or shown is None:
            return
        self.service.rate(shown, rating, duration_ms=self._elapsed_ms())
        if isinstance(shown, Revealed):  # a flashcard: this rating was its one record
            self.tally["flashcard"] += 1
            self.answered.emit()
        self.tally["answered"] += 1
        self.next_card()

    def report_problem(self) -> None:
        """Ask why the question is doubtful; on Report, store it, suspend the card, go on."""
        shown = self.answered_card
        if self._phase is not StudyPhase.FEEDBACK or shown is None:
            return
        dialog = ReportDialog(plain_text(shown.card.question.text_prompt), self)
        self.report_dialog = dialog
        dialog.accepted.connect(lambda: self._reported(dialog))
        dialog.open()
        dialog.activateWindow()
        dialog.note.setFocus()

    def _reported(self, dialog: ReportDialog) -> None:
        shown = self.answered_card
        if shown is None:
            return
        report_problem(
            self.service.collection,
            card_id=shown.card.card_id,
            reason=dialog.reason(),
            note=dialog.note.text(),
            now=self.service.clock.now(),
        )
        self.tally["answered"] += 1
        self.next_card()

    def _continue(self) -> None:
        """Space or Enter: reveal a flashcard, or move on with the highlighted rating."""
        if self._phase is StudyPhase.REVEAL:
            self.reveal()
        elif self._phase is StudyPhase.FEEDBACK:
            self.rate(self.suggested)

    def undo(self) -> None:
        """Take back the last answer and ask that card again."""
        card = self.service.undo_last()
        if card is None:
            return
        self.tally["answered"] = max(0, self.tally["answered"] - 1)
        self.refresh_counts()
        self.show_card(card)

    def _show_summary(self) -> None:
        self._set_phase(StudyPhase.SUMMARY)
        self._clear_answer_widget()
        done = self.tally["answered"]
        if done == 0:
            text = (
                "<h2>Nothing is due right now.</h2><p>New cards arrive each day; reviews "
                "come back when FSRS expects you to be about to forget them.</p>"
            )
        else:
            text = (
                f"<h2>Session complete</h2><p>{done} cards studied: "
                f"{self.tally['correct']} correct, {self.tally['partial']} partly right, "
                f"{self.tally['incorrect']} not right, {self.tally['flashcard']} flashcards.</p>"
                "<p>Nothing more is due now. Come back tomorrow.</p>"
            )
        self.summary_page.setText(text)
        self.pages.setCurrentWidget(self.summary_page)
