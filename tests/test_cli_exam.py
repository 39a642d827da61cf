"""``dlquiz exam``: the timed terminal exam and its history, run as a learner runs them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlquiz.chapter import chapter
from dlquiz.cli.exam_input import TimedLines
from dlquiz.cli.exam_terminal import POLL_S, TerminalExam
from dlquiz.cli.main import main
from dlquiz.core.clock import FakeClock, SystemClock
from dlquiz.core.exam import ExamSession, ExamSettings, select_questions
from dlquiz.core.model import ChoiceKey, Question, QuestionType
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import open_collection
from dlquiz.storage.exam_flow import start_exam
from dlquiz.storage.exams_store import ExamStore
from dlquiz.storage.study import StudyService


def dlquiz_process(*args: str, db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "DLQUIZ_DB": str(db)}
    return subprocess.Popen(
        [sys.executable, "-m", "dlquiz", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def letter(question: Question) -> str:
    assert isinstance(question.key, ChoiceKey)
    return "abcdef"[question.key.correct[0]]


def drawn(seed: int, count: int) -> list[Question]:
    """The exam dlquiz draws for these options from the chapter deck alone."""
    settings = ExamSettings(questions=count, types=(QuestionType.MULTIPLE_CHOICE,), seed=seed)
    return list(select_questions(chapter()[1], settings))


@pytest.mark.slow  # starts a process
def test_terminal_exam_with_flag_review_and_submit(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "c.dlquiz"
    first, second, third = drawn(seed=5, count=3)
    script = "\n".join([letter(first), f"? {letter(second)}", "", "3", letter(third), "submit"])
    proc = dlquiz_process(
        "exam",
        "--terminal",
        "--questions",
        "3",
        "--type",
        "multiple_choice",
        "--seed",
        "5",
        db=db,
    )
    out, err = proc.communicate(script + "\n", timeout=60)
    assert proc.returncode == 0, err
    assert "seed 5" in out and "Question 3 of 3" in out
    assert "⚑ Flagged for review." in out
    assert "Unanswered: question 3" in out  # the list after the first pass
    assert "Unanswered: none\nFlagged for review: question 2" in out  # after going back to 3
    assert "=== Result: 100% (3.0 of 3 points) · PASSED" in out
    assert "Every question right" in out

    assert main(["--db", str(db), "exam", "history", "--json"]) == 0
    history = capsys.readouterr()
    records = json.loads(history.out)
    assert isinstance(records, list) and len(records) == 1
    record = records[0]
    assert (record["score"], record["passed"]) == (1.0, True)
    assert (record["questions"], record["answered"], record["correct"]) == (3, 3, 3)
    for key in ("started_at", "finished_at"):
        assert datetime.fromisoformat(record[key]).utcoffset() == timedelta(0)


class SilentLearner:
    """Types nothing: every wait for a line passes on the fake clock, then times out."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    def get(self, timeout: float) -> str | None:
        self.waits.append(timeout)
        self.clock.advance(timeout)
        raise TimeoutError


def test_time_runs_out_while_the_terminal_waits_for_a_line(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    collection = open_collection(tmp_path / "c.dlquiz", clock=clock)
    try:
        bank, store = QuestionBank(collection), ExamStore(collection)
        attempt, _selection = start_exam(
            store,
            bank.questions(),
            ExamSettings(questions=2, time_limit_s=10, seed=1),
            seconds_per_question=None,
            now=clock.now(),
        )
        questions = {qid: q for qid in attempt.question_ids if (q := bank.get(qid))}
        silent, out = SilentLearner(clock), io.StringIO()
        session = ExamSession(attempt, clock, on_change=store.save)
        assert TerminalExam(session, questions, lines=silent, out=out).run() is True
        assert "Time is up: the exam was submitted" in out.getvalue()
        assert all(0 < wait <= POLL_S for wait in silent.waits)
        assert sum(silent.waits) == pytest.approx(10, abs=POLL_S)  # the clock ran, not less
        result = store.finalize(session.attempt, bank, StudyService(bank))
        assert result.answered == 0 and session.attempt.auto_submitted
    finally:
        collection.close(backup=False)


def test_an_open_silent_input_times_out_and_later_lines_still_arrive() -> None:
    """The exam's real input: a pipe whose writer stays open and types nothing.

    The time-out is the queue's own, given 0 s here, so the test never waits
    for time to pass; the reader thread is blocked in ``os.read`` meanwhile,
    exactly as while a learner thinks.
    """
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "r", encoding="utf-8") as stream:
        lines = TimedLines(stream)
        for _ in range(3):
            with pytest.raises(TimeoutError):
                lines.get(timeout=0)
        os.write(write_end, b"42\nb\r\nc")
        assert lines.get(timeout=30) == "42"  # returns as soon as the reader hands it over
        assert lines.get(timeout=30) == "b"
        os.close(write_end)  # the end of input: the unfinished last line still counts
        assert lines.get(timeout=30) == "c"
        assert lines.get(timeout=30) is None
        assert lines.get(timeout=0) is None  # and stays ended, without a wait


