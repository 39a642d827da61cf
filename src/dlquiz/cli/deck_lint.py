"""``dlquiz decks lint PATH_OR_NAME [--json]``: questions that give themselves away.

A file is read in any format dlquiz imports (a YAML deck keeps its facts);
a name is one of the learner's decks.  Exit code 0 when nothing is found,
1 when there are findings, as ``decks check`` does for problems.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dlquiz.cli.context import db_path
from dlquiz.cli.errors import UserError
from dlquiz.core.wording import count

if TYPE_CHECKING:  # the checks load the grader: only when the command runs
    from dlquiz.core.lint import LintFinding
    from dlquiz.core.model import Fact, Question


def _from_file(path: Path) -> tuple[str, Sequence[Question], Sequence[Fact]]:
    from dlquiz.core.generate import generate_questions
    from dlquiz.core.problems import InputError
    from dlquiz.importers import read_file

    try:
        deck = read_file(path).deck
    except InputError as error:
        raise UserError(str(error)) from None
    return str(path), generate_questions(deck), deck.facts


def _from_collection(args: argparse.Namespace) -> tuple[str, Sequence[Question], Sequence[Fact]]:
    from dlquiz.chapter import chapter
    from dlquiz.cli.deck_select import select_questions

    questions = select_questions(db_path(args), [args.deck])
    deck, _ = chapter()
    facts = deck.facts if questions and questions[0].deck == deck.id else ()
    return args.deck, questions, facts


def format_finding(source: str, finding: LintFinding) -> str:
    """One line per finding: where, which question, which check, what."""
    where = f"{source}:{finding.line}" if finding.line else source
    return f"{where}: {finding.question_id}: [{finding.check}] {finding.message}"


def run_lint(args: argparse.Namespace) -> int:
    from dlquiz.core.lint import lint_questions

    path = Path(args.deck).expanduser()
    source, questions, facts = _from_file(path) if path.is_file() else _from_collection(args)
    findings = lint_questions(questions, facts)
    if args.json:
        report = {
            "deck": source,
            "questions": len(questions),
            "findings": [finding.to_dict() for finding in findings],
        }
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        for finding in findings:
            print(format_finding(source, finding))
        print(f"{source}: {count(len(questions), 'question')}, {count(len(findings), 'finding')}")
    return 1 if findings else 0


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lint = actions.add_parser(
        "lint",
        help="find questions that give their answer away or are unfair",
        description="Check a deck file, or one of your decks, for answers given away by "
        "prompts, labels, choices or other questions; distractors that are right; options "
        "that stand out; matchings with too few pairs; near-duplicates; contradicting "
        "statements; and phrase answers without key ideas. Exit 1 when anything is found.",
    )
    lint.add_argument("deck", metavar="PATH_OR_NAME", help="a deck file or the name of a deck")
    lint.add_argument("--json", action="store_true", help="the findings as one JSON object")
    lint.set_defaults(func=run_lint)
