"""``dlquiz fsrs``: fit, show and score the learner's FSRS parameters."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from dlquiz.cli.context import open_for_command
from dlquiz.cli.errors import UserError


def _figure(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 6)


def _optimize(args: argparse.Namespace) -> int:
    from dlquiz.cli.cmd_study import resolve_decks
    from dlquiz.storage.memory_service import optimize

    def progress(share: float) -> None:
        if not args.json:
            print(f"\rfitting... {share:4.0%}", end="", file=sys.stderr, flush=True)

    with open_for_command(args) as (collection, bank):
        deck_ids = resolve_decks(bank, args.deck)
        try:
            outcome = optimize(collection, deck_ids=deck_ids, progress=progress)
        except ImportError as error:
            raise UserError(str(error)) from None
    if not args.json:
        print(file=sys.stderr)
    found = outcome.validated
    before, after = found.before, found.after
    figures: dict[str, Any] = {
        "reviews": found.reviews,
        "kept": found.kept,
        "parameters_before": list(found.parameters_before),
        "parameters_after": list(found.parameters),
        "log_loss_before": _figure(None if before is None else before.log_loss),
        "log_loss_after": _figure(None if after is None else after.log_loss),
        "rmse_bins_before": _figure(None if before is None else before.rmse_bins),
        "rmse_bins_after": _figure(None if after is None else after.rmse_bins),
        "log_loss_default": _figure(None if found.default is None else found.default.log_loss),
        "held_out_reviews": found.held_out,
        "message": found.reason,
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    print(found.reason)
    if before is not None and after is not None:
        print(
            f"on the latest {found.held_out} reviews: log loss {before.log_loss:.4f} "
            f"(in use) -> {after.log_loss:.4f} (fit), RMSE(bins) {before.rmse_bins:.4f} -> "
            f"{after.rmse_bins:.4f}"
        )
    if found.kept and outcome.rebuilt is not None:
        print(f"{outcome.rebuilt.cards} cards rescheduled with the new parameters")
    return 0


def _params(args: argparse.Namespace) -> int:
    from dlquiz.storage.memory_service import current

    with open_for_command(args) as (collection, _bank):
        in_use = current(collection)
    fitted_at = None if in_use.fitted_at is None else in_use.fitted_at.isoformat()
    if args.json:
        print(
            json.dumps(
                {
                    "parameters": list(in_use.parameters),
                    "source": in_use.source,
                    "fitted_at": fitted_at,
                }
            )
        )
        return 0
    when = "" if fitted_at is None else f", fitted {fitted_at}"
    print(f"FSRS parameters ({in_use.source}{when}):")
    print(" ".join(f"{w:.4f}" for w in in_use.parameters))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from dlquiz.cli.cmd_study import resolve_decks
    from dlquiz.storage.memory_service import current, evaluate

    with open_for_command(args) as (collection, bank):
        deck_ids = resolve_decks(bank, args.deck)
        result = evaluate(collection, deck_ids=deck_ids)
        source = current(collection).source
    figures = {
        "reviews": result.reviews,
        "source": source,
        "log_loss": _figure(result.log_loss),
        "rmse_bins": _figure(result.rmse_bins),
        "calibration": [
            {
                "low": b.low,
                "high": b.high,
                "reviews": b.count,
                "predicted": round(b.predicted, 4),
                "actual": round(b.actual, 4),
            }
            for b in result.bins
        ],
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    if not result.reviews:
        print("no reviews a day or more after the previous one yet: nothing to score")
        return 0
    print(
        f"{result.reviews} reviews scored with the {source} parameters: "
        f"log loss {result.log_loss:.4f}, RMSE(bins) {result.rmse_bins:.4f}"
    )
    for b in result.bins:
        print(
            f"  predicted {b.low:.0%}-{b.high:.0%}: {b.count} reviews, "
            f"{b.predicted:.1%} predicted, {b.actual:.1%} recalled"
        )
    return 0


def _workload(args: argparse.Namespace) -> int:
    from dlquiz.storage.memory_service import workload

    with open_for_command(args) as (collection, _bank):
        rows = workload(collection)
    shown = [
        {
            "desired_retention": r.retention,
            "reviews_per_day": round(r.reviews_per_day, 1),
            "first_month_per_day": round(r.first_month_per_day, 1),
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps({"days": 365, "workload": shown}))
        return 0
    print("simulated answers a day over the next year, with the parameters in use:")
    for r in rows:
        print(
            f"  {r.retention:.0%}: {r.reviews_per_day:.0f} a day "
            f"({r.first_month_per_day:.0f} in the first month)"
        )
    return 0


_ACTIONS = (
    (
        "optimize",
        "fit parameters to your reviews; kept only if they predict later reviews better",
        "fit on this deck's reviews",
        _optimize,
    ),
    ("params", "show the parameters in use", None, _params),
    (
        "evaluate",
        "score the parameters in use on your reviews",
        "this deck's reviews only",
        _evaluate,
    ),
    ("workload", "answers a day at several desired retentions", None, _workload),
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("fsrs", help="fit, show and score your FSRS parameters")
    commands = parser.add_subparsers(dest="fsrs_command", metavar="ACTION", required=True)
    for name, summary, deck_help, handler in _ACTIONS:
        action = commands.add_parser(name, help=summary)
        if deck_help is not None:
            action.add_argument("--deck", action="append", metavar="NAME", help=deck_help)
        action.add_argument("--json", action="store_true", help="print one JSON object")
        action.set_defaults(func=handler)
