"""Read question decks written by other tools: Anki, Quizlet, Moodle (GIFT, Aiken, XML).

The one entry point is :func:`read_file`: it recognises the format, parses
the file safely (size limits, zip bombs, hostile HTML) and returns an
:class:`ImportedDeck`, or raises :class:`~dlquiz.core.problems.InputError`
listing every problem found.  Nothing is stored here.
"""

from __future__ import annotations

import sqlite3
import threading
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dlquiz.core.bulk import move_question
from dlquiz.core.collector import collector_paused
from dlquiz.core.model import Deck, Question
from dlquiz.core.problems import InputError, Problem

from .context import Handover, ReadContext
from .detect import FORMATS, MOODLE_CLOZE, UNKNOWN, detect_format
from .ids import deck_id_for
from .limits import HEAD_BYTES, MAX_FILE_BYTES, human_size
from .progress import ImportCancelled, Progress
from .result import ImportedReview, ReaderOutput
from .textdecode import decode_text

__all__ = [
    "FORMATS",
    "ImportCancelled",
    "ImportedDeck",
    "ImportedReview",
    "bad_rows_phrase",
    "deck_name_of",
    "detect_format",
    "read_file",
]


@dataclass(frozen=True)
class ImportedDeck:
    """A parsed, validated deck, ready to be stored.

    ``notices`` lists what was skipped or changed and why; ``media`` maps the
    image names used in ``Question.media`` to their bytes.  ``history`` holds
    the reviews another program recorded (Anki's revlog), by question id,
    oldest first.  ``guid_ids`` says the question ids come from the source's
    own note identity, so they recognise a note under any deck name.
    ``bad_rows`` lists the rows of a text file that could not be read and were
    left out.
    """

    deck: Deck
    format: str
    notices: tuple[str, ...] = ()
    media: dict[str, bytes] = field(default_factory=dict)
    history: dict[str, Sequence[ImportedReview]] = field(default_factory=dict)
    guid_ids: bool = False
    bad_rows: tuple[Problem, ...] = ()  # rows left out (only when bad rows are skipped)

    def counts(self) -> dict[str, int]:
        """How many questions of each type (``QuestionType`` values) the deck holds."""
        return dict(Counter(question.type.value for question in self.deck.questions))

    def history_summary(self) -> str:
        """``" with 9,435 past reviews"`` when the file brings review history, else ``""``."""
        total = sum(len(reviews) for reviews in self.history.values())
        if not total:
            return ""
        return f" with {total:,} past review{'' if total == 1 else 's'}"


def read_file(
    path: Path | str,
    *,
    format: str | None = None,
    deck_name: str | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    skip_bad_rows: bool = False,
    handover: Handover | None = None,
) -> ImportedDeck:
    """Read the question file at ``path``.

    Args:
        path: the file to read.
        format: one of :data:`FORMATS` to skip detection.
        deck_name: the name for the deck; by default the file's own deck
            name (Anki) or the file name.
        progress: called with the fraction of work done, at most every 1%.
        cancel: when set, the import stops with :class:`ImportCancelled`.
        skip_bad_rows: leave out the rows of a text file that cannot be read
            (listed in ``bad_rows``) instead of refusing the file for them.
        handover: given the questions as a reader that can builds them (see
            :data:`~dlquiz.importers.context.Handover`), under the deck id of
            ``deck_name`` or the file name; a file that names its own deck
            then moves them to that deck's id, as :func:`deck_name_of` says.

    Raises:
        InputError: the file is broken, hostile, or holds no question dlquiz can ask.
        ImportCancelled: ``cancel`` was set.
    """
    path = Path(path)
    label = path.name or str(path)
    tracker = Progress(progress, cancel)
    tracker.check()
    head = _read_head(path, label)
    chosen = format if format is not None else detect_format(path, head)
    if chosen not in FORMATS:
        raise InputError([Problem(label, _unsupported(chosen, explicit=format is not None))])
    if chosen == "yaml":
        return _read_yaml(path, tracker)
    ctx = ReadContext(
        label=label,
        deck_id=deck_id_for(deck_name or path.stem),
        progress=tracker,
        skip_bad_rows=skip_bad_rows,
        handover=handover,
    )
    with collector_paused():
        return _read(path, chosen, ctx, tracker, deck_name)


