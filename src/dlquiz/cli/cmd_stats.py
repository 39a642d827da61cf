"""``dlquiz stats``: progress figures, as JSON for scripts."""

from __future__ import annotations

import argparse
import json

from dlquiz.cli.context import open_for_command


def run(args: argparse.Namespace) -> int:
    from dlquiz.storage.stats import collection_stats

    with open_for_command(args) as (collection, _bank):
        figures = collection_stats(collection, now=collection.clock.now())
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    retention = figures["retention_30d"]
    print(
        f"cards: {figures['cards_total']} ({figures['cards_new']} new), "
        f"due now: {figures['cards_due_now']}, reviews: {figures['reviews_total']}, "
        f"30-day retention: {'n/a' if retention is None else f'{retention:.0%}'}"
    )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("stats", help="show progress figures")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)
