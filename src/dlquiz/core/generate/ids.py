"""Question ids and the per-question randomness that hangs off them.

An id says what a question asks (``"dlr:alexnet-year:mc"``), never where it
sits in a list, so progress stored against it survives edits to the deck.
Everything random about a question is drawn from its id and the seed, so
adding a fact elsewhere in the deck cannot reshuffle it.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
_SEPARATOR = "\x1f"


def question_id(deck_id: str, local_id: str) -> str:
    """Return the full id ``"<deck id>:<local id>"``."""
    return f"{deck_id}:{local_id}"


def fact_set_hash(fact_ids: Iterable[str]) -> str:
    """Return 8 hex digits naming a set of facts, whatever order they come in."""
    joined = "\n".join(sorted(fact_ids)).encode()
    return hashlib.blake2b(joined, digest_size=4).hexdigest()


def question_rng(seed: int, qid: str) -> random.Random:
    """Return the random generator owned by one question."""
    return random.Random(f"{seed}:{qid}")


def stable_rank(*parts: object) -> bytes:
    """Return a sort key that is random-looking but fixed for ``parts``.

    Ranking candidates by ``stable_rank(seed, qid, candidate)`` and keeping
    the first few is rendezvous hashing: a new candidate can only displace
    the ones ranked after it, so most picks survive a growing pool.
    """
    text = _SEPARATOR.join(str(part) for part in parts).encode()
    return hashlib.blake2b(text, digest_size=8).digest()


def in_rank_order(
    candidates: Iterable[T], *, salt: tuple[object, ...], name: Callable[[T], str] = str
) -> list[T]:
    """Sort ``candidates`` by ``stable_rank(*salt, name(candidate))``.

    Callers keep the first few, or walk the list skipping ones that clash
    with what they already took.
    """
    prefix = "".join(f"{part}{_SEPARATOR}" for part in salt)  # the same as stable_rank's

    def rank(candidate: T) -> bytes:
        text = (prefix + name(candidate)).encode()
        return hashlib.blake2b(text, digest_size=8).digest()

    return sorted(candidates, key=rank)
