"""``dlquiz grade QUESTION_ID ANSWER`` and ``dlquiz grade --batch FILE``: grading for scripts.

The batch form reads JSON Lines, one ``{"question_id", "answer"}`` object a
line (``-`` reads standard input), and writes one verdict a line, in one
process: for a teacher checking a deck against a class's answers.  A file
with any bad line is refused whole, every problem named by file and line,
before anything is graded.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlquiz.cli.context import db_path
from dlquiz.cli.errors import UserError

if TYPE_CHECKING:  # the chapter, the grader and storage load when a command runs
    from dlquiz.core.model import Grade, Question

_MOST_PROBLEMS_SHOWN = 20


class _Questions:
    """Questions by id: the chapter's at once, imported ones as they are asked for."""

    def __init__(self, args: argparse.Namespace) -> None:
        from dlquiz.cli.deck_select import chapter_questions

        self._args = args
        self._chapter = {q.id: q for q in chapter_questions()}
        self._imported: dict[str, Question | None] = {}

    def get(self, question_id: str) -> Question | None:
        """The question asked by this id, or the one that grades a cloze no longer asked."""
        found = self._asked(question_id)
        if found is not None:
            return found
        from dlquiz.core.ids import cloze_stand_in

        stand_in = cloze_stand_in(question_id)
        return None if stand_in is None else self._asked(stand_in)

    def _asked(self, question_id: str) -> Question | None:
        found = self._chapter.get(question_id)
        if found is not None:
            return found
        if question_id not in self._imported:
            from dlquiz.storage import readonly

            self._imported[question_id] = readonly.imported_question(
                db_path(self._args), question_id
            )
        return self._imported[question_id]

    def unknown(self, question_id: str) -> str:
        import difflib

        close = difflib.get_close_matches(question_id, list(self._chapter), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return (
            f"unknown question id {question_id!r}{hint} (list ids with 'dlquiz questions --json')"
        )


def find_question(args: argparse.Namespace, question_id: str) -> Question:
    """The question with this id in any of the learner's decks, or a UserError."""
    questions = _Questions(args)
    found = questions.get(question_id)
    if found is None:
        raise UserError(questions.unknown(question_id))
    return found


def _gradable(question: Question) -> str | None:
    from dlquiz.core.model import QuestionType

    if question.type is QuestionType.FLASHCARD:
        return f"{question.id} is a flashcard: flashcards are rated by the learner, not graded"
    return None


def verdict_object(result: Grade) -> dict[str, Any]:
    """The keys ``grade --json`` prints for one verdict."""
    return {
        "verdict": result.verdict.value,
        "correct": result.correct,
        "score": round(result.score, 4),
        "expected": result.expected,
        "feedback": result.feedback,
    }


def _read_batch(
    lines: Iterable[str], *, source: str, questions: _Questions
) -> list[tuple[str, Question, str]]:
    """Every line's question id, question and answer, or a UserError naming every bad line."""
    jobs: list[tuple[str, Question, str]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        reason, job = _read_line(line, questions)
        if reason is not None:
            problems.append(f"{source}:{number}: {reason}")
        elif job is not None:
            jobs.append(job)
    if problems:
        shown = problems[:_MOST_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        if more:
            shown.append(f"... and {more} more")
        raise UserError("nothing was graded:\n" + "\n".join(shown))
    return jobs


def _read_line(
    line: str, questions: _Questions
) -> tuple[str | None, tuple[str, Question, str] | None]:
    try:
        data = json.loads(line)
    except ValueError as error:
        return f"not a JSON object ({error})", None
    if not isinstance(data, dict):
        return 'expected a JSON object {"question_id": ..., "answer": ...}', None
    question_id, answer = data.get("question_id"), data.get("answer")
    if not isinstance(question_id, str):
        return "'question_id' must be text", None
    if not isinstance(answer, str):
        return "'answer' must be text", None
    question = questions.get(question_id)
    if question is None:
        return questions.unknown(question_id), None
    refusal = _gradable(question)
    if refusal is not None:
        return refusal, None
    return None, (question_id, question, answer)


def _batch(args: argparse.Namespace) -> int:
    from dlquiz.core.grading import grade

    questions = _Questions(args)
    if args.batch == "-":
        jobs = _read_batch(sys.stdin, source="<stdin>", questions=questions)
    else:
        path = Path(args.batch)
        try:
            with path.open(encoding="utf-8-sig") as handle:
                jobs = _read_batch(handle, source=str(path), questions=questions)
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"{path}: cannot read the answers: {error}") from None
    out = sys.stdout
    for question_id, question, answer in jobs:
        # The id the line asked for, even where a typed question stands in for a cloze.
        record = {"question_id": question_id, **verdict_object(grade(question, answer))}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def run(args: argparse.Namespace) -> int:
    from dlquiz.core.grading import grade

    usage: argparse.ArgumentParser = args.grade_parser
    if args.batch is not None:
        if args.question_id is not None or args.answer is not None:
            usage.error("give either --batch FILE or QUESTION_ID ANSWER, not both")
        return _batch(args)
    if args.question_id is None or args.answer is None:
        usage.error("give QUESTION_ID and ANSWER, or --batch FILE (- for standard input)")
    question = find_question(args, args.question_id)
    refusal = _gradable(question)
    if refusal is not None:
        raise UserError(refusal)
    result = grade(question, args.answer)
    if args.json:
        print(json.dumps(verdict_object(result), ensure_ascii=False))
    else:
        print(f"{result.verdict.value} ({result.score:.0%}): {result.feedback}")
        if not result.correct:
            print(f"expected: {result.expected}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade an answer to one question, or a file of answers",
        description=(
            "Grade ANSWER to QUESTION_ID, in the terminal answer syntax; or grade every "
            'line of a JSON Lines file of {"question_id", "answer"} objects (--batch).'
        ),
    )
    parser.add_argument("question_id", nargs="?")
    parser.add_argument("answer", nargs="?")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--batch",
        metavar="FILE",
        help="grade the JSON Lines in FILE ('-' for standard input); prints one verdict a line",
    )
    parser.set_defaults(func=run, grade_parser=parser)
