"""``dlquiz grade QUESTION_ID ANSWER``: grade one answer, for scripts."""

from __future__ import annotations

import argparse
import difflib
import json

from dlquiz.cli.context import db_path
from dlquiz.cli.deck_select import chapter_questions
from dlquiz.cli.errors import UserError
from dlquiz.core.model import Question, QuestionType
from dlquiz.storage import readonly


def find_question(args: argparse.Namespace, question_id: str) -> Question:
    """The question with this id in any of the learner's decks, or a UserError."""
    chapter = {q.id: q for q in chapter_questions()}
    found = chapter.get(question_id) or readonly.imported_question(db_path(args), question_id)
    if found is not None:
        return found
    close = difflib.get_close_matches(question_id, list(chapter), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UserError(
        f"unknown question id {question_id!r}{hint} (list ids with 'dlquiz questions --json')"
    )


def run(args: argparse.Namespace) -> int:
    from dlquiz.core.grading import grade

    question = find_question(args, args.question_id)
    if question.type is QuestionType.FLASHCARD:
        raise UserError(
            f"{question.id} is a flashcard: flashcards are rated by the learner, not graded"
        )
    result = grade(question, args.answer)
    if args.json:
        print(
            json.dumps(
                {
                    "verdict": result.verdict.value,
                    "correct": result.correct,
                    "score": round(result.score, 4),
                    "expected": result.expected,
                    "feedback": result.feedback,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"{result.verdict.value} ({result.score:.0%}): {result.feedback}")
        if not result.correct:
            print(f"expected: {result.expected}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade an answer to one question",
        description="Grade ANSWER to QUESTION_ID, in the terminal answer syntax.",
    )
    parser.add_argument("question_id")
    parser.add_argument("answer")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)
