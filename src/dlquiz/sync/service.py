"""One sync, for the window and the terminal alike: push, pull, apply, replay.

The local collection stays the working copy: a sync reads and writes it in
short transactions and never holds it while waiting on the network, so
studying goes on while a sync runs or when the hub cannot be reached.

A kill at any moment loses nothing.  Local events are committed with their
actions; the push cursor moves only after the hub has committed the batch
(a batch sent again is ignored there); the pull cursor moves in the same
transaction that stores the pulled events, and applying them is a later
transaction that an interrupted sync simply does again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from dlquiz.core.ids import CardId
from dlquiz.storage import sync_apply, sync_backfill, sync_content, sync_log
from dlquiz.storage.collection import Collection
from dlquiz.sync.credentials import remember_password, with_password
from dlquiz.sync.hub import Hub, HubError, Pulled
from dlquiz.sync.hub_url import BadHubUrl, parse_hub_url, remembered_form

if TYPE_CHECKING:
    from dlquiz.sync.class_report import ClassReport

BATCH = 2_000

Progress = Callable[[str], None]


class NoHub(Exception):
    """No hub was given and none is remembered."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one sync did."""

    pushed: int
    pulled: int
    applied: int
    waiting: int
    replayed: int


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Where the collection stands, without asking the hub."""

    hub: str | None
    device_id: str
    pending: int
    waiting: int
    last_sync: str | None
    last_error: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "hub": self.hub,
            "device_id": self.device_id,
            "pending": self.pending,
            "waiting": self.waiting,
            "last_sync": self.last_sync,
            "last_error": self.last_error or None,
        }


class SyncService:
    """Sync one collection with its hub.  Not shared across threads: one per worker."""

    def __init__(self, collection: Collection, *, batch: int = BATCH) -> None:
        self.collection = collection
        self.batch = batch

    # --- the hub's address ---

    def remembered_hub(self) -> str | None:
        with self.collection.session() as s:
            return sync_log.get_state(s, sync_log.HUB)

    def _hub_url(self, given: str | None) -> URL:
        if given is None:
            stored = self.remembered_hub()
            if stored is None:
                raise NoHub("no hub yet: run `dlquiz sync --hub postgresql://USER@HOST/DATABASE`")
            return with_password(parse_hub_url(stored))
        url = parse_hub_url(given)
        remember_password(url)
        with self.collection.session() as s:
            sync_log.set_state(s, sync_log.HUB, remembered_form(url))
        return with_password(url)

    def hub_role(self) -> str | None:
        """The role the remembered hub gave at the last sync ("teacher", ...); None before."""
        with self.collection.session() as s:
            return sync_log.get_state(s, sync_log.HUB_ROLE)

    def status(self) -> SyncStatus:
        with self.collection.session() as s:
            return SyncStatus(
                hub=sync_log.get_state(s, sync_log.HUB),
                device_id=sync_log.device_id(s),
                pending=sync_log.count_pending(s) + sync_content.count_waiting(s),
                waiting=sync_log.count_unapplied(s),
                last_sync=sync_log.get_state(s, sync_log.LAST_SYNC),
                last_error=sync_log.get_state(s, sync_log.LAST_ERROR),
            )

    # --- one sync ---

    def sync(self, hub_url: str | None = None, *, progress: Progress | None = None) -> SyncResult:
        """Push this device's new events, pull the others', apply and replay.

        Raises:
            NoHub: no hub given or remembered.
            BadHubUrl: the address is not a PostgreSQL URL.
            HubError: the hub cannot be reached or refuses (the reason is kept for status).
        """
        tell = progress or (lambda _line: None)
        url = self._hub_url(hub_url)
        try:
            with Hub(url) as hub:
                tell("connecting")
                hub.ensure_schema()
                self._check_hub(hub.hub_id())
                role = hub.role()
                with self.collection.session() as s:
                    sync_log.set_state(s, sync_log.HUB_ROLE, role)
                with self.collection.session() as s:
                    sync_backfill.backfill_if_needed(s)
                    sync_content.derive_pending_events(s)
                pushed = self._push(hub, tell)
                pulled = self._pull(hub, tell)
        except HubError as error:
            self._note_error(str(error))
            raise
        tell("applying")
        applied = self._apply()
        with self.collection.session() as s:
            sync_log.set_state(s, sync_log.LAST_SYNC, self.collection.clock.now().isoformat())
            sync_log.set_state(s, sync_log.LAST_ERROR, "")
        return SyncResult(pushed, pulled, applied.applied, applied.waiting, len(applied.cards))

    def _note_error(self, message: str) -> None:
        with self.collection.session() as s:
            sync_log.set_state(s, sync_log.LAST_ERROR, message)

    def _check_hub(self, hub_id: str) -> None:
        """Another hub than last time: both cursors start again (pushing again is harmless)."""
        with self.collection.session() as s:
            if sync_log.get_state(s, sync_log.HUB_ID) != hub_id:
                sync_log.set_state(s, sync_log.HUB_ID, hub_id)
                sync_log.set_state(s, sync_log.PUSHED, "0")
                sync_log.set_state(s, sync_log.PULLED, "0")

    def _push(self, hub: Hub, tell: Progress) -> int:
        sent = 0
        while True:
            with self.collection.session() as s:
                batch = sync_log.pending(s, limit=self.batch)
                events = [sync_content.with_media_bytes(s, event) for _seq, event in batch]
            if not batch:
                return sent
            hub.push(events)
            # Only after the hub committed: a kill before this sends the batch again.
            with self.collection.session() as s:
                sync_log.set_state(s, sync_log.PUSHED, str(batch[-1][0]))
            sent += len(batch)
            tell(f"sent {sent} changes")

    def _pull(self, hub: Hub, tell: Progress) -> int:
        """Pull until the hub has nothing newer; returns how many events were new here."""
        received = 0
        while True:
            with self.collection.session() as s:
                after = sync_log.cursor(s, sync_log.PULLED)
            rows, horizon = hub.pull(after=after, limit=self.batch)
            caught_up = len(rows) < self.batch
            if rows:
                received += self._store(rows, cursor=horizon if caught_up else rows[-1].seq)
                tell(f"received {received} changes")
            elif horizon > after:
                with self.collection.session() as s:
                    sync_log.set_state(s, sync_log.PULLED, str(horizon))
            if caught_up:
                return received

    def _store(self, rows: list[Pulled], *, cursor: int | None = None) -> int:
        """Keep pulled rows; ``cursor`` (when given) becomes the pull cursor in that transaction."""
        with self.collection.session() as s:
            nothing_waits = sync_log.last_seq(s) == sync_log.cursor(s, sync_log.PUSHED)
            new = sync_log.store_pulled(s, [row.event for row in rows])
            if nothing_waits:
                # The hub has every row now: the push cursor passes the pulled ones, or a
                # copied collection (same device id) would send its twin's events back.
                sync_log.set_state(s, sync_log.PUSHED, str(sync_log.last_seq(s)))
            if cursor is not None:
                sync_log.set_state(s, sync_log.PULLED, str(cursor))
        return new

    def _apply(self) -> sync_apply.Applied:
        with self.collection.session() as s:
            # Content imported here since the push gets its events before any pulled
            # revision is weighed against it.
            sync_content.derive_pending_events(s)
            applied = sync_apply.apply_pending(s)
            cards = applied.cards | self._touched_here(s)
            sync_apply.replay(s, cards)
            applied.cards = cards
            sync_log.set_state(s, sync_log.REPLAYED, str(sync_log.last_seq(s)))
        if applied.settings_changed:
            self.collection.reload_settings()
        if applied.applied or cards:
            self.collection.mark_changed()
        return applied

    @staticmethod
    def _touched_here(s: Session) -> set[CardId]:
        """Cards reviewed here since the last replay: replayed too, so both sides agree."""
        return sync_log.cards_touched_since(s, sync_log.cursor(s, sync_log.REPLAYED))

    # --- class decks ---

    def hub(self, hub_url: str | None = None) -> Hub:
        """An open hub (the given or the remembered one); the caller closes it."""
        return Hub(self._hub_url(hub_url))

    def class_report(self, *, deck: str | None = None, hub_url: str | None = None) -> ClassReport:
        """The teacher's report, read from the hub (``dlquiz hub report`` and the window).

        Raises:
            NoHub, BadHubUrl, HubError: as :meth:`sync`.
        """
        from dlquiz.sync.class_report import class_report

        with self.hub(hub_url) as hub:
            return class_report(hub, deck=deck)

    def publish(self, deck: str, hub_url: str | None = None) -> tuple[str, str]:
        """Offer a deck of this collection to the class: sync its content, then publish it.

        Returns the deck's id and name.

        Raises:
            KeyError: no such deck here (or it is the built-in deck, which every learner has).
        """
        from dlquiz.storage.decks_store import find_deck

        with self.collection.session() as s:
            row = find_deck(s, deck)
            if row is None or row.kind != "imported":
                raise KeyError(f"no imported deck {deck!r} in this collection")
            found = (row.id, row.name)
        self.sync(hub_url)
        with self.hub() as hub:
            hub.publish(*found)
        return found

    def subscribe(self, deck_id: str, hub_url: str | None = None) -> int:
        """Follow a class deck: record it on the hub, fetch its content, apply it."""
        url = self._hub_url(hub_url)
        with Hub(url) as hub:
            hub.ensure_schema()
            hub.subscribe(deck_id)
            rows = hub.pull_deck(deck_id)
        received = self._store(rows) if rows else 0
        with self.collection.session() as s:
            subscribed = set(json.loads(sync_log.get_state(s, sync_log.SUBSCRIBED) or "[]"))
            subscribed.add(deck_id)
            sync_log.set_state(s, sync_log.SUBSCRIBED, json.dumps(sorted(subscribed)))
        self._apply()
        return received


def last_sync_time(status: SyncStatus) -> datetime | None:
    return None if status.last_sync is None else datetime.fromisoformat(status.last_sync)


__all__ = ["BadHubUrl", "HubError", "NoHub", "SyncResult", "SyncService", "SyncStatus"]
