"""``dlquiz readiness``: predicted recall on an exam day, by section, and the expected score."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from typing import Any

from dlquiz.cli.context import open_for_command
from dlquiz.cli.errors import UserError
from dlquiz.cli.usage import percentage


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-06-15") from None


def figures(result: Any) -> dict[str, Any]:
    """The readiness as JSON-safe values (also what the window shows)."""
    score = result.score
    return {
        "exam_at": result.exam_at.isoformat(),
        "target": round(result.target, 4),
        "cards": result.cards,
        "predicted_recall": round(result.overall, 6),
        "sections": [
            {
                "section": s.section,
                "cards": s.cards,
                "studied": s.studied,
                "predicted_recall": round(s.predicted_recall, 6),
                "at_risk": s.at_risk,
            }
            for s in result.sections
        ],
        "sections_at_risk": list(result.at_risk),
        "expected_score": None
        if score is None
        else {
            "questions": score.questions,
            "expected": round(score.expected, 4),
            "low": round(score.low, 4),
            "high": round(score.high, 4),
            "draws": score.draws,
        },
    }


def _after_exam(args: argparse.Namespace) -> int:
    from dlquiz.storage.exam_check_store import exam_check

    with open_for_command(args) as (collection, _bank):
        try:
            found = exam_check(collection, None if args.exam == "last" else args.exam)
        except ValueError as error:
            raise UserError(str(error)) from None

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    shown = {
        "attempt_id": found.attempt_id,
        "questions": found.questions,
        "predicted_score": rounded(found.predicted_score),
        "actual_score": rounded(found.actual_score),
        "predicted_recall_when_right": rounded(found.predicted_when_right),
        "predicted_recall_when_wrong": rounded(found.predicted_when_wrong),
        "log_loss": rounded(found.log_loss),
        "questions_asked": [
            {
                "question_id": i.question_id,
                "section": i.section,
                "predicted_recall": round(i.predicted, 4),
                "score": i.score,
            }
            for i in found.items
        ],
    }
    if args.json:
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    print(
        f"exam {found.attempt_id[:8]}: predicted {found.predicted_score:.0%}, "
        f"scored {found.actual_score:.0%} on {found.questions} questions"
    )
    if found.predicted_when_right is not None:
        print(
            f"  predicted recall of the questions you got right: {found.predicted_when_right:.0%}"
        )
    if found.predicted_when_wrong is not None:
        print(f"  predicted recall of the questions you missed: {found.predicted_when_wrong:.0%}")
    return 0


def plan_figures(plan: Any) -> dict[str, Any]:
    """A preparation plan as JSON-safe values (also what the window shows)."""
    return {
        "exam_at": plan.exam_at.isoformat(),
        "target": round(plan.target, 4),
        "studied_cards": plan.studied,
        "cards_below_target": plan.below_without,
        "still_below_with_plan": plan.below_with,
        "unreachable": plan.below_with,
        "predicted_recall_without": round(plan.recall_without, 6),
        "predicted_recall_with": round(plan.recall_with, 6),
        "brought_forward": len(plan.moves),
        "reviews_per_day": [
            {"date": d.day.isoformat(), "reviews": d.reviews, "extra": d.extra} for d in plan.days
        ],
        "extra_per_day": [{"date": d.isoformat(), "reviews": n} for d, n in plan.extra_per_day],
    }


def _prepare(args: argparse.Namespace, zone: Any) -> int:
    from dlquiz.cli.cmd_study import resolve_decks
    from dlquiz.storage.readiness_store import accept_plan, preparation_plan

    with open_for_command(args) as (collection, bank):
        deck_ids = resolve_decks(bank, args.deck)
        try:
            plan = preparation_plan(
                bank, day=args.date, zone=zone, deck_ids=deck_ids, target=args.target
            )
        except ValueError as error:
            raise UserError(str(error)) from None
        moved = accept_plan(collection, plan) if args.accept else 0
    shown = plan_figures(plan)
    shown.update({"date": args.date.isoformat(), "accepted": bool(args.accept), "moved": moved})
    if args.json:
        print(json.dumps(shown))
        return 0
    print(
        f"{plan.below_without} of {plan.studied} studied cards would be below "
        f"{plan.target:.0%} on {args.date.isoformat()} on FSRS's own schedule; preparing "
        f"lifts mean recall then from {plan.recall_without:.0%} to {plan.recall_with:.0%}"
        f" ({plan.below_with} still below: too little time left)"
    )
    print("reviews planned until the exam (each answered Good):")
    for day in plan.days:
        print(f"  {day.day.isoformat()}: {day.reviews} reviews, {day.extra} of them extra")
    if args.accept:
        print(f"preparing: {moved} cards brought forward; study follows this plan until the exam")
    elif plan.moves or plan.extra:
        print("nothing changed yet: run again with --accept to prepare for it")
    return 0


def _stop(args: argparse.Namespace) -> int:
    from dlquiz.storage.readiness_store import stop_preparing

    with open_for_command(args) as (collection, _bank):
        rebuilt = stop_preparing(collection)
    if args.json:
        print(json.dumps({"stopped": True, "cards_rescheduled": rebuilt}))
    else:
        print(f"stopped preparing: {rebuilt} cards are due again when FSRS says")
    return 0


def run(args: argparse.Namespace) -> int:
    from dlquiz.cli.cmd_study import resolve_decks

    if args.exam is not None:
        return _after_exam(args)
    if args.stop_preparing:
        return _stop(args)
    if args.date is None:
        raise UserError("readiness needs --date YYYY-MM-DD (or --exam to check a past exam)")
    if args.accept and not args.prepare:
        raise UserError("--accept goes with --prepare")
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    if args.prepare:
        return _prepare(args, zone)
    from dlquiz.storage.readiness_store import collection_readiness

    with open_for_command(args) as (_collection, bank):
        deck_ids = resolve_decks(bank, args.deck)
        try:
            result = collection_readiness(
                bank, day=args.date, zone=zone, deck_ids=deck_ids, target=args.target
            )
        except ValueError as error:
            raise UserError(str(error)) from None
    shown = figures(result)
    shown["date"] = args.date.isoformat()
    if args.json:
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    print(
        f"predicted recall on {args.date.isoformat()}: {result.overall:.0%} of "
        f"{result.cards} cards (target {result.target:.0%})"
    )
    if result.score is not None:
        s = result.score
        print(
            f"expected score in a {s.questions}-question exam: {s.expected:.0%} "
            f"(90 % range {s.low:.0%}-{s.high:.0%})"
        )
    for section in result.sections:
        mark = "  AT RISK" if section.at_risk else ""
        print(
            f"  {section.predicted_recall:4.0%}  {section.section} "
            f"({section.studied}/{section.cards} studied){mark}"
        )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "readiness", help="predicted recall on an exam day, by section, and the expected score"
    )
    parser.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the exam day")
    parser.add_argument(
        "--exam",
        nargs="?",
        const="last",
        metavar="ATTEMPT_ID",
        help="after an exam: compare its prediction with its result (default: the latest)",
    )
    parser.add_argument("--deck", action="append", metavar="NAME", help="only this deck")
    parser.add_argument(
        "--target",
        type=percentage("the target recall"),
        metavar="PERCENT",
        help="recall a section needs (default: pass mark)",
    )
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="show the reviews per day until the date that bring recall then to the target"
        " (default target: 95 %%)",
    )
    parser.add_argument(
        "--accept",
        action="store_true",
        help="with --prepare: prepare for it (study follows the plan until the exam)",
    )
    parser.add_argument(
        "--stop-preparing",
        action="store_true",
        help="stop preparing for an exam; due dates go back to FSRS's own",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)
