"""The Study view: one question at a time, feedback, and the four ratings.

Keyboard: Enter checks (Ctrl+Enter in a list box); then 1-4 rate and move
on, Space or Enter take the suggested rating; Ctrl+Z takes the last answer
back.  A graded answer is committed with its suggested rating the moment it
is checked, so closing or crashing never loses it; choosing another rating
before moving on amends that same review.
"""

from __future__ import annotations

import html
from collections import Counter
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dlquiz.chapter import shown_section
from dlquiz.core.ids import CardId, DeckId
from dlquiz.core.labels import NO_ANSWER_SIDE, RATING_LABELS, marking_note, outcome_text
from dlquiz.core.media import card_media
from dlquiz.core.model import Grade, QuestionType
from dlquiz.core.plain import plain_text
from dlquiz.core.scheduling import Rating, format_interval
from dlquiz.core.wording import count
from dlquiz.gui import deck_overview as overview_names
from dlquiz.gui import texts
from dlquiz.gui.answer_widgets import AnswerWidget, make_answer_widget
from dlquiz.gui.card_media import CardMediaStrip
from dlquiz.gui.deck_overview import DeckOverviewPage
from dlquiz.gui.forms import FocusFollowingScrollArea, question_labels
from dlquiz.gui.style import verdict_colour
from dlquiz.storage.study import Graded, Revealed, StudyCard, StudyService

if TYPE_CHECKING:
    from dlquiz.gui.report_dialog import ReportDialog


class StudyPhase(Enum):
    """Where the study view stands; it decides which keys are live."""

    IDLE = "idle"
    QUESTION = "question"  # waiting for an answer
    REVEAL = "reveal"  # a flashcard's front, waiting for Space
    FEEDBACK = "feedback"  # verdict and rating buttons
    SUMMARY = "summary"  # nothing left to study
    OVERVIEW = "overview"  # the deck overview is shown


