"""Typed ids, and the stable ids of imported decks.

``CardId`` and ``DeckId`` are plain ``int`` and ``str`` at run time; mypy
keeps a card id from being passed where a review id or a deck name is meant.
An imported deck's id comes from its name, the same way in the importers
(which name the deck) and in storage (which finds a free id for a copy).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import NewType

CardId = NewType("CardId", int)
DeckId = NewType("DeckId", str)
ReviewId = NewType("ReviewId", int)

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_len: int = 40) -> str:
    """Lower-case ASCII words joined by ``-``: ``"Gov Vocab (AP)"`` -> ``"gov-vocab-ap"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_len].rstrip("-")


def short_hash(*parts: str, length: int = 16) -> str:
    """A hex digest of ``parts`` (joined unambiguously), ``length`` characters long.

    Question ids are built from it: never change how it hashes, or every
    imported question would get a new id and lose its review history.
    """
    if len(parts) == 1:
        data = parts[0].encode("utf-8", "surrogatepass")
    else:
        data = b"".join(
            len(encoded).to_bytes(8, "little") + encoded
            for encoded in (part.encode("utf-8", "surrogatepass") for part in parts)
        )
    return hashlib.blake2b(data, digest_size=16).hexdigest()[:length]


def cloze_stand_in(question_id: str) -> str | None:
    """The typed question that grades answers written to a cloze no longer asked.

    A cloze's key is its fact's typed key (docs/question-types.md).  When the
    generator stops giving a fact a cloze (its value turned out to be no single
    term a blank can stand for), answers a class wrote to that cloze still ask
    the same fact, so they grade against the typed question's key.
    """
    stem, sep, variant = question_id.rpartition(":")
    if not sep or variant != "cloze" or ":" not in stem:
        return None
    return f"{stem}:typed"


def deck_id_for(name: str) -> DeckId:
    """The deck id for an imported deck called ``name``."""
    slug = slugify(name) or short_hash(name, length=8)
    return DeckId(f"import-{slug}")
