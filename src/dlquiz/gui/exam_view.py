"""The Exam tab: setup, the timed exam itself, the results, and resuming.

The rules (timing, locking, marking) are core's :class:`ExamSession`; this
view shows them.  A 250 ms timer calls :meth:`ExamView.tick`, which also
saves the answer on screen when it changed, so an answer is stored within
a quarter of a second of being given, and always before navigation.

Accessible timing: the countdown label keeps a fixed accessible name and is
not a live region, so screen readers do not hear it every second; crossing
5 min, 1 min and 30 s is announced once, and Ctrl+T says the time on demand.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAccessible, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dlquiz.core.clock import Clock
from dlquiz.core.exam import (
    ExamLocked,
    ExamResult,
    ExamSession,
    ExamSettings,
    Resume,
    SubmitNow,
    Tick,
    describe_time_left,
    format_countdown,
    resume_decision,
)
from dlquiz.core.plain import plain_text
from dlquiz.gui.answer_widgets import AnswerWidget, make_answer_widget
from dlquiz.gui.exam_palette import QuestionPalette
from dlquiz.gui.exam_results import ExamResultsPage
from dlquiz.gui.exam_run import ExamRunPage, ResumePage
from dlquiz.gui.exam_setup import ExamSetupPage
from dlquiz.storage.decks_store import list_decks
from dlquiz.storage.exams_store import ExamStore, settle_unfinished, start_exam
from dlquiz.storage.study import StudyService

TICK_MS = 250
TIME_UP_NOTE = "⏰ Time is up: the exam was submitted automatically with the answers given."


def announce(widget: QWidget, text: str) -> None:
    """Ask screen readers to say ``text`` once (Qt 6.8+), politely."""
    try:
        from PySide6.QtGui import QAccessibleAnnouncementEvent
    except ImportError:  # older Qt: the status bar message is all there is
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    QAccessible.updateAccessibility(event)


class ExamView(QWidget):
    """One exam at a time; ``message`` carries status-bar text (also announced)."""

    message = Signal(str)

    def __init__(
        self, service: StudyService, *, clock: Clock | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.bank = service.bank
        self.collection = service.collection
        self.clock = clock or self.collection.clock
        self.store = ExamStore(self.collection)
        self.session: ExamSession | None = None
        self.pending: Resume | None = None
        self.last_result: ExamResult | None = None
        self.last_settings: ExamSettings | None = None
        self.last_announcement = ""
        self.answer_widget: AnswerWidget | None = None
        self._baseline = ""  # the answer text as shown, to notice changes
        # Replaced in tests: shows the confirmation and says whether to submit.
        self.confirm_submit: Callable[[str], bool] = self._ask_submit
        self.pages = QStackedWidget()
        self.setup_page = ExamSetupPage()
        self.run_page = ExamRunPage()
        self.resume_page = ResumePage()
        self.results_page = ExamResultsPage()
        for page in (self.setup_page, self.run_page, self.resume_page, self.results_page):
            self.pages.addWidget(page)
        QVBoxLayout(self).addWidget(self.pages)
        self._connect()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.refresh_setup()

    @property
    def palette_widget(self) -> QuestionPalette:
        return self.run_page.palette

    def _connect(self) -> None:
        run = self.run_page
        self.setup_page.start_requested.connect(self.start_from_setup)
        run.next_button.clicked.connect(self.next_question)
        run.previous_button.clicked.connect(self.previous_question)
        run.flag_button.clicked.connect(self.toggle_flag)
        run.clear_button.clicked.connect(self.clear_answer)
        run.submit_button.clicked.connect(self.request_submit)
        run.palette.chosen.connect(self.go_to)
        self.resume_page.resume_button.clicked.connect(self.resume_pending)
        self.resume_page.submit_button.clicked.connect(self.submit_pending)
        self.results_page.new_exam.connect(self.show_setup)
        self.results_page.retake.connect(self.retake)
        keys: list[tuple[str | QKeySequence.StandardKey, Callable[[], None]]] = [
            ("Alt+Right", self.next_question),
            ("PgDown", self.next_question),
            ("Alt+Left", self.previous_question),
            ("PgUp", self.previous_question),
            ("Ctrl+F", self.toggle_flag),
            ("Ctrl+T", self.report_time),
        ]
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), run)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- setup ---

    def refresh_setup(self) -> None:
        """Fill the setup page from the collection's decks and the learner's settings."""
        with self.collection.session() as s:
            decks = [(d.id, d.name) for d in list_decks(s) if d.enabled]
        topics = list(self.bank.chapter_deck.topics)
        others = {q.topic for q in self.bank.questions([d for d, _ in decks]) if q.topic}
        topics += sorted(others - set(topics))
        self.setup_page.populate(decks, topics, self.collection.settings())

    @Slot()
    def show_setup(self) -> None:
        self.refresh_setup()
        self.pages.setCurrentWidget(self.setup_page)

    @Slot()
    def retake(self) -> None:
        self.show_setup()
        if self.last_settings is not None:
            self.setup_page.load(self.last_settings)

    @Slot()
    def start_from_setup(self) -> None:
        """Draw the exam from the setup page's choices and start it."""
        try:
            settings = self.setup_page.settings()
            pool = self.bank.questions(self.setup_page.deck_ids())
            attempt, selection = start_exam(
                self.store,
                pool,
                settings,
                seconds_per_question=self.collection.settings().exam_seconds_per_question,
                now=self.clock.now(),
            )
        except ValueError as error:
            self.setup_page.show_problem(str(error))
            return
        note = ""
        if selection.shortfall:
            note = f"Only {len(selection)} questions match these settings."
        self._run(ExamSession(attempt, self.clock, on_change=self.store.save), note)

    # --- running ---

    def _run(self, session: ExamSession, note: str = "") -> None:
        self.session = session
        attempt = session.attempt
        self.run_page.info_label.setText(
            f"{len(attempt.question_ids)} questions · pass mark "
            f"{attempt.settings.pass_mark:.0%} · seed {attempt.settings.seed}. {note}".strip()
        )
        self.run_page.set_locked(False)
        self.pages.setCurrentWidget(self.run_page)
        self._show_question()
        self._show_tick(session.tick())
        self.timer.start()

    def _show_question(self) -> None:
        assert self.session is not None
        attempt = self.session.attempt
        run = self.run_page
        qid = attempt.current_id
        question = self.bank.get(qid)
        run.position_label.setText(f"Question {attempt.current + 1} of {len(attempt.question_ids)}")
        if self.answer_widget is not None:
            run.answer_holder.removeWidget(self.answer_widget)
            self.answer_widget.setParent(None)
            self.answer_widget.deleteLater()
            self.answer_widget = None
        if question is None:
            run.topic_label.setText("")
            run.prompt_label.setText("This question has left its deck; it will not count.")
        else:
            run.topic_label.setText(question.topic or question.deck)
            run.prompt_label.setText(plain_text(question.text_prompt))
            widget = make_answer_widget(question)
            widget.set_answer_text(attempt.answer_for(qid))
            widget.submitted.connect(self.answer_and_next)
            widget.setEnabled(not attempt.submitted)
            run.answer_holder.addWidget(widget)
            self.answer_widget = widget
            self._baseline = widget.answer_text()
            widget.focus_input()
        run.flag_button.setChecked(qid in attempt.flags)
        run.previous_button.setEnabled(attempt.current > 0)
        run.next_button.setEnabled(attempt.current < len(attempt.question_ids) - 1)
        self.palette_widget.update_from(attempt)

    def _running(self) -> ExamSession | None:
        if self.session is None or self.session.attempt.submitted:
            return None
        return self.session

    def capture(self, *, force: bool = False) -> None:
        """Save the answer on screen if it changed (or always, with ``force``)."""
        session = self._running()
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
            self._finish()
            return
        except ValueError as error:
            self.say(f"Not saved: {error}")
            return
        self._baseline = text
        self.palette_widget.update_from(session.attempt)

    @Slot()
    def tick(self) -> None:
        """The timer's slot: save changes, count down, announce, submit at zero."""
        self.capture()
        session = self._running()
        if session is None:
            return
        result = session.tick()
        self._show_tick(result)
        for text in result.announcements:
            self.say(text)
        if result.auto_submitted:
            self._finish()

    def _show_tick(self, tick: Tick) -> None:
        label = self.run_page.countdown_label
        if tick.warning:
            label.setText(f"⚠ {tick.countdown} left")
        else:
            label.setText(tick.countdown)
        font = label.font()
        font.setBold(tick.warning)
        label.setFont(font)

    def say(self, text: str) -> None:
        """Show ``text`` in the status bar and announce it to screen readers."""
        self.last_announcement = text
        self.message.emit(text)
        announce(self.run_page.countdown_label, text)

    @Slot()
    def report_time(self) -> None:
        """Ctrl+T: the time left, in words."""
        if self._running() is not None:
            assert self.session is not None
            self.say(describe_time_left(self.session.time_left()))

    def _navigate(self, move: Callable[[ExamSession], object]) -> None:
        self.capture()
        session = self._running()  # None too when capture found the time up
        if session is None:
            return
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
        """Enter in an answer: save it (as shown, even unchanged) and go on."""
        self.capture(force=True)
        self.next_question()

    @Slot()
    def toggle_flag(self) -> None:
        session = self._running()
        if session is None:
            return
        self.capture()
        if self._running() is None:
            return
        session.toggle_flag(session.attempt.current_id)
        flagged = session.attempt.current_id in session.attempt.flags
        self.run_page.flag_button.setChecked(flagged)
        self.palette_widget.update_from(session.attempt)
        self.say("Flagged for review" if flagged else "Flag removed")

    @Slot()
    def clear_answer(self) -> None:
        session = self._running()
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
            self,
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
        lines.append(
            f"Unanswered ({len(unanswered)} of {len(number)}): {', '.join(unanswered)}"
            if unanswered
            else "Every question is answered."
        )
        if flagged:
            lines.append(f"Flagged for review: {', '.join(flagged)}")
        return "\n".join(lines)

    @Slot()
    def request_submit(self) -> None:
        """Submit after the learner confirms (the time may run out meanwhile)."""
        self.capture()
        if self._running() is None:
            return
        if not self.confirm_submit(self.submit_question()):
            return
        session = self._running()
        if session is None:
            return  # time ran out while the question was open; already submitted
        try:
            session.submit()
        except ExamLocked:
            pass
        self._finish()

    def _finish(self) -> None:
        """Lock the inputs, mark the submitted exam, store it, show the results."""
        session = self.session
        self.timer.stop()
        self.run_page.set_locked(True)
        if self.answer_widget is not None:
            self.answer_widget.setEnabled(False)
        if session is None:
            return
        if not session.attempt.submitted and not session.submit_if_expired():
            session.submit()
        self.last_settings = session.attempt.settings
        auto = session.attempt.auto_submitted
        result = self.store.finalize(session.attempt, self.bank, self.service)
        self.say("Time is up. The exam was submitted." if auto else "Exam submitted.")
        self._show_result(result, TIME_UP_NOTE if auto else "")

    def _show_result(self, result: ExamResult, note: str) -> None:
        self.last_result = result
        self.results_page.show_result(result, self.store.history(), note=note)
        self.pages.setCurrentWidget(self.results_page)

    # --- resume ---

    def offer_resume(self) -> bool:
        """Deal with an exam left unfinished; True when the tab has something to show."""
        now, mono = self.clock.now(), self.clock.monotonic()
        found = settle_unfinished(self.store, self.bank, self.service, now=now, monotonic=mono)
        if found is None:
            return False
        if isinstance(found, ExamResult):
            note = (
                "The exam you left ran out of time while dlquiz was closed; it was "
                "submitted with the answers saved before the close."
            )
            self.last_settings = None
            self._show_result(found, note)
            self.say("An unfinished exam ran out of time and was submitted")
            return True
        self.pending = found
        started = found.attempt.started_at.astimezone().strftime("%H:%M on %Y-%m-%d")
        self.resume_page.text_label.setText(
            f"You have an unfinished exam, started at {started}, with "
            f"{format_countdown(found.seconds_left)} left. The clock kept running while "
            "dlquiz was closed. Resume it, or submit it now with the answers saved."
        )
        self.pages.setCurrentWidget(self.resume_page)
        self.resume_page.resume_button.setFocus()
        return True

    @Slot()
    def resume_pending(self) -> None:
        """Carry on with the time really left now (it kept running during the offer)."""
        if self.pending is None:
            return
        attempt, self.pending = self.pending.attempt, None
        decision = resume_decision(attempt, self.clock.now(), monotonic=self.clock.monotonic())
        if isinstance(decision, SubmitNow):
            result = self.store.finalize(decision.attempt, self.bank, self.service)
            self._show_result(result, TIME_UP_NOTE)
            return
        self._run(
            ExamSession(decision.attempt, self.clock, on_change=self.store.save),
            f"Resumed with {format_countdown(decision.seconds_left)} left.",
        )

    @Slot()
    def submit_pending(self) -> None:
        if self.pending is None:
            return
        attempt, self.pending = self.pending.attempt, None
        self.session = ExamSession(attempt, self.clock, on_change=self.store.save)
        self.session.submit()
        self._finish()

    def shutdown(self) -> None:
        """The window is closing: save the answer on screen and stop counting."""
        self.capture()
        self.timer.stop()
