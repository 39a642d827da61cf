"""What a reader hands back before :func:`dlquiz.importers.read_file` wraps it up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from dlquiz.core.model import Question


class ImportedReview(NamedTuple):
    """One answer from another program's review log (Anki's revlog), in UTC.

    A named tuple: a package may carry hundreds of thousands of them.
    """

    reviewed_at: datetime
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    duration_ms: int = 0
    starts_over: bool = False  # the first answer after the learner reset the card


@dataclass
class ReaderOutput:
    """Questions read from one file, with what the file says about itself.

    ``deck_name`` is a name the file suggests (an Anki deck, a ``#deck:``
    header); ``media`` maps image names to their bytes.
    """

    questions: list[Question]
    deck_name: str = ""
    media: dict[str, bytes] = field(default_factory=dict)
    format: str = ""  # set when a reader knows better than detection ("csv" for Kahoot)
    # Reviews by the local id of a question (the part after "<deck id>:"), oldest first.
    history: dict[str, Sequence[ImportedReview]] = field(default_factory=dict)
    # True when local ids come from the source's own note identity (Anki guids), so a
    # question can be recognised again whatever its deck is called.
    guid_ids: bool = False
