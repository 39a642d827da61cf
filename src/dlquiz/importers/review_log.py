"""One card's review history kept as columns: what an Anki review log becomes.

A package can bring hundreds of thousands of reviews.  Building an
``ImportedReview`` for each only for storage to take it apart again cost
more than reading the log, so a reader keeps the columns (times, ratings,
durations, and where the card started over) and hands out an
``ImportedReview`` only when one is asked for.  Storage reads the columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from operator import attrgetter
from typing import overload

from .result import ImportedReview

_FIELDS = attrgetter("reviewed_at", "rating", "duration_ms", "starts_over")


class ReviewLog(Sequence[ImportedReview]):
    """A card's reviews, oldest first, as a sequence of ``ImportedReview``.

    Args:
        times: UTC-aware review times, in order.
        ratings: 1 Again ... 4 Easy, one per time.
        durations: milliseconds taken, one per time.
        starts_over: the positions of the first answers after a reset.
    """

    __slots__ = ("durations", "ratings", "starts_over", "times")

    def __init__(
        self,
        times: list[datetime],
        ratings: list[int],
        durations: list[int],
        starts_over: Iterable[int] = (),
    ) -> None:
        if not len(times) == len(ratings) == len(durations):
            raise ValueError("a review log needs one rating and one duration per time")
        self.times = times
        self.ratings = ratings
        self.durations = durations
        self.starts_over = frozenset(starts_over)

    @classmethod
    def of(cls, reviews: Sequence[ImportedReview]) -> ReviewLog:
        """``reviews`` as columns (itself when it is a log already)."""
        if isinstance(reviews, ReviewLog):
            return reviews
        columns = list(zip(*map(_FIELDS, reviews), strict=True))
        if not columns:
            return cls([], [], [])
        times, ratings, durations, starts = columns
        fresh = (index for index, start in enumerate(starts) if start)
        return cls(list(times), list(ratings), list(durations), fresh)

    def __len__(self) -> int:
        return len(self.times)

    @overload
    def __getitem__(self, index: int) -> ImportedReview: ...

    @overload
    def __getitem__(self, index: slice) -> list[ImportedReview]: ...

    def __getitem__(self, index: int | slice) -> ImportedReview | list[ImportedReview]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("review log index out of range")
        return ImportedReview(
            self.times[index],
            self.ratings[index],
            self.durations[index],
            index in self.starts_over,
        )

    def __iter__(self) -> Iterator[ImportedReview]:
        starts = self.starts_over
        for index, (at, rating, duration) in enumerate(
            zip(self.times, self.ratings, self.durations, strict=True)
        ):
            yield ImportedReview(at, rating, duration, index in starts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable columns, as a list

    def __repr__(self) -> str:
        return f"ReviewLog({list(self)!r})"
