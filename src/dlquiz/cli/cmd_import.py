"""``dlquiz import FILE...``: take in decks from Anki, Quizlet, Moodle and others.

Never prompts.  Each file is stored whole or not at all; every problem of a
broken file is listed with its place, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dlquiz.cli.context import open_for_command
from dlquiz.core.wording import count


def _describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()) if n) or "nothing"


def run(args: argparse.Namespace) -> int:
    from dlquiz.core.collector import collector_paused

    # The decks read stay alive until they are stored: with the collector on,
    # its passes over them between reading and storing cost a tenth of a
    # large import, and they hold no cycles to collect.
    with collector_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from dlquiz.core.generate import generate_questions
    from dlquiz.core.problems import InputError
    from dlquiz.importers import bad_rows_phrase, read_file

    parsed = []
    failed = False
    for name in args.files:
        path = Path(name)
        try:
            # Bad rows are always gathered, so that they can be listed in full;
            # without --skip-bad-rows the file is then refused for them.
            imported = read_file(path, format=args.format, deck_name=args.deck, skip_bad_rows=True)
        except InputError as error:
            print(str(error), file=sys.stderr)
            failed = True
            continue
        for notice in imported.notices:
            print(f"note: {notice}", file=sys.stderr)
        for problem in imported.bad_rows:
            print(f"bad row: {problem}", file=sys.stderr)
        questions = generate_questions(imported.deck)
        bad = len(imported.bad_rows)
        if bad and not args.skip_bad_rows:
            print(
                f"{path}: not imported: {bad_rows_phrase(bad)} (listed above); "
                f"--skip-bad-rows imports the other {count(len(questions), 'question')}",
                file=sys.stderr,
            )
            failed = True
            continue
        verb = "would import" if args.dry_run else "importing"
        left_out = f"; {bad_rows_phrase(bad)} left out" if bad else ""
        print(
            f"{path}: {verb} {count(len(questions), 'question')} as {imported.format} "
            f"({_describe(imported.counts())}){imported.history_summary()}{left_out}"
        )
        parsed.append((path, imported, questions))
    if args.dry_run or not parsed:
        return 1 if failed else 0
    from dlquiz.storage.import_service import store_read

    with open_for_command(args) as (collection, bank):
        for path, imported, questions in parsed:
            stored = store_read(
                collection,
                imported,
                questions,
                source=str(path.resolve()),
                deck_name=args.deck,
                as_new=args.as_new,
            )
            r = stored.report
            found = (
                f" (found by its notes; the file calls it {imported.deck.name!r})"
                if stored.recognised
                else ""
            )
            history = f", {stored.reviews} past reviews" if stored.reviews else ""
            print(
                f"{path}: stored as deck {stored.deck_name!r} ({stored.deck_id}){found}: "
                f"{r.added} new, {r.kept} kept, {r.updated} changed, {r.retired} retired"
                f"{history}"
            )
        bank.forget_imported()
    return 1 if failed else 0


# The importers' own list; repeated here so that building the parser stays light
# (a test checks the two agree).
FORMATS = ("yaml", "anki-text", "csv", "apkg", "gift", "aiken", "moodle-xml")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import decks (Anki .apkg/text, Quizlet/CSV, GIFT, Aiken, YAML...)",
        description="Import question decks. The format is recognised from the content; "
        "--format forces one. Nothing is stored from a file with any problem.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--deck", metavar="NAME", help="store under this deck name")
    parser.add_argument("--format", choices=FORMATS, help="skip detection")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would be imported, and any bad rows"
    )
    parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="store the good rows of a text file whose other rows cannot be read "
        "(they are listed with their line numbers); without it such a file is refused",
    )
    parser.add_argument(
        "--as-new",
        action="store_true",
        help="import a separate copy instead of updating a deck of that name",
    )
    parser.set_defaults(func=run)
