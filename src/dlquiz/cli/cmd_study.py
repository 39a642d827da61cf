"""``dlquiz study --terminal``: the study queue over stdin and stdout.

One answer line per question; flashcards take two (reveal, then a rating).
Every answer is committed before its verdict is printed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from dlquiz.cli.context import open_for_command
from dlquiz.cli.errors import UserError
from dlquiz.cli.usage import whole_number

# Building the parser loads this module: the texts, the scheduler and the
# chapter load when the study loop runs.
if TYPE_CHECKING:
    from dlquiz.core.clock import Clock
    from dlquiz.core.ids import DeckId
    from dlquiz.core.model import Question
    from dlquiz.core.scheduling import Rating
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.study import Recorded, StudyService


def _say(out: TextIO, *lines: str) -> None:
    for line in lines:
        out.write(line + "\n")
    out.flush()


def _read(inp: TextIO) -> str | None:
    line = inp.readline()
    return None if line == "" else line.rstrip("\r\n")


def resolve_decks(bank: QuestionBank, names: list[str] | None) -> list[DeckId] | None:
    """Deck ids for ``--deck`` names/ids; None means every enabled deck."""
    if not names:
        return None
    from dlquiz.storage.deck_service import DeckRuleError, DeckService

    decks = DeckService(bank.collection)
    try:
        return [decks.find(name).id for name in names]
    except DeckRuleError as error:
        raise UserError(str(error)) from None


def _next_in(recorded: Recorded, clock: Clock) -> str:
    """ "Rated Good; next in 10m." for the answer just stored."""
    from dlquiz.core.labels import RATING_LABELS
    from dlquiz.core.scheduling import format_interval

    # A rescheduled card always has a due time; FSRS never leaves one unset.
    assert recorded.state.due is not None
    wait = format_interval(recorded.state.due - clock.now())
    return f"Rated {RATING_LABELS[recorded.rating]}; next in {wait}."


def _self_rating(question: Question, inp: TextIO, out: TextIO) -> Rating | None:
    """Show a flashcard's back and read the learner's rating; None at the end of input."""
    from dlquiz.cli.render import answer_media_lines
    from dlquiz.core.labels import NO_ANSWER_SIDE, RATING_LABELS
    from dlquiz.core.scheduling import Rating

    scale = ", ".join(f"{int(rating)} {RATING_LABELS[rating]}" for rating in Rating)
    _say(
        out,
        f"Answer: {question.answer}" if question.answer.strip() else NO_ANSWER_SIDE,
        *answer_media_lines(question),
        f"Rate yourself: {scale} [Enter = {RATING_LABELS[Rating.GOOD]}]",
    )
    rating_line = _read(inp)
    if rating_line is None:
        return None
    text = rating_line.strip()
    if text not in ("", "1", "2", "3", "4"):
        _say(out, f"'{text}' is not a rating; counted as {RATING_LABELS[Rating.GOOD]}.")
        text = ""
    return Rating(int(text)) if text else Rating.GOOD


def study_loop(
    svc: StudyService,
    *,
    deck_ids: Sequence[DeckId] | None,
    limit: int | None,
    inp: TextIO,
    out: TextIO,
    deck_names: Mapping[str, str] | None = None,
) -> Counter[str]:
    """Ask due questions until none is left, ``limit`` is reached or input ends.

    ``deck_names`` (id to name) names a question's deck where it has no section.
    """
    from dlquiz.chapter import shown_section
    from dlquiz.cli.render import answer_media_lines, render_question
    from dlquiz.core.labels import RATING_LABELS, marking_note, outcome_text
    from dlquiz.core.model import QuestionType

    names = deck_names or {}
    clock = svc.clock
    tally: Counter[str] = Counter()
    while limit is None or tally["answered"] < limit:
        card = svc.next_card(deck_ids)
        if card is None:
            _say(out, "Nothing more is due. Well done.")
            break
        counts = svc.counts(deck_ids)
        q = card.question
        _say(
            out,
            "",
            f"--- {shown_section(q, names.get(q.deck, ''))}  (new {counts.new}"
            f" · learning {counts.learning} · due {counts.review})",
            *render_question(q),
        )
        started = clock.monotonic()
        line = _read(inp)
        if line is None:
            break
        if q.type is QuestionType.FLASHCARD:
            rating = _self_rating(q, inp, out)
            if rating is None:
                break
            duration = int((clock.monotonic() - started) * 1000)
            recorded = svc.rate(svc.reveal(card), rating, duration_ms=duration)
            tally["answered"] += 1
            tally[RATING_LABELS[rating]] += 1
            _say(out, _next_in(recorded, clock))
            continue
        duration = int((clock.monotonic() - started) * 1000)
        graded = svc.answer(card, line, duration_ms=duration)
        result = graded.grade
        tally["answered"] += 1
        tally[result.verdict.value] += 1
        note = marking_note(result.feedback)
        lines = [f"{outcome_text(result.verdict, mark=False)} ({result.score:.0%}). {note}".strip()]
        if not result.correct:
            lines.append(f"Answer: {result.expected}")
        lines += answer_media_lines(q)
        if q.explanation:
            lines.append(f"Why: {q.explanation}")
        if q.topic:
            lines.append(f"Section: {q.topic}")
        lines.append(_next_in(graded.recorded, clock))
        _say(out, *lines)
    return tally


def run(args: argparse.Namespace) -> int:
    if not args.terminal:
        raise UserError(
            "study in the window with 'dlquiz', or in the terminal with 'dlquiz study --terminal'"
        )
    if args.limit is not None and args.limit < 1:
        raise UserError("--limit must be at least 1")
    from dlquiz.storage.study import StudyService

    with open_for_command(args) as (_collection, bank):
        service = StudyService(bank)
        deck_ids = resolve_decks(bank, args.deck)
        from dlquiz.storage.deck_service import DeckService

        names = {str(deck.id): deck.name for deck in DeckService(bank.collection).enabled()}
        tally = study_loop(
            service,
            deck_ids=deck_ids,
            limit=args.limit,
            inp=sys.stdin,
            out=sys.stdout,
            deck_names=names,
        )
        answered = tally["answered"]
        graded = tally["correct"] + tally["partial"] + tally["incorrect"]
        summary = f"Session over: {answered} answered"
        if graded:
            summary += (
                f", {tally['correct']} correct, {tally['partial']} partly right, "
                f"{tally['incorrect']} not right"
            )
        _say(sys.stdout, "", summary + ".")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "study",
        help="study due questions (in the terminal with --terminal)",
        description="Study the due questions in the terminal: one answer line per question; "
        "an empty line means 'don't know'. End of input ends the session.",
    )
    parser.add_argument("--terminal", action="store_true", help="study in this terminal")
    parser.add_argument(
        "--deck", action="append", metavar="NAME", help="only this deck (repeatable)"
    )
    parser.add_argument("--limit", type=whole_number, metavar="N", help="stop after N answers")
    parser.set_defaults(func=run)
