"""Opening the learner's collection for a command, with errors as messages."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dlquiz.cli.errors import UserError
from dlquiz.core.clock import Clock, SystemClock
from dlquiz.storage.paths import resolve_db_path

if TYPE_CHECKING:
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import Collection


def db_path(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))


@contextmanager
def open_for_command(
    args: argparse.Namespace, *, clock: Clock | None = None
) -> Iterator[tuple[Collection, QuestionBank]]:
    """Open (creating if needed) the collection; close it when the command ends."""
    from dlquiz.core.problems import InputError
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import (
        CollectionDamaged,
        CollectionInUse,
        NotACollection,
        open_collection,
    )

    path = db_path(args)
    try:
        collection = open_collection(path, clock=clock or SystemClock())
    except (CollectionInUse, CollectionDamaged, NotACollection) as error:
        raise UserError(str(error)) from None
    except PermissionError as error:
        raise UserError(f"{path}: cannot open the collection: {error.strerror}") from None
    try:
        try:
            bank = QuestionBank(collection)
        except InputError as error:
            raise UserError(str(error)) from None
        yield collection, bank
    finally:
        collection.close()
