"""Files that ship with dlquiz: the chapter deck and the assets.

An installed wheel carries the repository's ``questions/`` and ``assets/``
folders inside the package at ``dlquiz/_data/`` (pyproject force-includes
them); a source checkout reads them from the repository root.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

CHAPTER_DECK_FILE = "deep_learning_revolution.yaml"
# src/dlquiz/resources.py -> the repository root is two folders above "dlquiz".
_CHECKOUT = Path(__file__).resolve().parents[2]


def shipped_file(folder: str, name: str) -> Path | None:
    """The path of ``folder/name`` in the wheel or the checkout; None when neither has it."""
    packaged = resources.files("dlquiz").joinpath("_data", folder, name)
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged
    checkout = _CHECKOUT / folder / name
    return checkout if checkout.is_file() else None


def chapter_deck_path() -> Path:
    """The packaged chapter deck (a missing file surfaces when it is read)."""
    return shipped_file("questions", CHAPTER_DECK_FILE) or (
        _CHECKOUT / "questions" / CHAPTER_DECK_FILE
    )
