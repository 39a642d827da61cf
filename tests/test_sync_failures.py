"""Sync when things go wrong: no hub, a wrong password, a process killed mid-sync."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dlquiz.cli.main import main
from dlquiz.storage import sync_log
from dlquiz.storage.migrate import upgrade
from dlquiz.storage.sync_backfill import backfill_if_needed
from dlquiz.sync.hub import HubError
from dlquiz.sync.hub_url import BadHubUrl
from dlquiz.sync.service import NoHub, SyncService
from tests.helpers import open_test_collection
from tests.pg_server import PgServer
from tests.sync_support import (
    Device,
    card_states,
    closed_port,
    fresh_hub,
    make_role,
    pair,
    review_log,
    use_memory_keyring,
    write_pgpass,
)


def test_an_unreachable_hub_is_one_clear_error_and_studying_goes_on(
    devices: tuple[Device, Device], hub: str
) -> None:
    a, b = devices
    a.review(2)
    nowhere = f"postgresql://someone@127.0.0.1:{closed_port()}/hub"
    service = SyncService(a.collection)
    with pytest.raises(HubError, match=r"unreachable") as caught:
        service.sync(nowhere)
    assert "\n" not in str(caught.value)
    assert service.status().last_error == str(caught.value)
    a.review(1)  # studying is not affected
    assert service.status().pending >= 3
    # Later, with a hub that answers, everything waiting goes through.
    service.sync(hub)
    SyncService(b.collection).sync(hub)
    assert len(review_log(b.collection)) == 3
    assert not service.status().last_error


def test_a_wrong_password_is_refused_with_a_clear_message(
    devices: tuple[Device, Device], pg_server: PgServer
) -> None:
    a, _b = devices
    _url, name = fresh_hub(pg_server)
    good = make_role(pg_server, name, f"{name}_pw", "right-one")
    wrong = good.replace("right-one", "wrong-one")
    with pytest.raises(HubError, match=r"password for .* was refused"):
        SyncService(a.collection).sync(wrong)


def test_bad_addresses_are_refused_before_any_network(devices: tuple[Device, Device]) -> None:
    a, _b = devices
    for bad in ("mysql://x@h/db", "postgresql://x@h", "not a url at all"):
        with pytest.raises(BadHubUrl):
            SyncService(a.collection).sync(bad)
    with pytest.raises(NoHub):
        SyncService(a.collection).sync()


def test_a_pgpass_file_gives_the_password_of_the_remembered_hub(
    devices: tuple[Device, Device],
    pg_server: PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = devices
    for _keys in use_memory_keyring():  # an empty keyring: libpq must find it itself
        _url, name = fresh_hub(pg_server)
        url = make_role(pg_server, name, f"{name}_owner", "pgpass-secret")
        from tests.sync_support import admin_sql

        admin_sql(pg_server, f'ALTER DATABASE "{name}" OWNER TO "{name}_owner"')
        admin_sql(pg_server, f'GRANT ALL ON SCHEMA public TO "{name}_owner"', db=name)
        monkeypatch.setenv(
            "PGPASSFILE",
            str(write_pgpass(tmp_path / "pgpass", pg_server, f"{name}_owner", "pgpass-secret")),
        )
        bare = url.replace(":pgpass-secret@", "@")
        a.review(1)
        SyncService(a.collection).sync(bare)
        SyncService(a.collection).sync()  # the remembered hub, the password from pgpass
        SyncService(b.collection).sync(bare)
        assert len(review_log(b.collection)) == 1


def test_the_keyring_keeps_the_password_for_the_next_sync(
    devices: tuple[Device, Device], pg_server: PgServer
) -> None:
    a, _b = devices
    for keys in use_memory_keyring():
        url, _name = fresh_hub(pg_server)
        SyncService(a.collection).sync(url)
        assert list(keys.saved.values()) == ["admin-secret"]
        a.review(1)
        assert SyncService(a.collection).sync().pushed == 1


def test_cli_sync_and_status(tmp_path: Path, hub: str, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    db = str(tmp_path / "cli.dlquiz")
    assert main(["--db", db, "sync", "--status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["hub"] is None and status["pending"] >= 0
    assert main(["--db", db, "sync", "--hub", hub, "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert set(done) == {"sent", "received", "applied", "waiting", "cards_replayed"}
    assert main(["--db", db, "sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert "hub: postgresql://dlquiz_admin@127.0.0.1" in out and "admin-secret" not in out


def test_cli_sync_to_an_unreachable_hub_exits_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "cli.dlquiz")
    code = main(["--db", db, "sync", "--hub", f"postgresql://u@127.0.0.1:{closed_port()}/x"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "unreachable" in err and "studying is not affected" in err
    assert main(["--db", db, "sync"]) == 1  # remembered, still unreachable: still exit 1
    assert "Traceback" not in capsys.readouterr().err


def test_history_from_before_sync_becomes_events_once_at_the_first_sync(tmp_path: Path) -> None:
    path = tmp_path / "old.dlquiz"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, target="0006_gui")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cards (question_id, deck_id, topic, qtype, phase, reps, lapses,"
                " new_rank, suspended, retired) VALUES ('q-old', 'd', '', 'typed', 2, 2, 0,"
                " 1, 1, 0)"
            )
        )
        history = [
            ("2025-03-01 10:00:00.000000", None),
            ("2025-03-02 10:00:00.000000", "2025-03-02 10:00:05.000000"),
        ]
        for when, undone in history:
            conn.execute(
                text(
                    "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer,"
                    " verdict, score, kind, was_new, state_before, undone_at) VALUES (1, :t, 3,"
                    " 0, '', '', 0, 'study', 0, '{}', :u)"
                ),
                {"t": when, "u": undone},
            )
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('new_per_day', '9')"))
    engine.dispose()
    collection = open_test_collection(path)
    try:
        with collection.session() as s:
            assert sync_log.events_of(s) == []  # the migration itself stays quick
        with collection.session() as s:
            assert backfill_if_needed(s)  # the first sync does this first
        with collection.session() as s:
            assert not backfill_if_needed(s)  # once
            kinds = sorted(e.kind for e in sync_log.events_of(s))
            uids = set(s.execute(text("SELECT uid FROM reviews")).scalars())
            review_ids = {e.id for e in sync_log.events_of(s, kinds=["review"])}
            assert sync_log.count_pending(s) == len(kinds)
        assert kinds == ["review", "review", "setting", "suspend", "undo"]
        assert uids == review_ids and None not in uids
    finally:
        collection.close(backup=False)


def test_old_history_reaches_another_device_at_the_first_sync(tmp_path: Path, hub: str) -> None:
    path = tmp_path / "old.dlquiz"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, target="0007_imp")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('new_per_day', '9')"))
    engine.dispose()
    old = Device(path)
    other = Device(tmp_path / "other.dlquiz")
    try:
        with old.collection.session() as s:
            question = s.execute(text("SELECT question_id FROM cards LIMIT 1")).scalar_one()
        old.collection.close(backup=False)
        # Reviews written before the sync revision existed would have no uid; here the
        # history is made the same way: straight into the file, then the file reopened.
        conn = sqlite3.connect(str(path))
        conn.execute("DELETE FROM sync_events")
        conn.execute("DELETE FROM sync_state WHERE key = 'backfilled'")
        conn.execute(
            "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer, verdict,"
            " score, kind, was_new, state_before) SELECT id, '2025-05-01 09:00:00.000000', 3, 0,"
            " '', '', 0, 'study', 1, '{}' FROM cards WHERE question_id = ?",
            (question,),
        )
        conn.execute("UPDATE reviews SET uid = NULL")
        conn.execute("DELETE FROM sync_events")
        conn.execute(
            "UPDATE sync_state SET value = (SELECT max(id) FROM reviews)"
            " WHERE key = 'backfill_reviews'"
        )
        conn.commit()
        conn.close()
        old = Device(path)
        SyncService(old.collection).sync(hub)
        SyncService(other.collection).sync(hub)
        assert other.collection.settings().new_per_day == 9
        assert [row[1] for row in review_log(other.collection)] == [question]
        assert review_log(other.collection) == review_log(old.collection)
    finally:
        old.close()
        other.close()


_KILLER = """
import os, signal, sys
from pathlib import Path
from dlquiz.core.clock import FakeClock
from dlquiz.storage import sync_apply, sync_log
from dlquiz.storage.bank import QuestionBank
from dlquiz.storage.collection import open_collection
from dlquiz.sync import hub as hub_module
from dlquiz.sync.service import SyncService

