"""``dlquiz questions``: every question as JSON Lines, for scripts."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from dlquiz.cli.context import db_path

if TYPE_CHECKING:  # decks and storage load when the command runs
    from dlquiz.core.model import Question


def question_json(question: Question) -> dict[str, object]:
    """The public JSON shape of a question (plain text only)."""
    from dlquiz.core.plain import plain_text

    return {
        "id": question.id,
        "deck": question.deck,
        "type": question.type.value,
        "prompt": plain_text(question.text_prompt),
        "choices": None if question.choices is None else [plain_text(c) for c in question.choices],
        "answer": plain_text(question.answer),
        "topic": question.topic,
        "fact_ids": list(question.fact_ids),
    }


def run_reported(args: argparse.Namespace) -> int:
    """Every report of a wrong or unclear question, with the question's prompt."""
    from dlquiz.cli.deck_select import select_questions
    from dlquiz.storage.readonly import problem_reports

    path = db_path(args)
    reports = problem_reports(path)
    prompts = {q.id: q.text_prompt for q in select_questions(path, args.deck)}
    out = sys.stdout
    shown = 0
    for report in reports:
        if args.deck and report.question_id not in prompts:
            continue
        shown += 1
        row = {**report.to_dict(), "prompt": prompts.get(report.question_id, "")}
        if args.json:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            out.write(f"{row['question']}\t{row['reason']}\t{row['note']}\t{row['prompt']}\n")
    out.flush()
    if not shown and not args.json:  # JSON Lines stay empty: a script reads "none" from that
        print("dlquiz: no question has been reported", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    from dlquiz.cli.deck_select import select_questions

    if args.reported:
        return run_reported(args)
    questions = select_questions(db_path(args), args.deck)
    out = sys.stdout
    for question in questions:
        if args.json:
            out.write(json.dumps(question_json(question), ensure_ascii=False) + "\n")
        else:
            out.write(f"{question.id}\t{question.type.value}\t{question.text_prompt}\n")
    out.flush()
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "questions",
        help="list questions (JSON Lines with --json)",
        description="List every question of the chosen decks; without --deck, of all decks.",
    )
    parser.add_argument(
        "--deck",
        action="append",
        metavar="PATH_OR_NAME",
        help="a deck file or the name/id of one of your decks (repeatable)",
    )
    parser.add_argument(
        "--reported",
        action="store_true",
        help="list the reports of wrong or unclear questions instead (for deck authors)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)
