"""A deck's fingerprint: its question ids and answer keys, to skip needless syncs.

Kept apart from the sync itself (``decks_store``) so a start-up can compare
it with the stored one without loading SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from dlquiz.core.model import Question
from dlquiz.core.serialize import key_to_dict


def ids_hash(questions: Iterable[Question]) -> str:
    """A fingerprint of a deck's question ids and keys (stored as ``decks.content_hash``)."""
    digest = hashlib.sha256()
    for q in questions:
        digest.update(q.id.encode())
        digest.update(json.dumps(key_to_dict(q.key), sort_keys=True).encode())
    return digest.hexdigest()
