"""The timed exam over stdin and stdout: questions in order, then a review list.

Line syntax (also in ``dlquiz exam --help`` and docs/exam-mode.md):

- an answer in the terminal study syntax records it;
- an empty line leaves the question unanswered (or keeps an earlier answer);
- ``?`` or ``!flag`` before the answer (or alone) flags the question for
  review; answering without it takes the flag off;
- ``!clear`` takes the answer back; ``!submit`` skips to the review list.

After the last question the review list shows unanswered and flagged
questions: a number goes back to that question, ``submit`` hands the exam
in.  End of input hands it in too.  Every change is saved (through the
session's ``on_change``) before anything else is printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from dlquiz.chapter import shown_section
from dlquiz.cli.exam_input import LineSource
from dlquiz.cli.render import render_question
from dlquiz.core.exam import ExamLocked, ExamSession, format_countdown
from dlquiz.core.labels import question_numbers
from dlquiz.core.model import Question

FLAG_PREFIXES = ("!flag", "?")
POLL_S = 1.0  # how often the countdown is checked while waiting for a line
HELP_LINE = (
    "Enter alone leaves a question unanswered · start with ? (or !flag) to flag it for "
    "review · !clear removes an answer · !submit skips to the end"
)


# What the learner's line for a question asks for next.
NEXT, TO_LIST, INPUT_ENDED = "next", "to_list", "input_ended"


class TimeUp(Exception):
    """The deadline passed while waiting; the session has submitted the exam."""


def split_flag(line: str) -> tuple[bool, str]:
    """Whether the line asks for a flag, and the answer that follows it."""
    text = line.strip()
    for prefix in FLAG_PREFIXES:
        if text.lower().startswith(prefix):
            return True, text[len(prefix) :].strip()
    return False, text


class TerminalExam:
    """Runs one exam session in the terminal until it is submitted."""

    def __init__(
        self,
        session: ExamSession,
        questions: Mapping[str, Question],
        *,
        lines: LineSource,
        out: TextIO,
    ) -> None:
        self.session = session
        self.questions = questions
        self.lines = lines
        self.out = out

    def say(self, *lines: str) -> None:
        for line in lines:
            self.out.write(line + "\n")
        self.out.flush()

    # --- input with the clock running ---

    def read(self) -> str | None:
        """The next line, or None at end of input.

        Raises:
            TimeUp: time ran out first (the exam is submitted by then).
        """
        while True:
            if self.session.attempt.submitted:
                raise TimeUp
            left = self.session.time_left()
            try:
                return self.lines.get(min(POLL_S, left))
            except TimeoutError:
                tick = self.session.tick()
                for message in tick.announcements:
                    self.say(f"  ({message})")
                if tick.auto_submitted or self.session.attempt.submitted:
                    raise TimeUp from None

    # --- the exam ---

    def run(self) -> bool:
        """Ask, review and submit; True when time ran out (auto-submitted)."""
        try:
            if self._first_pass() == INPUT_ENDED:
                return self._finish()
            while True:
                self._review_list()
                line = self.read()
                if line is None or line.strip().lower() == "submit":
                    return self._finish()
                choice = line.strip()
                count = len(self.session.attempt.question_ids)
                if choice.isdigit() and 1 <= int(choice) <= count:
                    if self._ask(int(choice) - 1) == INPUT_ENDED:
                        return self._finish()
                elif choice:
                    self.say(f"Type a question number from 1 to {count}, or submit.")
        except TimeUp:
            self.say("", "Time is up: the exam was submitted with the answers given so far.")
            return True

    def _finish(self) -> bool:
        if not self.session.attempt.submitted:
            self.session.submit()
        return self.session.attempt.auto_submitted

    def _first_pass(self) -> str:
        """Each question from the saved place on, until the last, !submit or end of input."""
        start = self.session.attempt.current
        for index in range(start, len(self.session.attempt.question_ids)):
            step = self._ask(index)
            if step != NEXT:
                return step
        return TO_LIST

    def _header(self, index: int, question: Question | None) -> str:
        attempt = self.session.attempt
        qid = attempt.question_ids[index]
        parts = [f"--- Question {index + 1} of {len(attempt.question_ids)}"]
        if question is not None:
            parts.append(shown_section(question))
        parts.append(f"{format_countdown(self.session.time_left())} left")
        if qid in attempt.flags:
            parts.append("⚑ flagged")
        return " · ".join(parts)

    def _ask(self, index: int) -> str:
        """Show question ``index`` and take one line for it; says what comes next."""
        self.session.go_to(index)
        qid = self.session.attempt.question_ids[index]
        question = self.questions.get(qid)
        self.say("", self._header(index, question))
        if question is None:
            self.say("(This question has left its deck since the exam began; it will not count.)")
            return NEXT
        self.say(*render_question(question))
        earlier = self.session.attempt.answer_for(qid)
        if earlier:
            self.say(f"Your answer so far: {earlier}  (Enter keeps it, !clear removes it)")
        while True:
            line = self.read()
            if line is None:
                return INPUT_ENDED
            step = self._apply(qid, line)
            if step is not None:
                return step

    def _apply(self, qid: str, line: str) -> str | None:
        """Act on one line for question ``qid``; None means ask again."""
        command = line.strip().lower()
        if command == "!submit":
            return TO_LIST
        if command == "!clear":
            try:
                self.session.clear(qid)
            except ExamLocked:
                raise TimeUp from None
            self.say("Answer removed: the question is unanswered.")
            return NEXT
        flag, text = split_flag(line)
        if command.startswith("!") and not flag:
            self.say(f"Unknown command {command!r}. {HELP_LINE}.")
            return None
        try:
            if text:
                self.session.answer(qid, text)
        except ExamLocked:
            raise TimeUp from None
        except ValueError as error:
            self.say(f"Not saved: {error}. Try again.")
            return None
        was_flagged = qid in self.session.attempt.flags
        if flag and not was_flagged:
            self.session.flag(qid)
            self.say("⚑ Flagged for review.")
        elif text and was_flagged and not flag:
            self.session.unflag(qid)
        return NEXT

    def _review_list(self) -> None:
        attempt = self.session.attempt
        number = {qid: i for i, qid in enumerate(attempt.question_ids, start=1)}
        unanswered = [str(number[q]) for q in attempt.unanswered_ids()]
        flagged = [str(number[q]) for q in attempt.flagged_ids()]
        self.say(
            "",
            f"=== End of the questions · {format_countdown(self.session.time_left())} left",
            f"Answered {len(attempt.answers)} of {len(attempt.question_ids)}.",
            f"Unanswered: {question_numbers(unanswered)}",
            f"Flagged for review: {question_numbers(flagged)}",
            "Type a question number to go back to it (then its answer on the next line), "
            "or 'submit' to hand the exam in.",
        )
