"""The hub's own schema: one line of Alembic revisions, and an old hub upgraded with its data.

A hub outlives the dlquiz that made it: learners update at different times,
and the first sync of a newer dlquiz upgrades the hub in place.  Nothing on
the hub may be lost on the way, and devices that synced before go on where
their cursors stopped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from dlquiz.storage import sync_log
from dlquiz.sync import hub as hub_module
from dlquiz.sync.hub import HEAD, Hub
from dlquiz.sync.hub_url import parse_hub_url
from dlquiz.sync.service import SyncService
from tests.helpers import small_deck, store_questions
from tests.sync_support import Device, card_states, pair, review_log


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option(
        "script_location", str(Path(hub_module.__file__).with_name("hub_migrations"))
    )
    return ScriptDirectory.from_config(config)


def _revisions() -> list[str]:
    """Every hub revision, oldest first."""
    return [script.revision for script in reversed(list(_scripts().walk_revisions()))]


def test_the_hub_revisions_are_one_line_and_head_names_the_last() -> None:
    scripts = _scripts()
    assert scripts.get_heads() == [HEAD]  # the constant ensure_schema compares with
    assert len(scripts.get_bases()) == 1
    revisions = _revisions()
    assert revisions[-1] == HEAD and len(set(revisions)) == len(revisions)


def _counts(hub: Hub) -> dict[str, int]:
    with hub.begin() as conn:
        return {
            table: int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in ("events", "published_decks", "subscriptions", "hub_meta")
        }


@pytest.mark.parametrize("start", _revisions())
def test_a_hub_made_at_an_older_revision_upgrades_with_its_data(
    tmp_path: Path, hub: str, start: str
) -> None:
    for a, b in pair(tmp_path):
        store_questions(a.collection, small_deck("old")[1], "Old deck")
        a.review(4)
        with Hub(parse_hub_url(hub)) as old:
            old.upgrade(start)  # the hub as the dlquiz of that revision made it
            assert old.revision() == start
            with a.collection.session() as s:
                events = [event for _seq, event in sync_log.pending(s, limit=10_000)]
            assert old.push(events) == len(events)  # what a device of that time sent
            assert old.push(events) == 0  # sent again after a kill: stored once
            old.publish("old", "Old deck")
            hub_id = old.hub_id()
            before = _counts(old)
        _sync_and_check(a, b, hub, hub_id=hub_id, before=before)


def _sync_and_check(a: Device, b: Device, url: str, *, hub_id: str, before: dict[str, int]) -> None:
    SyncService(b.collection).sync(url)  # a newer dlquiz: its first sync upgrades the hub
    with Hub(parse_hub_url(url)) as hub:
        assert hub.revision() == HEAD
        assert hub.hub_id() == hub_id  # the same hub: no device starts over
        assert _counts(hub) == before  # every row is still there
        assert hub.published() == [("old", "Old deck")]
    SyncService(a.collection).sync(url)  # sends again what it sent: stored once
    SyncService(b.collection).sync()
    assert review_log(a.collection) == review_log(b.collection)
    assert len(review_log(b.collection)) == 4
    assert card_states(a.collection) == card_states(b.collection)
    with Hub(parse_hub_url(url)) as hub:
        assert _counts(hub)["events"] == len(_ledger(a) | _ledger(b))  # nothing doubled


def _ledger(device: Device) -> set[str]:
    with device.collection.session() as s:
        return set(s.execute(text("SELECT id FROM sync_events")).scalars())
