"""``dlquiz decks check|lint|list|rename|enable|disable|rm``."""

from __future__ import annotations

import argparse
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
    from dlquiz.storage.deck_service import DeckService

    with open_for_command(args) as (collection, _bank):
        decks = DeckService(collection).all()
    for deck in decks:
        state = "" if deck.enabled else "  (disabled)"
        print(f"{deck.id}\t{deck.name}\t{deck.kind}\t{deck.cards} cards{state}")
    return 0


def _with_deck(args: argparse.Namespace, action: str) -> int:
    from dlquiz.storage.deck_service import DeckRuleError, DeckService

    with open_for_command(args) as (collection, _bank):
        decks = DeckService(collection)
        try:
            deck = decks.find(args.name)
            if action == "rm":
                decks.delete(deck.id, purge=args.purge)
                kept = "" if args.purge else " (its review history is kept)"
                message = f"deleted deck {deck.name!r}{kept}"
            elif action == "new-as-choice":
                on = args.setting == "on"
                decks.set_new_as_choice(deck.id, on)
                message = (
                    f"deck {deck.name!r} asks its new short-answer cards as multiple choice"
                    if on
                    else f"deck {deck.name!r} asks its short-answer cards typed, new or not"
                )
            elif action == "rename":
                renamed = decks.rename(deck.id, args.new_name)
                message = f"renamed {deck.name!r} to {renamed.name!r}"
            else:
                decks.set_enabled(deck.id, action == "enable")
                message = f"{action}d deck {deck.name!r}"
        except DeckRuleError as error:
            raise UserError(str(error)) from None
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
    choice = actions.add_parser(
        "new-as-choice",
        help="ask a deck's short-answer cards as multiple choice while they are new (on/off)",
        description="While a short-answer card is new, ask it as multiple choice among the "
        "deck's other answers of the same kind; once it is learnt it is typed. The same card: "
        "its progress counts either way. Off by default.",
    )
    choice.add_argument("name")
    choice.add_argument("setting", choices=("on", "off"))
    choice.set_defaults(func=lambda a: _with_deck(a, "new-as-choice"))
    rm = actions.add_parser("rm", help="delete an imported deck (history kept unless --purge)")
    rm.add_argument("name")
    rm.add_argument("--purge", action="store_true", help="also delete its review history")
    rm.set_defaults(func=lambda a: _with_deck(a, "rm"))