def _read(
    path: Path, chosen: str, ctx: ReadContext, tracker: Progress, deck_name: str | None
) -> ImportedDeck:
    try:
        output = _dispatch(chosen, path, ctx)
    except (OSError, sqlite3.Error, zipfile.BadZipFile, RecursionError, MemoryError) as error:
        raise InputError([Problem(ctx.label, f"cannot be read: {error}")]) from error
    if not output.questions:
        raise ctx.nothing_imported()
    name = deck_name_of(path, deck_name, output.deck_name)
    deck_id = deck_id_for(name)
    questions = [_move(question, ctx.deck_id, deck_id) for question in output.questions]
    topics = tuple(dict.fromkeys(q.topic for q in questions if q.topic))
    deck = Deck(id=deck_id, name=name, questions=tuple(questions), source=str(path), topics=topics)
    tracker.update(1.0)
    history = {f"{deck_id}:{local}": reviews for local, reviews in output.history.items()}
    return ImportedDeck(
        deck=deck,
        format=output.format or chosen,
        notices=ctx.notices(),
        media=output.media,
        history=history,
        guid_ids=output.guid_ids,
        bad_rows=tuple(ctx.bad_rows),
    )


def deck_name_of(path: Path, chosen: str | None, from_file: str) -> str:
    """The name a deck read from ``path`` gets: the one the learner chose, else the
    one the file gives, else the file's name."""
    return chosen or from_file or path.stem


def bad_rows_phrase(count: int) -> str:
    """``"1 bad row"``, ``"3 bad rows"``: the words the CLI and the GUI both use."""
    from dlquiz.core.wording import count as counted

    return counted(count, "bad row")


def _read_head(path: Path, label: str) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError([Problem(label, "is not a file")])
        if size > MAX_FILE_BYTES:
            raise InputError(
                [
                    Problem(
                        label,
                        f"is {human_size(size)}: more than the {human_size(MAX_FILE_BYTES)} "
                        "an import may be",
                    )
                ]
            )
        with path.open("rb") as stream:
            return stream.read(HEAD_BYTES)
    except OSError as error:
        raise InputError([Problem(label, f"cannot be opened: {error.strerror or error}")]) from None


def _unsupported(chosen: str, *, explicit: bool) -> str:
    if explicit:
        return f"unknown format {chosen!r}: dlquiz reads {', '.join(FORMATS)}"
    if chosen == MOODLE_CLOZE:
        return (
            "is Moodle embedded-answers (Cloze) text, which dlquiz does not import: "
            "each question has several blanks graded together; export the questions as "
            "GIFT or Moodle XML instead"
        )
    assert chosen == UNKNOWN
    return (
        "is not a question file dlquiz recognises "
        "(Anki .apkg or text export, CSV, GIFT, Aiken, Moodle XML or a dlquiz YAML deck)"
    )


def _dispatch(chosen: str, path: Path, ctx: ReadContext) -> ReaderOutput:
    if chosen == "apkg":
        from .apkg import read_apkg

        return read_apkg(path, ctx)
    text = decode_text(path.read_bytes(), label=ctx.label)
    ctx.progress.update(0.05)
    if chosen in ("anki-text", "csv"):
        from .anki_text import read_anki_text

        output = read_anki_text(text, ctx)
        output.format = output.format or chosen
        return output
    if chosen == "gift":
        from .gift import read_gift

        return read_gift(text, ctx)
    if chosen == "aiken":
        from .aiken import read_aiken

        return read_aiken(text, ctx)
    from .moodle_xml import read_moodle_xml

    return read_moodle_xml(text, ctx)


def _read_yaml(path: Path, tracker: Progress) -> ImportedDeck:
    from dlquiz.decks import load_deck  # written alongside; raises InputError itself

    deck = load_deck(path)
    tracker.update(1.0)
    return ImportedDeck(deck=deck, format="yaml")


def _move(question: Question, old: str, new: str) -> Question:
    """``question`` with its deck id changed from ``old`` to ``new``."""
    if old == new:
        return question
    return move_question(question, id=new + question.id[len(old) :], deck=new)
