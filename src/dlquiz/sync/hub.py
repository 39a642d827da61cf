"""The hub end of sync: push and pull events on a PostgreSQL server.

A push streams its events with COPY into a temporary table and moves them
into ``events`` with one ``INSERT ... SELECT ... ON CONFLICT (id) DO NOTHING``
(multi-row INSERTs where the hub refuses temporary tables), so sending an
event twice (after a sync was killed) stores it once.  A pull
reads the events after the device's cursor on the server's ``seq``, the
learner's own and those of the class decks it follows, in batches: a sync
costs what changed, not the size of the hub.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    MetaData,
    Table,
    Text,
    Uuid,
    create_engine,
    text,
)
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from dlquiz.storage.sync_log import Event

# One lock for every push: rows then commit in seq order (see the hub's 0001 migration).
_PUSH_LOCK = 0x646C717A  # "dlqz"
HEAD = "0001_hub"
CONTENT_KINDS = ("deck", "question", "media", "retire")

# The columns a push writes (the table itself is made by the hub's Alembic scripts).
_EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Uuid(as_uuid=False), primary_key=True),
    Column("device_id", Uuid(as_uuid=False)),
    Column("kind", Text),
    Column("subject", Text),
    Column("deck_id", Text),
    Column("at", DateTime(timezone=True)),
    Column("payload", Text),
)


class HubError(Exception):
    """The hub cannot be used now; the message is one line for the learner."""


def _one_line(error: BaseException, url: URL) -> str:
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = next((line for line in detail if line.strip()), "")
    where = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database}"
    if "password authentication failed" in first or "no password supplied" in first:
        return f"hub {where}: the password for {url.username} was refused"
    if "does not exist" in first and "database" in first:
        return f"hub {where}: there is no such database"
    if "connection" in first.lower() or "timeout" in first.lower():
        return f"hub {where} is unreachable ({first.split('failed:')[-1].strip()})"
    return f"hub {where}: {first}"


@dataclass(frozen=True, slots=True)
class Pulled:
    """One hub row: its seq and the event."""

    seq: int
    event: Event


def deck_of(event: Event) -> str | None:
    """The deck a content event belongs to (what class subscriptions follow)."""
    if event.kind == "deck":
        return event.subject
    if event.kind in CONTENT_KINDS:
        import json

        found = json.loads(event.payload).get("deck_id")
        return None if found is None else str(found)
    return None


class Hub:
    """An open hub; use it as a context manager, or call :meth:`close`."""

    def __init__(self, url: URL, *, connect_timeout_s: int = 5) -> None:
        self.url = url
        # One connection kept for the whole sync: each new one costs a SCRAM handshake.
        self.engine: Engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=1,
            max_overflow=0,
            connect_args={"connect_timeout": connect_timeout_s, "application_name": "dlquiz"},
        )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Hub:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One hub transaction; driver and server failures become HubError."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except (DBAPIError, SQLAlchemyError, OSError) as error:
            raise HubError(_one_line(error, self.url)) from error

    # --- schema ---

    def revision(self) -> str | None:
        with self.begin() as conn:
            exists = conn.execute(text("SELECT to_regclass('dlquiz_hub_version')")).scalar()
            if exists is None:
                return None
            return conn.execute(text("SELECT version_num FROM dlquiz_hub_version")).scalar()

    def upgrade(self, target: str = "head") -> None:
        """Create or upgrade the hub's tables with Alembic (its own scripts and version table).

        ``target`` is a hub revision (tests build a hub as an older dlquiz made it).
        """
        from alembic import command
        from alembic.config import Config

        try:
            with self.engine.connect() as conn:
                config = Config()
                config.set_main_option(
                    "script_location", str(Path(__file__).with_name("hub_migrations"))
                )
                config.attributes["connection"] = conn
                command.upgrade(config, target)
                conn.commit()
        except (DBAPIError, SQLAlchemyError, OSError) as error:
            raise HubError(_one_line(error, self.url)) from error

    def ensure_schema(self) -> None:
        """Upgrade when behind; a learner without the right to do so is told who can."""
        if self.revision() == HEAD:
            return
        try:
            self.upgrade()
        except HubError as error:
            raise HubError(
                f"{error}; the hub's tables are missing or old and this role cannot create "
                "them: ask whoever runs the hub to run `dlquiz hub init`"
            ) from error

    def init_class(self, *, learners: Sequence[str] = (), teachers: Sequence[str] = ()) -> None:
        """Create or upgrade the tables, then roles, grants and policies of a class.

        ``learners`` and ``teachers`` are existing login roles put into the class.
        """
        from dlquiz.sync.class_sql import CLASS_SQL, add_member_sql

        self.upgrade()
        with self.begin() as conn:
            for statement in CLASS_SQL:
                conn.execute(text(statement))
            for role in learners:
                conn.execute(text(add_member_sql(role, teacher=False)))
            for role in teachers:
                conn.execute(text(add_member_sql(role, teacher=True)))

    def role(self) -> str:
        """What the connected role is in a class: "teacher", "learner", or "personal".

        Read from direct membership (what ``hub init`` grants), not from
        ``pg_has_role``, which counts a superuser as a member of every role:
        the owner of a personal hub is no teacher.
        """
        from dlquiz.sync.class_sql import LEARNER, TEACHER

        with self.begin() as conn:
            found = set(
                conn.execute(
                    text(
                        "SELECT r.rolname FROM pg_auth_members m"
                        " JOIN pg_roles r ON r.oid = m.roleid"
                        " JOIN pg_roles u ON u.oid = m.member"
                        " WHERE u.rolname = current_user AND r.rolname IN (:t, :l)"
                    ),
                    {"t": TEACHER, "l": LEARNER},
                ).scalars()
            )
        return "teacher" if TEACHER in found else "learner" if LEARNER in found else "personal"

    def published(self) -> list[tuple[str, str]]:
        """The class decks on this hub: (id, name), by name."""
        with self.begin() as conn:
            rows = conn.execute(
                text("SELECT deck_id, name FROM published_decks ORDER BY name, deck_id")
            ).all()
        return [(str(deck_id), str(name)) for deck_id, name in rows]

    def hub_id(self) -> str:
        with self.begin() as conn:
            return str(
                conn.execute(text("SELECT value FROM hub_meta WHERE key = 'hub_id'")).scalar()
            )

    # --- events ---

    def push(self, events: Sequence[Event]) -> int:
        """Store the events, leaving alone those the hub has; returns how many were new."""
        if not events:
            return 0
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        with self.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PUSH_LOCK})
            copied = _push_by_copy(conn, events)
            if copied is not None:
                return copied
            # Many rows, one statement per batch of them (SQLAlchemy's insertmanyvalues).
            # RETURNING gives the rows stored (rowcount is -1 over several VALUES batches).
            result = conn.execute(
                pg_insert(_EVENTS)
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(_EVENTS.c.id),
                [_row(e) for e in events],
            )
            return len(result.all())

    def pull(self, *, after: int, limit: int) -> tuple[list[Pulled], int]:
        """Events after ``after``: the learner's own and those of the class decks followed.

        Returns them with the hub's horizon: the last ``seq`` handed out, every
        row up to which is committed (the shared lock waits for pushes in
        flight).  A device that is caught up moves its cursor there, past the
        other learners' rows it cannot see, so its next pull starts at the end
        of the hub however large the hub grows.

        This device's own events come back too and are ignored on arrival: a
        collection copied to a second machine keeps its device id, and that
        copy's events must still reach the first.
        """
        with self.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": _PUSH_LOCK})
            horizon = conn.execute(
                text("SELECT pg_sequence_last_value(pg_get_serial_sequence('events', 'seq'))")
            ).scalar()
            rows = conn.execute(
                text(
                    "SELECT seq, id, device_id, kind, subject, at, payload FROM events"
                    " WHERE seq > :after AND seq <= :horizon AND (owner = current_user"
                    " OR deck_id IN (SELECT deck_id FROM subscriptions"
                    " WHERE learner = current_user)) ORDER BY seq LIMIT :limit"
                ),
                {"after": after, "horizon": int(horizon or 0), "limit": limit},
            ).all()
        return [_pulled(row) for row in rows], int(horizon or 0)

    def subscribe(self, deck_id: str) -> None:
        """Follow a published deck as the connected role (refused when it is not published)."""
        with self.begin() as conn:
            published = conn.execute(
                text("SELECT 1 FROM published_decks WHERE deck_id = :d"), {"d": deck_id}
            ).first()
            if published is None:
                raise HubError(f"no class deck {deck_id!r} is published on this hub")
            conn.execute(
                text("INSERT INTO subscriptions (deck_id) VALUES (:d) ON CONFLICT DO NOTHING"),
                {"d": deck_id},
            )

    def publish(self, deck_id: str, name: str) -> None:
        """Offer one of the teacher's decks to the class (its content events must be pushed)."""
        with self.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO published_decks (deck_id, name) VALUES (:d, :n)"
                    " ON CONFLICT (deck_id) DO UPDATE SET name = excluded.name"
                ),
                {"d": deck_id, "n": name},
            )

    def pull_deck(self, deck_id: str) -> list[Pulled]:
        """Every content event of one class deck (a new subscription starts from its beginning)."""
        with self.begin() as conn:
            rows = conn.execute(
                text(
                    "SELECT seq, id, device_id, kind, subject, at, payload FROM events"
                    " WHERE deck_id = :deck ORDER BY seq"
                ),
                {"deck": deck_id},
            ).all()
        return [_pulled(row) for row in rows]


_INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for a refused privilege
_INCOMING = (
    "CREATE TEMPORARY TABLE dlquiz_incoming (n integer, id uuid, device_id uuid, kind text,"
    " subject text, deck_id text, at timestamptz, payload text) ON COMMIT DROP"
)
_FROM_INCOMING = (
    "INSERT INTO events (id, device_id, kind, subject, deck_id, at, payload)"
    " SELECT id, device_id, kind, subject, deck_id, at, payload FROM dlquiz_incoming"
    " ORDER BY n ON CONFLICT (id) DO NOTHING"
)


def _push_by_copy(conn: Connection, events: Sequence[Event]) -> int | None:
    """Store the events through COPY into a temporary table; None where that is refused.

    A first sync sends a learner's whole history.  As multi-row INSERTs the
    driver re-parses statements of thousands of placeholders, which was most
    of the push; COPY streams the rows instead.  The rows keep their order
    (``n``), so ``seq`` follows the device's own order as before.  A hub
    whose owner took the TEMPORARY privilege away gets the INSERTs.
    """
    driver_error: type[Exception] = conn.dialect.loaded_dbapi.Error
    columns = "n, id, device_id, kind, subject, deck_id, at, payload"
    savepoint = conn.begin_nested()
    try:
        conn.execute(text(_INCOMING))
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY dlquiz_incoming ({columns}) FROM STDIN") as copy:
            for n, event in enumerate(events):
                row = _row(event)
                copy.write_row((n, *(row[c.name] for c in _EVENTS.columns)))
        stored = conn.execute(text(_FROM_INCOMING)).rowcount
        conn.execute(text("DROP TABLE dlquiz_incoming"))
    except (DBAPIError, driver_error) as error:
        savepoint.rollback()
        orig = error.orig if isinstance(error, DBAPIError) else error
        if getattr(orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
            return None
        if isinstance(error, DBAPIError):
            raise
        # The COPY runs on the driver's own cursor: its errors are wrapped as
        # SQLAlchemy's would be, so the caller reports them as any hub failure.
        raise DBAPIError("COPY dlquiz_incoming", None, error) from error
    savepoint.commit()
    return int(stored)


def _row(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "device_id": event.device_id,
        "kind": event.kind,
        "subject": event.subject,
        "deck_id": deck_of(event),
        "at": event.at,
        "payload": event.payload,
    }


def _pulled(row: Any) -> Pulled:
    from datetime import UTC

    at = row.at.astimezone(UTC)
    return Pulled(
        int(row.seq),
        Event(str(row.id), str(row.device_id), row.kind, row.subject, at, row.payload),
    )
