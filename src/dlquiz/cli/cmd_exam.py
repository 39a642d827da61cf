"""``dlquiz exam --terminal`` (a timed exam) and ``dlquiz exam history``.

An unfinished exam is dealt with first: resumed with the time really left,
or, when its deadline passed while dlquiz was closed, marked and shown
before a new exam starts.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from dlquiz.cli.context import open_for_command
from dlquiz.cli.errors import UserError
from dlquiz.cli.usage import LazyChoices, percentage, whole_number
from dlquiz.core.wording import count as counted

if TYPE_CHECKING:
    from dlquiz.core.exam import ExamAttempt, ExamSettings
    from dlquiz.core.ids import DeckId
    from dlquiz.core.model import Question
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import Collection
    from dlquiz.storage.exams_store import ExamStore
    from dlquiz.storage.study import StudyService

SEED_RANGE = 1_000_000  # short enough to read out and type again


def _exam_types() -> tuple[str, ...]:
    from dlquiz.core.exam import AUTO_GRADED_TYPES

    return tuple(t.value for t in AUTO_GRADED_TYPES)


# The exam rules load only when --type is given or the help lists the types.
EXAM_TYPES = LazyChoices(_exam_types)


def _say(out: TextIO, *lines: str) -> None:
    for line in lines:
        out.write(line + "\n")
    out.flush()


def _enabled_decks(bank: QuestionBank) -> list[DeckId]:
    from dlquiz.storage.deck_service import DeckService

    return [deck.id for deck in DeckService(bank.collection).enabled()]


def exam_settings(
    args: argparse.Namespace, collection: Collection, bank: QuestionBank
) -> tuple[ExamSettings, list[Question]]:
    """The settings from the options and the learner's defaults, and the question pool.

    Raises:
        UserError: an option the exam rules refuse, an unknown deck or section.
    """
    import secrets

    from dlquiz.cli.cmd_study import resolve_decks
    from dlquiz.core.exam import AUTO_GRADED_TYPES, ExamSettings
    from dlquiz.core.model import QuestionType

    learner = collection.settings()
    deck_ids = resolve_decks(bank, args.deck)
    pool = bank.questions(deck_ids or _enabled_decks(bank))
    known_topics = sorted({q.topic for q in pool if q.topic})
    for topic in args.topic or ():
        if topic not in known_topics:
            raise UserError(
                f"no section named {topic!r} in these decks (sections: {', '.join(known_topics)})"
            )
    pass_mark = learner.exam_pass_mark if args.pass_mark is None else args.pass_mark
    try:
        settings = ExamSettings(
            decks=tuple(deck_ids or ()),
            topics=tuple(args.topic or ()),
            questions=learner.exam_questions if args.questions is None else args.questions,
            types=tuple(QuestionType(t) for t in args.type) if args.type else AUTO_GRADED_TYPES,
            time_limit_s=args.time_limit,
            pass_mark=pass_mark,
            seed=secrets.randbelow(SEED_RANGE) if args.seed is None else args.seed,
        )
    except ValueError as error:
        raise UserError(f"exam: {error}") from None
    return settings, pool


def _questions_of(attempt: ExamAttempt, bank: QuestionBank) -> dict[str, Question]:
    found = {qid: bank.get(qid) for qid in attempt.question_ids}
    return {qid: q for qid, q in found.items() if q is not None}


def _take(
    attempt: ExamAttempt,
    store: ExamStore,
    bank: QuestionBank,
    service: StudyService,
    out: TextIO,
) -> None:
    """Run the exam in the terminal, then mark it and print the result."""
    from dlquiz.cli.exam_input import TimedLines
    from dlquiz.cli.exam_report import result_lines
    from dlquiz.cli.exam_terminal import HELP_LINE, TerminalExam
    from dlquiz.core.exam import ExamSession

    session = ExamSession(attempt, store.collection.clock, on_change=store.save)
    _say(out, HELP_LINE + ".")
    exam = TerminalExam(session, _questions_of(attempt, bank), lines=TimedLines(sys.stdin), out=out)
    exam.run()
    result = store.finalize(session.attempt, bank, service)
    _say(out, *result_lines(result))


def _start_line(settings: ExamSettings, attempt: ExamAttempt, shortfall: int) -> list[str]:
    from dlquiz.core.exam import format_countdown

    count = len(attempt.question_ids)
    lines = [
        f"Exam: {counted(count, 'question')} · "
        f"time limit {format_countdown(attempt.time_limit_s)} · "
        f"pass mark {settings.pass_mark:.0%} · seed {settings.seed} "
        f"(retake this exact exam with --seed {settings.seed})"
    ]
    if shortfall:
        lines.append(
            f"Only {counted(count, 'question')} match these settings "
            f"({shortfall} fewer than asked)."
        )
    return lines


def run_exam(args: argparse.Namespace) -> int:
    if not args.terminal:
        raise UserError(
            "take an exam in the window ('dlquiz', Exam tab) "
            "or in the terminal with 'dlquiz exam --terminal'"
        )
    from dlquiz.cli.exam_report import result_lines
    from dlquiz.core.exam import ExamResult, format_countdown
    from dlquiz.storage.exam_flow import settle_unfinished, start_exam
    from dlquiz.storage.exams_store import ExamStore
    from dlquiz.storage.study import StudyService

    out = sys.stdout
    with open_for_command(args) as (collection, bank):
        settings, pool = exam_settings(args, collection, bank)
        store, service, clock = ExamStore(collection), StudyService(bank), collection.clock
        pending = settle_unfinished(
            store, bank, service, now=clock.now(), monotonic=clock.monotonic()
        )
        if isinstance(pending, ExamResult):
            _say(
                out,
                "Your unfinished exam ran out of time while dlquiz was closed; it was "
                "submitted with the answers saved before the close.",
                *result_lines(pending),
                "",
                "Now a new exam:",
            )
        elif pending is not None:
            started = pending.attempt.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
            _say(
                out,
                f"Resuming your unfinished exam from {started}: "
                f"{format_countdown(pending.seconds_left)} left (the clock kept running "
                "while dlquiz was closed). The options given apply to new exams only.",
            )
            _take(pending.attempt, store, bank, service, out)
            return 0
        try:
            attempt, selection = start_exam(
                store,
                pool,
                settings,
                seconds_per_question=collection.settings().exam_seconds_per_question,
                now=clock.now(),
            )
        except ValueError as error:
            raise UserError(f"exam: {error}") from None
        _say(out, *_start_line(attempt.settings, attempt, selection.shortfall))
        _take(attempt, store, bank, service, out)
    return 0


def run_history(args: argparse.Namespace) -> int:
    from dlquiz.cli.exam_report import history_lines
    from dlquiz.storage.exams_store import ExamStore

    with open_for_command(args) as (collection, _bank):
        entries = ExamStore(collection).history()
    if args.json:
        print(json.dumps([entry.to_json() for entry in entries], indent=2))
    else:
        _say(sys.stdout, *history_lines(entries))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "exam",
        help="a timed exam (in the terminal with --terminal); 'exam history' lists past ones",
        description="A timed exam in the terminal. Questions come in order and use the "
        "study answer syntax. An empty line leaves a question unanswered; start a line "
        "with ? (or !flag) to flag the question for review, alone or before the answer "
        "('? b'); answering without it removes the flag; !clear removes an answer; "
        "!submit skips to the end. After the last question the unanswered and flagged "
        "ones are listed: type a number to go back (then the answer on the next line), "
        "or 'submit' to hand the exam in. End of input also submits, and so does the "
        "time limit. An unfinished exam is resumed with the time really left.",
    )
    parser.add_argument("--terminal", action="store_true", help="take the exam in this terminal")
    parser.add_argument(
        "--deck", action="append", metavar="NAME", help="only this deck (repeatable)"
    )
    parser.add_argument(
        "--topic", action="append", metavar="SECTION", help="only this section (repeatable)"
    )
    parser.add_argument(
        "--type",
        action="append",
        choices=EXAM_TYPES,
        metavar="TYPE",
        help="only this question type (repeatable): %(choices)s",
    )
    parser.add_argument(
        "--questions",
        type=whole_number,
        metavar="N",
        help="number of questions (default: your setting)",
    )
    parser.add_argument(
        "--time-limit",
        type=whole_number,
        metavar="SECONDS",
        help="time limit (default: your time per question for each question drawn)",
    )
    parser.add_argument(
        "--pass-mark",
        type=percentage("the pass mark"),
        metavar="PERCENT",
        help="pass mark (default: your setting)",
    )
    parser.add_argument(
        "--seed",
        type=whole_number,
        metavar="S",
        help="draw this exact exam again (default: random)",
    )
    parser.set_defaults(func=run_exam)
    commands = parser.add_subparsers(dest="exam_command", metavar="COMMAND")
    history = commands.add_parser(
        "history", help="finished exams with the score trend", description="Finished exams."
    )
    history.add_argument("--json", action="store_true", help="one JSON array of attempts")
    history.set_defaults(func=run_history)
