"""Builders for the sync tests: a fresh hub database per test, devices, and what to compare."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import Rating
from dlquiz.storage.collection import Collection
from dlquiz.storage.study import StudyService
from tests.helpers import open_test_collection, study_service
from tests.pg_server import PgServer

_NAMES = itertools.count(1)


_ADMIN: dict[str, Any] = {}  # the superuser's engine on each server's "postgres" database


def admin_sql(server: PgServer, sql: str, *, db: str = "postgres", **params: Any) -> list[Any]:
    """Run one statement as the superuser, in autocommit (CREATE DATABASE needs it).

    On the ``postgres`` database (where hubs are made and dropped, twice a
    test) one connection serves the whole run; on a hub's own database, which
    a test may drop, a connection serves one statement.
    """
    url = make_url(server.url(db=db)).set(drivername="postgresql+psycopg")
    if db == "postgres":
        engine = _ADMIN.get(str(url))
        if engine is None:
            engine = _ADMIN[str(url)] = create_engine(
                url, pool_size=1, max_overflow=0, isolation_level="AUTOCOMMIT"
            )
        return _run(engine, sql, params)
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        return _run(engine, sql, params)
    finally:
        engine.dispose()


def _run(engine: Any, sql: str, params: dict[str, Any]) -> list[Any]:
    with engine.connect() as conn:
        result = conn.execute(text(sql), params)
        return list(result.all()) if result.returns_rows else []


def close_admin_connections() -> None:
    """Before a server stops: let go of the superuser's connections to it."""
    while _ADMIN:
        _ADMIN.popitem()[1].dispose()


def drop_hub(server: PgServer, name: str) -> None:
    """Remove a test's hub database, so the server's folder stays small.

    Hundreds of hubs left behind made the server's folder gigabytes large, and
    removing it at the end of the run took tens of seconds.
    """
    admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_hub(server: PgServer) -> tuple[str, str]:
    """A new empty database on the server: (its superuser URL, its name)."""
    name = f"hub{next(_NAMES)}"
    admin_sql(server, f'CREATE DATABASE "{name}" STRATEGY = FILE_COPY')
    return server.url(db=name), name


class Device:
    """One learner's machine: its own collection file, clock and study service."""

    def __init__(self, path: Path, *, skew_s: float = 0.0) -> None:
        self.clock = FakeClock()
        self.clock.advance(skew_s)
        self.collection: Collection = open_test_collection(path, self.clock)
        self.study: StudyService = study_service(self.collection)

    def review(self, count: int, *, rating: Rating = Rating.GOOD, step_s: float = 30) -> list[str]:
        """Answer the next ``count`` cards; returns their question ids."""
        answered = []
        for _ in range(count):
            card = self.study.next_card()
            assert card is not None
            self.study.record(card, rating=rating, answer="", grade=None, duration_ms=1000)
            answered.append(card.question.id)
            self.clock.advance(step_s)
        return answered

    def review_question(self, question_id: str, rating: Rating) -> None:
        from dlquiz.storage.browse_actions import study_card

        with self.collection.session() as s:
            card_id = s.execute(
                text("SELECT id FROM cards WHERE question_id = :q"), {"q": question_id}
            ).scalar_one()
        card = study_card(self.study.bank, card_id)
        assert card is not None
        self.study.record(card, rating=rating, answer="", grade=None, duration_ms=1000)
        self.clock.advance(30)

    def close(self) -> None:
        self.collection.close(backup=False)


def review_log(collection: Collection) -> list[tuple[Any, ...]]:
    """Every review by question and event id: what must be equal on every device."""
    with collection.session() as s:
        return [
            tuple(row)
            for row in s.execute(
                text(
                    "SELECT r.uid, c.question_id, r.reviewed_at, r.rating, r.kind,"
                    " r.undone_at IS NOT NULL FROM reviews r JOIN cards c ON c.id = r.card_id"
                    " ORDER BY r.uid"
                )
            )
        ]


def card_states(collection: Collection) -> dict[str, tuple[Any, ...]]:
    """Every card that has reviews, by question id: phase, step, memory, due, counts."""
    with collection.session() as s:
        rows = s.execute(
            text(
                "SELECT question_id, phase, step, round(stability, 9), round(difficulty, 9), due,"
                " last_review, reps, lapses, suspended FROM cards"
                " WHERE id IN (SELECT card_id FROM reviews) OR suspended"
            )
        )
        return {row[0]: tuple(row[1:]) for row in rows}