CARD_MAX_WIDTH = 760  # about 75 characters of the prompt per line: easy to read


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
        self.deck_names: dict[str, str] = {}
        self.current_deck: DeckId | None = None  # None: every enabled deck
        self._shown_at = 0.0
        self._phase = StudyPhase.IDLE
        # Answers typed but not yet checked when the learner left the card (Esc, another
        # deck): shown again when the card comes back, so a slip of Esc loses nothing.
        self._drafts: dict[CardId, str] = {}
        self._build()
        self._shortcuts()

    # --- layout ---

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.addLayout(self._build_top_bar())

        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.overview_page = DeckOverviewPage()
        self.overview_page.study_requested.connect(self.study_deck)
        self.pages.addWidget(self.overview_page)
        self.card_page = self._build_card_page()
        self.summary_page = QLabel()
        self.summary_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary_page.setWordWrap(True)
        self.summary_page.setAccessibleName("Session summary")
        self.summary_page.setTextFormat(Qt.TextFormat.RichText)  # deck names escaped
        self.summary_page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # takes Esc and Enter
        self.pages.addWidget(self.card_page)
        self.pages.addWidget(self.summary_page)

    def _build_card_page(self) -> QWidget:
        """The question as a card: centred, at a readable width, whatever the window's size.

        The card sits in a scroll area: a long answer with its explanation can be taller
        than a small window, and a layout that runs out of height squeezes wrapped labels
        until their lines are cut off mid-sentence.
        """
        page = QWidget()
        self.card_scroll = FocusFollowingScrollArea()
        self.card_scroll.setWidgetResizable(True)
        self.card_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.card_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus stays on the answer
        self.card_scroll.setWidget(page)
        self.card_frame = QFrame()
        self.card_frame.setObjectName("card")
        self.card_frame.setMaximumWidth(CARD_MAX_WIDTH)
        self.card_frame.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        across = QHBoxLayout()
        across.addStretch(1)
        across.addWidget(self.card_frame, 20)
        across.addStretch(1)
        down = QVBoxLayout(page)
        down.addStretch(1)
        down.addLayout(across)
        down.addStretch(3)  # a little above the middle, where the eye rests
        column = QVBoxLayout(self.card_frame)
        column.setContentsMargins(28, 20, 28, 20)
        column.setSpacing(10)
        self.topic_label, self.prompt_label = question_labels()
        self.media_strip = CardMediaStrip(self.service.bank.media)
        self.answer_holder = QVBoxLayout()
        self.check_button = QPushButton(texts.CHECK_BUTTON)
        self.check_button.setToolTip("Grade your answer")
        self.check_button.clicked.connect(self.submit)
        self.reveal_button = QPushButton(texts.SHOW_ANSWER_BUTTON)
        self.reveal_button.clicked.connect(self.reveal)
        self.empty_hint = QLabel(texts.EMPTY_ANSWER_HINT)
        self.empty_hint.setObjectName("hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()
        self._build_feedback()
        for widget in (self.topic_label, self.prompt_label, self.media_strip):
            column.addWidget(widget)
        column.addLayout(self.answer_holder)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.reveal_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.empty_hint)
        column.addWidget(self.feedback)
        return self.card_scroll

    def _build_top_bar(self) -> QHBoxLayout:
        """Back to the deck overview, the deck being studied, and its waiting cards."""
        top = QHBoxLayout()
        self.back_button = QPushButton(texts.BACK_TO_DECKS)
        self.back_button.setToolTip("Every deck with its new, learning and due cards")
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Esc does it; Tab skips it
        self.back_button.clicked.connect(self.show_overview)
        self.deck_label = QLabel()
        self.deck_label.setTextFormat(Qt.TextFormat.PlainText)  # a deck name is deck text
        self.deck_label.setAccessibleName("Deck being studied")
        self.counts_label = QLabel()
        self.counts_label.setAccessibleName("Cards waiting")
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)  # numbers only
        top.addWidget(self.back_button)
        top.addWidget(self.deck_label, 1)
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
        self.expected_label.setObjectName("expected")
        self.detail_label = QLabel()
        for label in (self.verdict_label, self.expected_label, self.detail_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # deck text, never HTML
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
        # Ctrl+Z is the window's Edit > Undo last answer, which calls ``undo``.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.show_overview)
        # Ctrl+Enter checks whatever is there, even nothing ("I don't know").
        self._question_keys = [
            QShortcut(QKeySequence(f"Ctrl+{key}"), self, self.submit) for key in ("Return", "Enter")
        ]
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
        for shortcut in getattr(self, "_question_keys", ()):
            shortcut.setEnabled(phase is StudyPhase.QUESTION)
        if hasattr(self, "_report_key"):
            self._report_key.setEnabled(phase is StudyPhase.FEEDBACK)

    # --- decks and counts ---

    def set_decks(self, decks: list[tuple[str, str]]) -> None:
        """The enabled decks as (id, name) pairs; a deck no longer there is left."""
        self.deck_names = dict(decks)
        if self.current_deck is not None and self.current_deck not in self.deck_names:
            self.current_deck = None
        if self.pages.currentWidget() is self.overview_page:
            self.show_overview()

    def deck_ids(self) -> list[DeckId] | None:
        return None if self.current_deck is None else [self.current_deck]

    def study_deck(self, deck_id: DeckId | None) -> None:
        """Start a session on one deck, or on every enabled deck for None."""
        self.current_deck = deck_id
        self.start()

    def show_overview(self) -> None:
        """The deck overview, with the deck studied last selected."""
        # A checked answer is saved; one not yet checked is kept as a draft (the card stays due).
        self._keep_draft()
        self._clear_answer_widget()
        self._set_phase(StudyPhase.OVERVIEW)
        self.overview_page.show_overview(self.service.overview(), current=self.current_deck)
        self.pages.setCurrentWidget(self.overview_page)
        self._show_top_bar(False)
        self.refresh_counts()
        self.focus_input()

    def start_screen(self) -> None:
        """At start-up: the overview when there are decks to choose from, else study."""
        if len(self.deck_names) > 1:
            self.show_overview()
        else:
            self.start()

    def first_paint_target(self) -> QWidget:
        """The widget whose first paint means the screen the learner waits for is shown.

        The question's text when a card is up, else the page in view.  Not the page
        stack: Qt sends no paint to a widget that opaque children cover completely,
        and the card's scroll area covers it.
        """
        shown = self.pages.currentWidget()
        if shown is None or (shown is self.card_page and self.card is not None):
            return self.prompt_label
        return shown

    def _show_top_bar(self, shown: bool) -> None:
        for widget in (self.back_button, self.deck_label, self.counts_label):
            widget.setVisible(shown)
        name = self.deck_names.get(self.current_deck or "", overview_names.ALL_DECKS)
        self.deck_label.setText(name)

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
        self._keep_draft()  # the card being left, if its answer was not checked
        self.card, self.answered_card = card, None
        question = card.question
        self.pages.setCurrentWidget(self.card_page)
        self._show_top_bar(True)
        self.topic_label.setText(shown_section(question, self.deck_names.get(question.deck, "")))
        self.prompt_label.setText(plain_text(question.text_prompt))
        # Only what the prompt shows: the back's pictures and sounds would give the answer.
        self.media_strip.show_media(
            DeckId(question.deck), card_media(question).with_prompt, occlusion=question.occlusion
        )
        self._clear_answer_widget()
        self.feedback.hide()
        flash = question.type is QuestionType.FLASHCARD
        self.reveal_button.setVisible(flash)
        # True/false answers with one key, so it has no Check button; a list checks
        # with Ctrl+Enter, because Enter starts a new line there.
        one_key = question.type is QuestionType.TRUE_FALSE
        self.check_button.setVisible(not flash and not one_key)
        self.check_button.setText(
            texts.CHECK_LIST_BUTTON if question.type is QuestionType.LIST else texts.CHECK_BUTTON
        )
        self.empty_hint.hide()
        if flash:
            self._set_phase(StudyPhase.REVEAL)
        else:
            self.answer_widget = make_answer_widget(question)
            self.answer_widget.submitted.connect(self._submitted_by_key)
            self.answer_holder.addWidget(self.answer_widget)
            draft = self._drafts.pop(card.card_id, None)
            if draft is not None:
                self.answer_widget.set_answer_text(draft)
            self._set_phase(StudyPhase.QUESTION)
        self.focus_input()
        self._shown_at = self.service.clock.monotonic()

    def _keep_draft(self) -> None:
        widget, card = self.answer_widget, self.card
        if self._phase is StudyPhase.QUESTION and widget is not None and card is not None:
            if widget.touched():
                self._drafts[card.card_id] = widget.answer_text()

    def _clear_answer_widget(self) -> None:
        if self.answer_widget is not None:
            self.answer_holder.removeWidget(self.answer_widget)
            self.answer_widget.setParent(None)
            self.answer_widget.deleteLater()
            self.answer_widget = None

    def _elapsed_ms(self) -> int:
        return int((self.service.clock.monotonic() - self._shown_at) * 1000)

    def focus_input(self) -> None:
        """The focus rule: the widget that takes the next key of the learner's answer."""
        if not self.isVisible():  # a hidden view must not take the focus from the shown one
            return
        page = self.pages.currentWidget()
        if page is self.overview_page:
            self.overview_page.focus_input()
        elif page is self.summary_page:
            self.summary_page.setFocus()
        elif self._phase is StudyPhase.FEEDBACK:
            self.rating_buttons[self.suggested].setFocus()
        elif self._phase is StudyPhase.REVEAL:
            self.reveal_button.setFocus()
        elif self.answer_widget is not None:
            self.answer_widget.focus_input()

    def _submitted_by_key(self) -> None:
        """Enter in the answer: an empty answer is not checked (a stray second Enter
        after rating must not grade the next card as "not answered")."""
        widget = self.answer_widget
        if widget is not None and not widget.deliberate_key and not widget.touched():
            self.empty_hint.show()
            return
        self.submit()

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
        media = card_media(question)
        # The answer side shows the front's media and the back's, and an occlusion's answer.
        if media.after_answer or question.occlusion is not None:
            self.media_strip.show_media(
                DeckId(question.deck), media.all, occlusion=question.occlusion, answer_side=True
            )
        self.check_button.hide()
        self.reveal_button.hide()
        if self.answer_widget is not None:
            self.answer_widget.lock()  # read-only, in full colour: the graded text stays legible
        if isinstance(shown, Graded):
            verdict = shown.grade.verdict
            self.verdict_label.setText(f"{outcome_text(verdict)}  ({shown.grade.score:.0%})")
            self.verdict_label.setStyleSheet(f"color: {verdict_colour(self, verdict)};")
            self.expected_label.setText(f"Answer: {plain_text(shown.grade.expected)}")
            detail = [marking_note(shown.grade.feedback)]
        else:
            self.verdict_label.setText("How well did you know it?")
            self.verdict_label.setStyleSheet("")
            answer = plain_text(question.answer)
            self.expected_label.setText(f"Answer: {answer}" if answer else NO_ANSWER_SIDE)
            detail = []
        if question.explanation:
            detail.append(question.explanation)
        # The section is already at the top of the card: not repeated here.
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
        self.empty_hint.hide()
        self.feedback.show()
        self.focus_input()

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
        from dlquiz.gui.report_dialog import ReportDialog

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
        from dlquiz.storage.reports import report_problem

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
                f"<h2>Session complete</h2><p>{count(done, 'card')} studied: "
                f"{self.tally['correct']} correct, {self.tally['partial']} partly right, "
                f"{self.tally['incorrect']} not right, "
                f"{count(self.tally['flashcard'], 'flashcard')}.</p>"
                "<p>Nothing more is due now. Come back tomorrow.</p>"
            )
        notes = overview_names.limit_notes(self.service.overview())
        if notes:
            text += "".join(f"<p>{html.escape(note)}</p>" for note in notes)
        text += "<p>Esc: back to the decks.</p>"
        self.summary_page.setText(text)
        self.pages.setCurrentWidget(self.summary_page)
        self._show_top_bar(True)
        self.focus_input()
