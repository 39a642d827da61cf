"""A class on one hub: row-level security, published decks, the teacher's report."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from dlquiz.cli.main import main
from dlquiz.core.model import TextKey
from dlquiz.core.scheduling import Rating
from dlquiz.sync.class_report import class_report
from dlquiz.sync.hub import Hub
from dlquiz.sync.hub_url import parse_hub_url
from dlquiz.sync.service import SyncService
from tests.helpers import small_deck, store_questions
from tests.pg_server import PgServer
from tests.sync_support import (
    Classroom,
    Device,
    admin_sql,
    card_states,
    fresh_hub,
    learners_study,
    make_role,
    review_log,
    set_up_class,
    use_memory_keyring,
)


@pytest.fixture
def classroom(pg_server: PgServer, capsys: pytest.CaptureFixture[str]) -> Iterator[Classroom]:
    for _keys in use_memory_keyring():
        admin, db = fresh_hub(pg_server)
        teacher = make_role(pg_server, db, f"{db}_teacher", "t-pass")
        names = [f"{db}_ann", f"{db}_bob"]
        learners = [make_role(pg_server, db, name, f"{name}-pass") for name in names]
        argv = ["hub", "init", "--hub", admin, "--teacher", f"{db}_teacher"]
        for name in names:
            argv += ["--learner", name]
        assert main(argv) == 0
        assert "row-level security" in capsys.readouterr().out
        yield Classroom(admin, teacher, learners, names)


def test_a_learner_cannot_read_or_write_another_learners_events(
    classroom: Classroom, tmp_path: Path
) -> None:
    for i, url in enumerate(classroom.learners):
        device = Device(tmp_path / f"learner{i}.dlquiz")
        try:
            device.review(3)
            SyncService(device.collection).sync(url)
        finally:
            device.close()
    ann, bob = classroom.names
    engine = create_engine(
        make_url(classroom.learners[0]).set(drivername="postgresql+psycopg"), poolclass=NullPool
    )
    admin = create_engine(
        make_url(classroom.admin).set(drivername="postgresql+psycopg"), poolclass=NullPool
    )
    try:
        with admin.connect() as conn:
            assert (
                conn.execute(
                    text("SELECT count(*) FROM events WHERE owner = :o"), {"o": bob}
                ).scalar()
                > 0
            )  # the rows are there ...
        with engine.connect() as conn:
            owners = set(conn.execute(text("SELECT DISTINCT owner FROM events")).scalars())
            assert owners == {ann}  # ... and PostgreSQL shows ann only her own
            assert (
                conn.execute(
                    text("SELECT count(*) FROM events WHERE owner = :o"), {"o": bob}
                ).scalar()
                == 0
            )
        with engine.connect() as conn, pytest.raises(DBAPIError, match="row-level security"):
            conn.execute(
                text(
                    "INSERT INTO events (id, owner, device_id, kind, subject, at, payload)"
                    " VALUES (gen_random_uuid(), :o, gen_random_uuid(), 'review', 'x', now(), '{}')"
                ),
                {"o": bob},
            )
        for statement in ("DELETE FROM events", "UPDATE events SET kind = 'x'"):
            with engine.connect() as conn, pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text(statement))
    finally:
        engine.dispose()
        admin.dispose()


def test_a_deck_updated_by_the_teacher_keeps_the_learners_progress(
    classroom: Classroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    teacher = Device(tmp_path / "teacher.dlquiz")
    learner = Device(tmp_path / "ann.dlquiz")
    try:
        questions = small_deck("class-deck")[1]
        store_questions(teacher.collection, questions, "Class deck")
        deck_id, _name = SyncService(teacher.collection).publish("Class deck", classroom.teacher)
        SyncService(learner.collection).sync(classroom.learners[0])
        assert SyncService(learner.collection).subscribe(deck_id) > 0
        learner.study.bank.forget_imported()
        ids = sorted(q.id for q in learner.study.bank.questions([deck_id]))
        assert len(ids) == 4
        for question_id in ids:
            learner.review_question(question_id, Rating.GOOD)
        SyncService(learner.collection).sync()
        before = card_states(learner.collection)
        # The teacher changes one answer, removes one question and adds one.
        changed = dataclasses.replace(questions[1], key=TextKey(("Alex Krizhevsky",)))
        extra = dataclasses.replace(questions[0], id="class-deck:q9", prompt="A new question?")
        store_questions(
            teacher.collection, [questions[0], changed, questions[3], extra], "Class deck"
        )
        SyncService(teacher.collection).sync()
        SyncService(learner.collection).sync()
        learner.study.bank.forget_imported()
        after = card_states(learner.collection)
        by_local = {qid.split(":", 1)[1]: qid for qid in ids}
        kept = [by_local["q1"], by_local["q4"]]
        for question_id in kept:
            assert after[question_id] == before[question_id]  # progress kept
        with learner.collection.session() as s:
            rows = dict(
                s.execute(
                    text("SELECT question_id, retired FROM cards WHERE deck_id = :d"),
                    {"d": deck_id},
                ).all()
            )
            phase = s.execute(
                text("SELECT phase FROM cards WHERE question_id = :q"), {"q": by_local["q2"]}
            ).scalar_one()
        assert phase == 0  # its answer changed: learnt again, as after an import
        assert rows[by_local["q3"]]  # retired
        assert f"{deck_id}:q9" in rows and not rows[f"{deck_id}:q9"]
        updated = learner.study.bank.get(by_local["q2"])
        assert updated is not None and updated.key == TextKey(("Alex Krizhevsky",))
    finally:
        teacher.close()
        learner.close()


def test_the_teacher_sees_every_learners_progress_and_exam_statistics(
    classroom: Classroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    learners_study(classroom, tmp_path)
    with Hub(parse_hub_url(classroom.teacher)) as hub:
        report = class_report(hub)
    learners = {row["learner"]: row for row in report.learners}
    assert set(learners) == set(classroom.names)
    assert [learners[n]["reviews"] for n in classroom.names] == [2, 3]
    assert all(len(learners[n]["exams"]) == 1 for n in classroom.names)
    facility = {q["question_id"]: q["facility"] for q in report.questions}
    assert facility == {"d:q1": 0.5, "d:q2": 1.0, "d:q3": 0.5}
    assert len(report.progress) == 5
    # The same through the command, as JSON, remembered hub or given.
    teacher = Device(tmp_path / "teacher.dlquiz")
    teacher.close()
    db = str(tmp_path / "teacher.dlquiz")
    capsys.readouterr()
    assert main(["--db", db, "hub", "report", "--json", "--hub", classroom.teacher]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["questions"] == report.questions
    # A learner's role reading the report sees nobody else.
    with Hub(parse_hub_url(classroom.learners[0])) as hub:
        assert class_report(hub).learners == []


def test_a_caught_up_learners_cursor_passes_the_rows_of_others(
    classroom: Classroom, tmp_path: Path, pg_server: PgServer
) -> None:
    from dlquiz.storage import sync_log
    from tests.sync_support import admin_sql

    ann, bob = Device(tmp_path / "ann.dlquiz"), Device(tmp_path / "bob.dlquiz")
    try:
        ann.review(2)
        SyncService(ann.collection).sync(classroom.learners[0])
        bob.review(3)
        SyncService(bob.collection).sync(classroom.learners[1])
        assert SyncService(ann.collection).sync().pulled == 0  # bob's rows stay his
        db = make_url(classroom.admin).database
        (top,) = admin_sql(pg_server, "SELECT max(seq) FROM events", db=str(db))[0]
        with ann.collection.session() as s:
            assert sync_log.cursor(s, sync_log.PULLED) == top  # the next pull starts at the end
    finally:
        ann.close()
        bob.close()


def test_a_hub_without_temporary_tables_still_takes_pushes(
    pg_server: PgServer, tmp_path: Path
) -> None:
    # A push streams its rows through a temporary table; a hub owner may have taken
    # that privilege from everyone, and then the rows go in as INSERTs instead.
    room = set_up_class(pg_server, learners=1)
    db = make_url(room.admin).database
    admin_sql(pg_server, f'REVOKE TEMPORARY ON DATABASE "{db}" FROM PUBLIC', db=db)
    first = Device(tmp_path / "first.dlquiz")
    try:
        first.review(5)
        pushed = SyncService(first.collection).sync(room.learners[0]).pushed
        mine = review_log(first.collection)
    finally:
        first.close()
    assert pushed >= 5
    second = Device(tmp_path / "second.dlquiz")
    try:
        SyncService(second.collection).sync(room.learners[0])
        assert review_log(second.collection) == mine
    finally:
        second.close()
    engine = create_engine(
        make_url(room.learners[0]).set(drivername="postgresql+psycopg"), poolclass=NullPool
    )
    try:
        with engine.connect() as conn, pytest.raises(DBAPIError, match="permission denied"):
            conn.execute(text("CREATE TEMPORARY TABLE probe (x int)"))
    finally:
        engine.dispose()
