"""The Exam tab: setup, the timed exam, the results, and resuming after a close.

This view moves between pages and talks to storage; :class:`ExamRunner`
runs the exam itself and the rules are core's (docs/exams.md).
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from dlquiz.core.clock import Clock
from dlquiz.core.exam import (
    ExamAttempt,
    ExamResult,
    ExamSession,
    ExamSettings,
    SubmitNow,
    format_countdown,
    resume_decision,
)
from dlquiz.gui.exam_results import ExamResultsPage
from dlquiz.gui.exam_run import ExamRunPage, ResumePage
from dlquiz.gui.exam_runner import ExamRunner, announce
from dlquiz.gui.exam_setup import ExamSetupPage
from dlquiz.storage.deck_service import DeckService
from dlquiz.storage.exam_flow import settle_unfinished, start_exam
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.study import StudyService

TIME_UP_NOTE = "⏰ Time is up: the exam was submitted automatically with the answers given."
CLOSED_NOTE = (
    "⏰ The exam you left ran out of time while dlquiz was closed; it was submitted "
    "with the answers saved before the close."
)


class ExamView(QWidget):
    """One exam at a time; ``message`` carries status-bar text.

    ``clock`` defaults to the collection's; tests pass a FakeClock and call
    ``runner.tick()`` instead of waiting for the timer.
    """

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
        self._pending: ExamAttempt | None = None  # offered for resuming
        self.last_result: ExamResult | None = None
        self.last_settings: ExamSettings | None = None
        self.pages = QStackedWidget()
        self.setup_page = ExamSetupPage()
        self.run_page = ExamRunPage()
        self.resume_page = ResumePage()
        self.results_page = ExamResultsPage(self.bank.get, self.bank.media)
        for page in (self.setup_page, self.run_page, self.resume_page, self.results_page):
            self.pages.addWidget(page)
        QVBoxLayout(self).addWidget(self.pages)
        self.runner = ExamRunner(self.run_page, self.bank, self.clock)
        self.runner.message.connect(self.message)
        self.runner.finished.connect(self._exam_finished)
        self.setup_page.start_requested.connect(self.start_from_setup)
        self.resume_page.resume_button.clicked.connect(self.resume_pending)
        self.resume_page.submit_button.clicked.connect(self.submit_pending)
        self.results_page.new_exam.connect(self.new_exam)
        self.results_page.retake.connect(self.retake)
        self.refresh_setup()

    def say(self, text: str) -> None:
        self.message.emit(text)
        announce(self, text)

    def _new_session(self, attempt: ExamAttempt) -> ExamSession:
        return ExamSession(attempt, self.clock, on_change=self.store.save)

    # --- setup ---

    def refresh_setup(self) -> None:
        """Fill the setup page from the collection's decks and the learner's settings."""
        service = DeckService(self.collection)
        enabled = service.enabled()
        decks = [(d.id, d.name) for d in enabled]
        others = service.sections([d.id for d in enabled])
        topics = list(self.bank.chapter_deck.topics)
        topics += sorted(others - set(topics))
        self.setup_page.populate(decks, topics, self.collection.settings())

    @Slot()
    def collection_changed(self) -> None:
        """Decks or settings changed: the setup lists them again (not during an exam)."""
        if self.pages.currentWidget() is self.setup_page:
            self.refresh_setup()

    def focus_input(self) -> None:
        """The focus rule: the answer during an exam, else the page's main button."""
        if not self.isVisible():  # a hidden view must not take the focus from the shown one
            return
        page = self.pages.currentWidget()
        if page is self.run_page and self.runner.answer_widget is not None:
            self.runner.answer_widget.focus_input()
        elif page is self.setup_page:
            self.setup_page.start_button.setFocus()
        elif page is self.resume_page:
            self.resume_page.resume_button.setFocus()
        elif page is self.results_page:
            self.results_page.new_button.setFocus()

    def exam_running(self) -> bool:
        """True while an exam is being answered (closing the window then asks first)."""
        return self.pages.currentWidget() is self.run_page and self.runner.running() is not None

    @Slot()
    def new_exam(self) -> None:
        """Back to the setup for another exam: the same number of questions, a new seed."""
        questions = self.last_settings.questions if self.last_settings else None
        self.show_setup()
        if questions is not None:
            self.setup_page.questions.setValue(questions)
        self.setup_page.new_seed()
        self.focus_input()

    @Slot()
    def show_setup(self) -> None:
        self.refresh_setup()
        self.pages.setCurrentWidget(self.setup_page)

    @Slot()
    def retake(self) -> None:
        """Back to the setup with the last exam's settings and seed."""
        self.show_setup()
        if self.last_settings is not None:
            self.setup_page.load(self.last_settings)
        self.focus_input()

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
        note = (
            f"Only {len(selection)} questions match these settings." if selection.shortfall else ""
        )
        self._run(self._new_session(attempt), note)

    def _run(self, session: ExamSession, note: str) -> None:
        self.pages.setCurrentWidget(self.run_page)
        self.runner.start(session, note)
        self.focus_input()

    # --- the end ---

    @Slot()
    def _exam_finished(self) -> None:
        session = self.runner.session
        assert session is not None
        self.last_settings = session.attempt.settings
        result = self.store.finalize(session.attempt, self.bank, self.service)
        self._show_result(result, TIME_UP_NOTE if session.attempt.auto_submitted else "")

    def _show_result(self, result: ExamResult, note: str) -> None:
        self.last_result = result
        self.results_page.show_result(result, self.store.history(), note=note)
        self.pages.setCurrentWidget(self.results_page)
        self.focus_input()

    # --- resume ---

    def offer_resume(self) -> bool:
        """Deal with an exam left unfinished; True when the tab has something to show.

        A deadline that passed while dlquiz was closed means the saved answers
        are marked at once; otherwise the learner may resume or submit now.
        """
        now, mono = self.clock.now(), self.clock.monotonic()
        found = settle_unfinished(self.store, self.bank, self.service, now=now, monotonic=mono)
        if found is None:
            return False
        if isinstance(found, ExamResult):
            self.last_settings = None
            self._show_result(found, CLOSED_NOTE)
            self.say("An unfinished exam ran out of time while dlquiz was closed; it was submitted")
            return True
        self._pending = found.attempt
        started = found.attempt.started_at.astimezone().strftime("%H:%M on %Y-%m-%d")
        self.resume_page.text_label.setText(
            f"You have an unfinished exam, started at {started}, with "
            f"{format_countdown(found.seconds_left)} left. The clock kept running while "
            "dlquiz was closed. Resume it, or submit it now with the answers saved."
        )
        self.pages.setCurrentWidget(self.resume_page)
        self.resume_page.resume_button.setFocus()
        self.say(f"Unfinished exam: {format_countdown(found.seconds_left)} left")
        return True

    @Slot()
    def resume_pending(self) -> None:
        """Carry on with the time really left now (it ran during the offer too)."""
        attempt, self._pending = self._pending, None
        if attempt is None:
            return
        decision = resume_decision(attempt, self.clock.now(), monotonic=self.clock.monotonic())
        if isinstance(decision, SubmitNow):
            self.last_settings = decision.attempt.settings
            result = self.store.finalize(decision.attempt, self.bank, self.service)
            self._show_result(result, TIME_UP_NOTE)
            return
        left = format_countdown(decision.seconds_left)
        self._run(self._new_session(decision.attempt), f"Resumed with {left} left.")

    @Slot()
    def submit_pending(self) -> None:
        """Hand in the unfinished exam now, with the answers saved."""
        attempt, self._pending = self._pending, None
        if attempt is None:
            return
        session = self._new_session(attempt)
        self.runner.session = session
        session.submit()
        self._exam_finished()

    def shutdown(self) -> None:
        """The window is closing: save the answer on screen and stop counting."""
        self.runner.shutdown()
