"""What a reader hands back before :func:`dlquiz.importers.read_file` wraps it up."""

from __future__ import annotations

from dataclasses import dataclass, field

from dlquiz.core.model import Question


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
