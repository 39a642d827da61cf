"""``dlquiz sync``: sync the collection with its PostgreSQL hub, or show where it stands."""

from __future__ import annotations

import argparse
import json
import sys

from dlquiz.cli.context import open_for_command
from dlquiz.cli.errors import UserError


def _status(args: argparse.Namespace) -> int:
    from dlquiz.sync.service import SyncService

    with open_for_command(args) as (collection, _bank):
        status = SyncService(collection).status()
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False))
        return 0
    print(f"hub: {status.hub or 'none (dlquiz sync --hub postgresql://USER@HOST/DATABASE)'}")
    print(f"last sync: {status.last_sync or 'never'}")
    print(f"changes waiting to be sent: {status.pending}")
    if status.waiting:
        print(f"received changes waiting for their deck: {status.waiting}")
    if status.last_error:
        print(f"last attempt failed: {status.last_error}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.status:
        return _status(args)
    from dlquiz.sync.hub import HubError
    from dlquiz.sync.hub_url import BadHubUrl
    from dlquiz.sync.service import NoHub, SyncService

    with open_for_command(args) as (collection, _bank):
        service = SyncService(collection)
        try:
            done = service.sync(args.hub)
        except (NoHub, BadHubUrl, HubError) as error:
            raise UserError(f"sync: {error}; studying is not affected") from None
    summary = {
        "sent": done.pushed,
        "received": done.pulled,
        "applied": done.applied,
        "waiting": done.waiting,
        "cards_replayed": done.replayed,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in summary.items()), file=sys.stdout)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="sync with a PostgreSQL hub (docs/sync.md)",
        description="Send this device's changes to the hub and take the others'. The hub "
        "is remembered after the first time, without its password (that goes to the "
        "system keyring, or put it in ~/.pgpass).",
    )
    parser.add_argument(
        "--hub", metavar="URL", help="postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
    )
    parser.add_argument("--status", action="store_true", help="where sync stands; no network")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)
