"""Drives a running exam on its page: countdown, answers, navigation, flags, submit.

The rules (timing, locking) are core's :class:`ExamSession`.  A 250 ms timer
calls :meth:`ExamRunner.tick`, which also saves the answer on screen when it
changed: an answer is stored within a quarter of a second of being given,
and always before navigation, flagging or submitting.

Accessible timing: the countdown label keeps a fixed accessible name and is
not a live region, so screen readers do not hear it every second; crossing
5 min, 1 min and 30 s is announced once, and Ctrl+T says the time on demand.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAccessible, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget

from dlquiz.chapter import shown_section
from dlquiz.core.clock import Clock
from dlquiz.core.exam import ExamLocked, ExamSession, Tick, describe_time_left
from dlquiz.core.ids import DeckId
from dlquiz.core.labels import question_numbers
from dlquiz.core.media import card_media
from dlquiz.core.plain import plain_text
from dlquiz.core.wording import count
from dlquiz.gui.answer_widgets import AnswerWidget, make_answer_widget
from dlquiz.gui.card_media import CardMediaStrip
from dlquiz.gui.exam_run import ExamRunPage
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.deck_service import DeckService

TICK_MS = 250


def announce(widget: QWidget, text: str) -> None:
    """Ask screen readers to say ``text`` once (Qt 6.8 and later)."""
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent
    except ImportError:  # older Qt: the status bar message is all there is
        return
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


class ExamRunner(QObject):
    """Runs one :class:`ExamSession` at a time on ``page``.

    ``finished`` fires once the exam is submitted (by the learner or at
    zero); ``message`` carries text for the status bar, also announced.
    """

    finished = Signal()
    message = Signal(str)

    def __init__(self, page: ExamRunPage, bank: QuestionBank, clock: Clock) -> None:
        super().__init__(page)
        self.page = page
        self.bank = bank
        self.clock = clock
        self.session: ExamSession | None = None
        self._deck_names: dict[str, str] = {}
        self.answer_widget: AnswerWidget | None = None
        self.media_strip = CardMediaStrip(bank.media)
        page.media_holder.addWidget(self.media_strip)
        self.last_announcement = ""
        self._baseline = ""  # the answer text as shown, to notice changes
        # Replaced in tests: shows the confirmation and says whether to submit.
        self.confirm_submit: Callable[[str], bool] = self._ask_submit
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        page.next_button.clicked.connect(self.next_question)
        page.previous_button.clicked.connect(self.previous_question)
        page.flag_button.clicked.connect(self.toggle_flag)
        page.clear_button.clicked.connect(self.clear_answer)
        page.submit_button.clicked.connect(self.request_submit)
        page.question_palette.chosen.connect(self.go_to)
        keys: list[tuple[str, Callable[[], None]]] = [
            ("Alt+Right", self.next_question),
            ("PgDown", self.next_question),
            ("Alt+Left", self.previous_question),
            ("PgUp", self.previous_question),
            ("Ctrl+F", self.toggle_flag),
            ("Ctrl+T", self.report_time),
        ]
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- starting and showing ---

    def start(self, session: ExamSession, note: str = "") -> None:
        """Show ``session``'s current question and start the countdown."""
        self.session = session
        # A question with no section is headed by its deck's name (read once per exam).
        self._deck_names = {str(d.id): d.name for d in DeckService(self.bank.collection).all()}
        attempt = session.attempt
        settings = attempt.settings
        self.page.info_label.setText(
            f"{count(len(attempt.question_ids), 'question')} · "
            f"pass mark {settings.pass_mark:.0%} · seed {settings.seed}. {note}".strip()
        )
        self.page.set_locked(False)
        self._show_question()
        self._show_tick(session.tick())
        self.timer.start()

    def running(self) -> ExamSession | None:
        """The session while answers may still change, else None."""
        if self.session is None or self.session.attempt.submitted:
            return None
        return self.session

    def _drop_answer_widget(self) -> None:
        if self.answer_widget is not None:
            self.page.answer_holder.removeWidget(self.answer_widget)
            self.answer_widget.setParent(None)
            self.answer_widget.deleteLater()
            self.answer_widget = None

    def _show_question(self) -> None:
        assert self.session is not None
        attempt, page = self.session.attempt, self.page
        qid = attempt.current_id
        question = self.bank.get(qid)
        page.position_label.setText(
            f"Question {attempt.current + 1} of {len(attempt.question_ids)}"
        )
        self._drop_answer_widget()
        if question is None:
            self.media_strip.clear()
            page.topic_label.setText("")
            page.prompt_label.setText("This question has left its deck; it will not count.")
        else:
            page.topic_label.setText(
                shown_section(question, self._deck_names.get(question.deck, ""))
            )
            page.prompt_label.setText(plain_text(question.text_prompt))
            # Only the prompt's media: the back's would give the answer away.
            self.media_strip.show_media(DeckId(question.deck), card_media(question).with_prompt)
            widget = make_answer_widget(question)
            widget.set_answer_text(attempt.answer_for(qid))
            widget.submitted.connect(self.answer_and_next)
            widget.setEnabled(not attempt.submitted)
            page.answer_holder.addWidget(widget)
            self.answer_widget = widget
            self._baseline = widget.answer_text()
            widget.focus_input()
        page.flag_button.setChecked(qid in attempt.flags)
        page.previous_button.setEnabled(attempt.current > 0)
        page.next_button.setEnabled(attempt.current < len(attempt.question_ids) - 1)
        page.question_palette.update_from(attempt)

    def _show_tick(self, tick: Tick) -> None:
        label = self.page.countdown_label
        # Not colour alone: the warning adds a symbol, words and bold type.
        label.setText(f"⚠ {tick.countdown} left" if tick.warning else tick.countdown)
        font = label.font()
        font.setBold(tick.warning)
        label.setFont(font)

    def say(self, text: str) -> None:
        """Show ``text`` in the status bar and announce it to screen readers."""
        self.last_announcement = text
        self.message.emit(text)
        announce(self.page.countdown_label, text)

    # --- the clock ---

    @Slot()
    def tick(self) -> None:
        """The timer's slot: save changes, count down, announce, submit at zero."""
        self.capture()
        session = self.running()
        if session is None:
            return
        result = session.tick()
        self._show_tick(result)
        for text in result.announcements:
            self.say(text)
        if result.auto_submitted:
            self._finish()

    @Slot()
    def report_time(self) -> None:
        """Ctrl+T: the time left, in words."""
        session = self.running()
        if session is not None:
            self.say(describe_time_left(session.time_left()))

    # --- answers, navigation, flags ---

    def capture(self, *, force: bool = False) -> None:
        """Save the answer on screen if it changed (or as shown, with ``force``)."""
        session = self.running()
        if session is None or self.answer_widget is None:
            return
        text = self.answer_widget.answer_text()
        if not force and text == self._baseline:
            return
        qid = session.attempt.current_id
        try:
            if text != session.attempt.answer_for(qid):
                session.answer(qid, text)
        except ExamLocked:
            self._finish()  # time ran out: the session has just submitted
            return
        except ValueError as error:
            self.say(f"Not saved: {error}")
            return
        self._baseline = text
        self.page.question_palette.update_from(session.attempt)

    def _navigate(self, move: Callable[[ExamSession], object]) -> None:
        self.capture()
        session = self.running()  # None too when capture found the time up
        if session is not None:
            move(session)
            self._show_question()

    @Slot()
    def next_question(self) -> None:
        self._navigate(lambda s: s.next())

    @Slot()
    def previous_question(self) -> None:
        self._navigate(lambda s: s.previous())

    @Slot(int)
    def go_to(self, index: int) -> None:
        self._navigate(lambda s: s.go_to(index))

    @Slot()
    def answer_and_next(self) -> None:
        """Enter in an answer: save it as shown (even an untouched order) and go on."""
        self.capture(force=True)
        self.next_question()

    @Slot()
    def toggle_flag(self) -> None:
        self.capture()
        session = self.running()
        if session is None:
            return
        qid = session.attempt.current_id
        session.toggle_flag(qid)
        flagged = qid in session.attempt.flags
        self.page.flag_button.setChecked(flagged)
        self.page.question_palette.update_from(session.attempt)
        self.say(
            f"Question {session.attempt.current + 1} " + ("flagged" if flagged else "unflagged")
        )

    @Slot()
    def clear_answer(self) -> None:
        session = self.running()
        if session is None:
            return
        try:
            session.clear(session.attempt.current_id)
        except ExamLocked:
            self._finish()
            return
        self._show_question()

    # --- the end ---

    def _ask_submit(self, text: str) -> bool:
        answer = QMessageBox.question(
            self.page,
            "Submit the exam",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def submit_question(self) -> str:
        """The confirmation text: what is still unanswered or flagged."""
        assert self.session is not None
        attempt = self.session.attempt
        number = {qid: i for i, qid in enumerate(attempt.question_ids, start=1)}
        unanswered = [str(number[q]) for q in attempt.unanswered_ids()]
        flagged = [str(number[q]) for q in attempt.flagged_ids()]
        lines = ["Hand in the exam now? Answers cannot change afterwards.", ""]
        if unanswered:
            lines.append(
                f"Unanswered ({len(unanswered)} of {len(number)}): {question_numbers(unanswered)}"
            )
        else:
            lines.append("Every question is answered.")
        if flagged:
            lines.append(f"Flagged for review: {question_numbers(flagged)}")
        return "\n".join(lines)

    @Slot()
    def request_submit(self) -> None:
        """Submit once the learner confirms; the time may run out meanwhile."""
        self.capture()
        if self.running() is None:
            return
        if not self.confirm_submit(self.submit_question()):
            return
        session = self.running()
        if session is not None:  # else time ran out while the question was open
            session.submit()
            self._finish()

    def _finish(self) -> None:
        """Lock every input and hand over to whoever shows the result."""
        self.timer.stop()
        self.page.set_locked(True)
        if self.answer_widget is not None:
            self.answer_widget.setEnabled(False)
        session = self.session
        if session is None:
            return
        if not session.attempt.submitted and not session.submit_if_expired():
            session.submit()
        self.say(
            "Time is up. The exam was submitted."
            if session.attempt.auto_submitted
            else "Exam submitted."
        )
        self.finished.emit()

    def shutdown(self) -> None:
        """The window is closing: save the answer on screen and stop counting."""
        self.capture()
        self.timer.stop()