def test_a_negative_time_left_is_a_time_out_not_an_error() -> None:
    read_end, write_end = os.pipe()
    try:
        with os.fdopen(read_end, "r", encoding="utf-8") as stream, pytest.raises(TimeoutError):
            TimedLines(stream).get(timeout=-1.5)
    finally:
        os.close(write_end)


def run_main(argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_end_of_input_submits(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "c.dlquiz")
    code = run_main(
        ["--db", db, "exam", "--terminal", "--questions", "2", "--seed", "9"], "t\n", monkeypatch
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Question 2 of 2" in out and "=== Result:" in out
    assert "not answered 1" in out


def test_deadline_passed_while_closed_is_reported_first(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch, capsys
) -> None:
    db = tmp_path / "c.dlquiz"
    collection = open_collection(db, clock=SystemClock())
    try:
        start_exam(
            ExamStore(collection),
            QuestionBank(collection).questions(),
            ExamSettings(questions=2, time_limit_s=60, seed=1),
            seconds_per_question=None,
            now=datetime.now(UTC) - timedelta(hours=2),
        )
    finally:
        collection.close(backup=False)
    code = run_main(["--db", str(db), "exam", "--terminal", "--questions", "1"], "", monkeypatch)
    out = capsys.readouterr().out
    assert code == 0
    closed, _, fresh = out.partition("Now a new exam:")
    assert "ran out of time while dlquiz was closed" in closed
    assert "Time used: 01:00 of 01:00" in closed
    assert "Exam: 1 question ·" in fresh and "=== Result:" in fresh


def test_history_table_shows_the_trend(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "c.dlquiz")
    assert run_main(["--db", db, "exam", "history"], "", monkeypatch) == 0
    assert "No finished exams yet" in capsys.readouterr().out
    for _ in range(2):
        run_main(["--db", db, "exam", "--terminal", "--questions", "1"], "", monkeypatch)
    capsys.readouterr()
    assert run_main(["--db", db, "exam", "history"], "", monkeypatch) == 0
    out = capsys.readouterr().out
    assert "Score trend (oldest to newest): 0% → 0%" in out
    assert out.count("not passed") == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--questions", "0"], "questions must be between 1 and 500"),
        (["--deck", "no such deck"], "no deck named 'no such deck'"),
        (["--topic", "Cooking"], "no section named 'Cooking'"),
        (["--time-limit", "3"], "the time limit must be between 10 seconds"),
        (["--seed", "-1"], "the seed must be a whole number"),
    ],
)
def test_bad_options_exit_1_with_a_message(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch, capsys, options: list[str], message: str
) -> None:
    code = run_main(
        ["--db", str(tmp_path / "c.dlquiz"), "exam", "--terminal", *options], "", monkeypatch
    )
    err = capsys.readouterr().err
    assert code == 1
    assert message in err and "Traceback" not in err


def test_exam_without_terminal_says_where_to_take_it(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch, capsys
) -> None:
    assert run_main(["--db", str(tmp_path / "c.dlquiz"), "exam"], "", monkeypatch) == 1
    assert "dlquiz exam --terminal" in capsys.readouterr().err


def test_commands_clear_unknown_and_early_submit(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "c.dlquiz")
    script = "a\n!bogus\n!submit\n1\n!clear\n3\nc\nsubmit\n"
    argv = ["--db", db, "exam", "--terminal", "--questions", "3", "--type", "multiple_choice"]
    assert run_main(argv, script, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "Unknown command '!bogus'" in out
    assert "Answer removed: the question is unanswered." in out
    assert "Answered 1 of 3.\nUnanswered: questions 2, 3" in out  # !submit skipped question 3
    assert "Your answer so far: a" in out  # back at question 1
    assert "Answered 0 of 3.\nUnanswered: questions 1, 2, 3" in out  # after !clear
    assert "not answered 2" in out  # only question 3 was answered in the end