point, path, url = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
collection = open_collection(path, clock=FakeClock())
QuestionBank(collection)


def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


if point == "after-hub-commit":
    real_push = hub_module.Hub.push
    def push(self, events):
        real_push(self, events)
        die()  # the hub has the batch, the local cursor has not moved
    hub_module.Hub.push = push
elif point == "mid-pull":
    real_store = sync_log.store_pulled
    calls = []
    def store(session, events):
        calls.append(1)
        if len(calls) == 2:
            die()  # one batch stored and committed, the next one half-way
        return real_store(session, events)
    sync_log.store_pulled = store
elif point == "mid-apply":
    real_replay = sync_apply.replay
    def replay(session, cards):
        real_replay(session, cards)
        die()  # applied and replayed, not committed
    sync_apply.replay = replay
SyncService(collection, batch=3).sync(url)
print("finished")
"""


@pytest.mark.slow  # starts a process and kills it with SIGKILL
@pytest.mark.parametrize("point", ["after-hub-commit", "mid-pull", "mid-apply"])
def test_kill_9_in_the_middle_of_a_sync_loses_nothing_and_the_next_sync_finishes(
    tmp_path: Path, hub: str, point: str
) -> None:
    for a, b in pair(tmp_path):
        a.review(8)
        SyncService(a.collection).sync(hub)
        b.review(7)
        b.close()
        done = subprocess.run(
            [sys.executable, "-c", _KILLER, point, str(tmp_path / "desktop.dlquiz"), hub],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            # The child must not reach a real keyring either: keyring's own null backend.
            env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"},
        )
        assert done.returncode == -signal.SIGKILL, done.stderr
        reopened = Device(tmp_path / "desktop.dlquiz")
        try:
            SyncService(reopened.collection).sync(hub)
            SyncService(a.collection).sync()
            assert review_log(a.collection) == review_log(reopened.collection)
            assert len(review_log(a.collection)) == 15
            assert card_states(a.collection) == card_states(reopened.collection)
        finally:
            reopened.close()
            b.collection = reopened.collection  # pair() closes it again, harmlessly
