"""Two devices of one learner, syncing through a real PostgreSQL hub."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dlquiz.core.scheduling import Rating
from dlquiz.sync.service import SyncService
from tests.pg_server import PgServer
from tests.sync_support import Device, card_states, days, fresh_hub, pair, review_log


@pytest.fixture
def hub(pg_server: PgServer) -> str:
    return fresh_hub(pg_server)[0]


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[tuple[Device, Device]]:
    yield from pair(tmp_path)


def _sync(device: Device, hub: str | None = None) -> None:
    SyncService(device.collection).sync(hub)


def _agree(a: Device, b: Device) -> None:
    assert review_log(a.collection) == review_log(b.collection)
    assert card_states(a.collection) == card_states(b.collection)


def test_offline_reviews_on_two_devices_merge_to_the_same_log_and_states(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, b = devices
    shared = a.review(3)  # both devices start from the same new queue: overlapping cards
    b.review(5)
    _sync(a, hub)
    _sync(b, hub)
    _sync(a)
    _agree(a, b)
    assert len(review_log(a.collection)) == 8
    questions = {row[1] for row in review_log(a.collection)}
    assert set(shared) <= questions

