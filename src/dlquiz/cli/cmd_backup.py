"""``dlquiz backup list|restore NAME|now``."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from dlquiz.cli.context import db_path, open_for_command
from dlquiz.cli.errors import UserError


def run_list(args: argparse.Namespace) -> int:
    from dlquiz.storage.backup import list_backups

    found = list_backups(db_path(args))
    if not found:
        print("no backups yet (one is taken whenever dlquiz closes after a change)")
    for backup in found:
        print(f"{backup.name}\t{backup.taken_at:%Y-%m-%d %H:%M:%S} UTC\t{backup.size // 1024} KiB")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from dlquiz.storage.collection import CollectionInUse, restore

    try:
        aside = restore(db_path(args), args.name, now=datetime.now(UTC))
    except (KeyError, ValueError, CollectionInUse) as error:
        raise UserError(str(error).strip("'\"")) from None
    print(f"restored {args.name}")
    if aside is not None:
        print(f"the previous file was kept as {aside}")
    return 0


def run_now(args: argparse.Namespace) -> int:
    with open_for_command(args) as (collection, _bank):
        backup = collection.backup_now()
    print(f"backed up to {backup.path}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("backup", help="list, take or restore backups")
    actions = parser.add_subparsers(dest="backup_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list backups, newest first").set_defaults(func=run_list)
    actions.add_parser("now", help="take a backup now").set_defaults(func=run_now)
    restore = actions.add_parser("restore", help="put a backup in place of the collection")
    restore.add_argument("name", help="a name from 'dlquiz backup list'")
    restore.set_defaults(func=run_restore)
