"""``dlquiz import FILE...``: take in decks from Anki, Quizlet, Moodle and others.

Never prompts.  Each file is stored whole or not at all; every problem of a
broken file is listed with its place, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from dlquiz.cli.context import open_for_command
from dlquiz.core.wording import count

if TYPE_CHECKING:
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import Collection


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
    failed = False
    with ExitStack() as stack:
        # Opened when the first file has something to store: a run whose files
        # are all refused (or a dry run) never creates a collection.
        opened: list[tuple[Collection, QuestionBank]] = []

        def collection() -> Collection:
            if not opened:
                opened.append(stack.enter_context(open_for_command(args)))
            return opened[0][0]

        for name in args.files:
            failed |= not _import_one(Path(name), args, collection)
        if opened:
            opened[0][1].forget_imported()
    return 1 if failed else 0


def _import_one(path: Path, args: argparse.Namespace, collection: Callable[[], Collection]) -> bool:
    """Read one file and store it whole, or say why not; False when it was refused."""
    from dlquiz.core.generate import generate_questions
    from dlquiz.core.problems import InputError
    from dlquiz.importers import bad_rows_phrase, read_file
    from dlquiz.storage.import_stream import ImportStream

    # A text file is stored while it is read (storage/import_stream.py); a dry
    # run only reads.
    stream = ImportStream(collection, path, deck_name=args.deck, as_new=args.as_new)
    with stream:
        try:
            # Bad rows are always gathered, so that they can be listed in full;
            # without --skip-bad-rows the file is then refused for them.
            imported = read_file(
                path,
                format=args.format,
                deck_name=args.deck,
                skip_bad_rows=True,
                handover=None if args.dry_run else stream.hand_over,
            )
        except InputError as error:
            print(str(error), file=sys.stderr)
            return False
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
            return False
        verb = "would import" if args.dry_run else "importing"
        left_out = f"; {bad_rows_phrase(bad)} left out" if bad else ""
        print(
            f"{path}: {verb} {count(len(questions), 'question')} as {imported.format} "
            f"({_describe(imported.counts())}){imported.history_summary()}{left_out}"
        )
        if args.dry_run:
            return True
        stored = stream.store(imported, questions)
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
    return True


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
