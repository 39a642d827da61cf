"""Resolving ``--deck PATH_OR_NAME`` to questions, for the scripting commands."""

from __future__ import annotations

from pathlib import Path

from dlquiz.cli.errors import UserError
from dlquiz.core.model import Question
from dlquiz.core.problems import InputError
from dlquiz.storage import readonly


def chapter_questions() -> list[Question]:
    from dlquiz.chapter import chapter

    try:
        return list(chapter()[1])
    except InputError as error:
        raise UserError(str(error)) from None


def chapter_deck_name() -> str:
    from dlquiz.chapter import chapter

    return chapter()[0].name


def questions_from_file(path: Path) -> list[Question]:
    """Questions of a deck file, in any format dlquiz reads, without storing it."""
    from dlquiz.core.generate import generate_questions
    from dlquiz.importers import read_file

    try:
        imported = read_file(path)
    except InputError as error:
        raise UserError(str(error)) from None
    return generate_questions(imported.deck)


def select_questions(db_path: Path, decks: list[str] | None) -> list[Question]:
    """Every question of the named decks; all of the learner's decks when none is named."""
    if not decks:
        return chapter_questions() + readonly.imported_questions(db_path)
    out: list[Question] = []
    known = readonly.imported_decks(db_path)
    for wanted in decks:
        path = Path(wanted).expanduser()
        if path.is_file():
            out.extend(questions_from_file(path))
            continue
        folded = wanted.casefold()
        chapter = chapter_questions()
        chapter_id = chapter[0].deck
        if folded in (chapter_id, chapter_deck_name().casefold()):
            out.extend(chapter)
            continue
        match = [d for d, name in known if folded in (d, name.casefold())]
        if not match:
            names = ", ".join([chapter_id] + [name for _, name in known])
            raise UserError(f"no deck or file named {wanted!r} (decks: {names})")
        out.extend(readonly.imported_questions(db_path, [match[0]]))
    return out
