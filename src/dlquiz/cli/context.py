"""Opening the learner's collection for a command, with errors as messages."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dlquiz.cli.errors import UserError

# Every command module imports this one to build the parser: storage loads when a command runs.
if TYPE_CHECKING:
    from dlquiz.core.clock import Clock
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import Collection


def db_path(args: argparse.Namespace) -> Path:
    """The collection file the command names.

    Raises:
        BadCollectionPath: ``--db ""``, a folder, a device, a name too long...
    """
    from dlquiz.storage.paths import check_collection_path, resolve_db_path

    path = resolve_db_path(getattr(args, "db", None))
    check_collection_path(path.expanduser().absolute())
    return path


@contextmanager
def open_for_command(
    args: argparse.Namespace, *, clock: Clock | None = None
) -> Iterator[tuple[Collection, QuestionBank]]:
    """Open (creating if needed) the collection; close it when the command ends.

    The file is checked with ``quick_check`` first, even after a clean close:
    writing into a damaged B-tree spreads the damage, and its backup would be
    no backup.
    """
    from dlquiz.core.clock import SystemClock
    from dlquiz.core.problems import InputError
    from dlquiz.storage.bank import QuestionBank
    from dlquiz.storage.collection import CollectionInUse, NotACollection, open_collection
    from dlquiz.storage.failures import StorageError

    path = db_path(args)
    try:
        collection = open_collection(path, clock=clock or SystemClock(), full_check=True)
    except (CollectionInUse, NotACollection, StorageError) as error:
        raise UserError(str(error)) from None
    try:
        try:
            bank = QuestionBank(collection)
        except InputError as error:
            raise UserError(str(error)) from None
        yield collection, bank
    finally:
        collection.close()
