"""Stable ids for imported decks and questions.

A question's id must not change when the same file is imported again, or
the learner's review history would be lost; so ids come from what the
question is (an Anki note's guid, a GIFT ``[id:]``, the text itself), never
from where it sits in the file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

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


def deck_id_for(name: str) -> str:
    """The deck id for an imported deck called ``name``."""
    slug = slugify(name) or short_hash(name, length=8)
    return f"import-{slug}"


class UniqueIds:
    """Hands out local ids, adding ``-2``, ``-3``... when one is asked for twice."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def take(self, wanted: str) -> str:
        """``wanted`` itself the first time, then ``wanted-2``, ``wanted-3``..."""
        count = self._seen.get(wanted, 0) + 1
        self._seen[wanted] = count
        if count == 1:
            return wanted
        candidate = f"{wanted}-{count}"
        while candidate in self._seen:
            count += 1
            candidate = f"{wanted}-{count}"
        self._seen[candidate] = 1
        self._seen[wanted] = count
        return candidate
