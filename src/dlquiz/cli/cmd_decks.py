"""``dlquiz decks check|lint|list|rename|enable|disable|rm``."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from dlquiz.cli import deck_lint
from dlquiz.cli.context import open_for_command
from dlquiz.cli.errors import UserError


def run_check(args: argparse.Namespace) -> int:
    from dlquiz.decks import check_deck_file

    path = Path(args.path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    problems = check_deck_file(path)
    if problems:
        for problem in problems:
            print(problem)
        return 1
    print(f"{path}: ok")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from dlquiz.storage.decks_store import list_decks

    with open_for_command(args) as (collection, _bank), collection.session() as s:
        decks = list_decks(s)
    for deck in decks:
        state = "" if deck.enabled else "  (disabled)"
        print(f"{deck.id}\t{deck.name}\t{deck.kind}\t{deck.cards} cards{state}")
    return 0


def _with_deck(args: argparse.Namespace, action: str) -> int:
    from dlquiz.storage.decks_store import delete_deck, find_deck, list_decks

    with open_for_command(args) as (collection, _bank):
        with collection.session() as s:
            row = find_deck(s, args.name)
            if row is None:
                known = ", ".join(d.name for d in list_decks(s))
                raise UserError(f"no deck named {args.name!r} (decks: {known})")
            if action == "rm":
                if row.kind == "builtin":
                    raise UserError(
                        f"{row.name!r} is the built-in chapter deck; disable it instead "
                        f"with 'dlquiz decks disable {row.id}'"
                    )
                delete_deck(s, row, purge=args.purge, now=datetime.now(UTC))
                kept = "" if args.purge else " (its review history is kept)"
                message = f"deleted deck {row.name!r}{kept}"
            elif action == "rename":
                new_name = args.new_name.strip()
                if not new_name or len(new_name) > 200:
                    raise UserError("a deck name needs 1 to 200 characters")
                message = f"renamed {row.name!r} to {new_name!r}"
                row.name = new_name
            else:
                row.enabled = action == "enable"
                message = f"{action}d deck {row.name!r}"
        collection.mark_changed()
    print(message)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("decks", help="check deck files; list and manage your decks")
    actions = parser.add_subparsers(dest="decks_action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate a deck file and print every problem")
    check.add_argument("path")
    check.set_defaults(func=run_check)
    deck_lint.register(actions)
    actions.add_parser("list", help="list your decks").set_defaults(func=run_list)
    rename = actions.add_parser("rename", help="rename a deck")
    rename.add_argument("name")
    rename.add_argument("new_name")
    rename.set_defaults(func=lambda a: _with_deck(a, "rename"))
    for verb in ("enable", "disable"):
        sub = actions.add_parser(verb, help=f"{verb} a deck for study")
        sub.add_argument("name")
        sub.set_defaults(func=lambda a, v=verb: _with_deck(a, v))
    rm = actions.add_parser("rm", help="delete an imported deck (history kept unless --purge)")
    rm.add_argument("name")
    rm.add_argument("--purge", action="store_true", help="also delete its review history")
    rm.set_defaults(func=lambda a: _with_deck(a, "rm"))