def days(n: float) -> float:
    return timedelta(days=n).total_seconds()


def pair(tmp_path: Path, *, skew_s: float = 0.0) -> Iterator[tuple[Device, Device]]:
    a = Device(tmp_path / "laptop.dlquiz")
    b = Device(tmp_path / "desktop.dlquiz", skew_s=skew_s)
    try:
        yield a, b
    finally:
        a.close()
        b.close()


def make_role(server: PgServer, db: str, name: str, password: str) -> str:
    """A login role on the server, and its URL to the hub database ``db``."""
    admin_sql(server, f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")
    admin_sql(server, f'GRANT CONNECT ON DATABASE "{db}" TO "{name}"')
    return server.url(user=name, password=password, db=db)


class MemoryKeyring:
    """A keyring backend that keeps passwords in this process: tests never touch the real one."""

    priority = 1

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


def use_memory_keyring() -> Iterator[MemoryKeyring]:
    """Swap the keyring for a :class:`MemoryKeyring` while a test runs."""
    import keyring
    from keyring.backend import KeyringBackend

    class _Backend(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self, store: MemoryKeyring) -> None:
            super().__init__()
            self.store = store

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get_password(service, username)

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store.set_password(service, username, password)

        def delete_password(self, service: str, username: str) -> None:
            self.store.delete_password(service, username)

    before = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(_Backend(store))
    try:
        yield store
    finally:
        keyring.set_keyring(before)


def write_pgpass(path: Path, server: PgServer, user: str, password: str) -> Path:
    """A pgpass file libpq reads (PGPASSFILE): host:port:database:user:password, mode 0600."""
    path.write_text(f"{server.host}:{server.port}:*:{user}:{password}\n")
    path.chmod(0o600)
    return path


@dataclass
class Classroom:
    """A hub set up for a class: URLs of its owner, its teacher and learners, their role names."""

    admin: str
    teacher: str
    learners: list[str]
    names: list[str]


def set_up_class(server: PgServer, *, learners: int = 2) -> Classroom:
    """A fresh hub with one teacher and ``learners`` learners (``hub init``'s own SQL)."""
    from dlquiz.sync.hub import Hub
    from dlquiz.sync.hub_url import parse_hub_url

    admin, db = fresh_hub(server)
    teacher_name = f"{db}_teacher"
    teacher = make_role(server, db, teacher_name, "t-pass")
    names = [f"{db}_learner{i}" for i in range(learners)]
    urls = [make_role(server, db, name, f"{name}-pass") for name in names]
    with Hub(parse_hub_url(admin)) as hub:
        hub.init_class(learners=names, teachers=[teacher_name])
    return Classroom(admin, teacher, urls, names)


def finished_exam(device: Device, exam_id: str, marks: dict[str, float]) -> None:
    """A submitted exam attempt with these marks per question (its stored result)."""
    import json

    from dlquiz.storage.schema import ExamAttemptRow

    now = device.clock.now()
    state = {"result": {"items": [{"question_id": q, "score": s} for q, s in marks.items()]}}
    with device.collection.session() as s:
        s.add(
            ExamAttemptRow(
                id=exam_id,
                started_at=now,
                deadline=now,
                finished_at=now,
                state=json.dumps(state),
                score=sum(marks.values()) / len(marks),
                passed=True,
                questions=len(marks),
                answered=len(marks),
                correct=int(sum(marks.values())),
            )
        )


EXAM_SCORES = (
    {"d:q1": 1.0, "d:q2": 1.0, "d:q3": 0.0},
    {"d:q1": 0.0, "d:q2": 1.0, "d:q3": 1.0},
)


def learners_study(room: Classroom, folder: Path) -> None:
    """Learner i answers 2 + i cards, sits one exam scored as ``EXAM_SCORES[i]``, and syncs."""
    from dlquiz.sync.service import SyncService

    for i, url in enumerate(room.learners):
        device = Device(folder / f"learner{i}.dlquiz")
        try:
            device.review(2 + i)
            finished_exam(device, f"exam-{i}", EXAM_SCORES[i % len(EXAM_SCORES)])
            SyncService(device.collection).sync(url)
        finally:
            device.close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (the probe that held it is closed)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
