"""``dlquiz stats``: progress figures, as JSON for scripts."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from dlquiz.cli.context import open_for_command

if TYPE_CHECKING:
    from dlquiz.core.progress import ProgressStats


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def summary_lines(figures: ProgressStats) -> list[str]:
    """The figures a person reads first, as a few lines of text."""
    today = figures.studied_today
    exams = figures.exam_trend
    last_exam = f", last exam {exams[-1].score:.0%}" if exams else ""
    return [
        f"cards: {figures.cards_total} ({figures.cards_new} new, "
        f"{figures.cards_suspended} suspended), due now: {figures.cards_due_now}, "
        f"due tomorrow: {figures.due_on(1)}",
        f"today: {today.reviews} answers in {today.time_s / 60:.0f} min, "
        f"streak: {figures.streak_days} days",
        f"reviews: {figures.reviews_total}, "
        f"30-day retention: {_percent(figures.retention_30d)}, "
        f"mastery: {_percent(figures.mastery)}{last_exam}",
    ]


def run(args: argparse.Namespace) -> int:
    from dlquiz.storage.stats import collection_stats

    with open_for_command(args) as (collection, bank):
        figures = collection_stats(
            collection, now=collection.clock.now(), topic_order=bank.chapter_deck.topics
        )
    if args.json:
        print(json.dumps(figures.to_json(), ensure_ascii=False))
        return 0
    print("\n".join(summary_lines(figures)))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("stats", help="show progress figures")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)
