"""``dlquiz hub``: set up a class on a hub, publish and follow decks, the teacher's report."""

from __future__ import annotations

import argparse
import json

from dlquiz.cli.context import open_for_command
from dlquiz.cli.errors import UserError
from dlquiz.core.wording import count


def _init(args: argparse.Namespace) -> int:
    from dlquiz.sync.hub import Hub
    from dlquiz.sync.hub_url import parse_hub_url

    with Hub(parse_hub_url(args.hub)) as hub:
        hub.init_class(learners=args.learner or (), teachers=args.teacher or ())
    print("hub ready: tables, roles dlquiz_learner and dlquiz_teacher, row-level security")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from dlquiz.sync.service import SyncService

    with open_for_command(args) as (collection, _bank):
        try:
            deck_id, name = SyncService(collection).publish(args.deck, args.hub)
        except KeyError as error:
            raise UserError(str(error.args[0])) from None
    print(f"published {name!r} as {deck_id}: learners run `dlquiz hub subscribe {deck_id}`")
    return 0


def _subscribe(args: argparse.Namespace) -> int:
    from dlquiz.sync.service import SyncService

    with open_for_command(args) as (collection, _bank):
        received = SyncService(collection).subscribe(args.deck, args.hub)
    print(f"following {args.deck}: {received} changes of the deck received")
    return 0


def _report(args: argparse.Namespace) -> int:
    from dlquiz.sync.service import SyncService

    with open_for_command(args) as (collection, _bank):
        report = SyncService(collection).class_report(deck=args.deck, hub_url=args.hub)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return 0
    from dlquiz.core.labels import discrimination_text, share_text

    for learner in report.learners:
        shown = share_text(learner["correct_share"])
        print(
            f"{learner['learner']}: {count(learner['questions_studied'], 'question')}, "
            f"{count(learner['reviews'], 'answer')}, {shown} correct, "
            f"{count(len(learner['exams']), 'exam')}"
        )
    for q in report.questions:
        facility, disc = share_text(q["facility"]), discrimination_text(q["discrimination"])
        print(f"{q['question_id']}: facility {facility}, discrimination {disc}")
    return 0


def run(args: argparse.Namespace) -> int:
    from dlquiz.sync.hub import HubError
    from dlquiz.sync.hub_url import BadHubUrl
    from dlquiz.sync.service import NoHub

    try:
        return int(args.hub_action(args))
    except (NoHub, BadHubUrl, HubError) as error:
        raise UserError(f"hub: {error}") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("hub", help="a class on a sync hub (docs/sync.md)")
    actions = parser.add_subparsers(dest="hub_command", metavar="ACTION", required=True)

    init = actions.add_parser("init", help="create the hub's tables, roles and policies")
    init.add_argument("--hub", required=True, metavar="URL", help="the hub, as its owner")
    init.add_argument("--learner", action="append", metavar="ROLE", help="a learner's login role")
    init.add_argument("--teacher", action="append", metavar="ROLE", help="a teacher's login role")
    init.set_defaults(hub_action=_init)

    publish = actions.add_parser("publish", help="offer one of your decks to the class")
    publish.add_argument("deck", metavar="DECK", help="the deck's name or id")
    publish.set_defaults(hub_action=_publish)

    subscribe = actions.add_parser("subscribe", help="follow a deck the teacher published")
    subscribe.add_argument("deck", metavar="DECK", help="the published deck's id")
    subscribe.set_defaults(hub_action=_subscribe)

    report = actions.add_parser("report", help="the class's progress and exam statistics")
    report.add_argument("--deck", metavar="DECK", help="only this deck's questions (its id)")
    report.add_argument("--json", action="store_true", help="print one JSON object")
    report.set_defaults(hub_action=_report)

    for sub in (publish, subscribe, report):
        sub.add_argument("--hub", metavar="URL", help="default: the hub you sync with")
    parser.set_defaults(func=run)
