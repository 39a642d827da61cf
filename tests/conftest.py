"""Shared test set-up: Qt runs offscreen so the suite needs no screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _memory_temp_dir() -> str | None:
    """``/dev/shm`` when it is a writable folder with room to spare, else None.

    Every collection a test opens, closes and backs up makes SQLite sync the
    file to disk; on a shared virtual disk those waits were a third of the
    suite's time and varied with whatever else used the disk.  The tests check
    dlquiz's logic and its use of SQLite, not the disk (a kill -9 leaves the
    page cache as it was on any file system), so their files live in memory
    when they can.  A ``TMPDIR`` of one's own is kept, and
    ``DLQUIZ_TESTS_DISK_TMP=1`` keeps the files on disk.
    """
    if "TMPDIR" in os.environ or os.environ.get("DLQUIZ_TESTS_DISK_TMP") == "1":
        return None
    folder = "/dev/shm"
    try:
        room = os.statvfs(folder)
    except OSError:
        return None
    enough = room.f_bavail * room.f_frsize >= 4 * 2**30  # a small /dev/shm (a container's) fills
    return folder if enough and os.access(folder, os.W_OK | os.X_OK) else None


if (_MEMORY := _memory_temp_dir()) is not None:
    # Before pytest picks its temporary root, and inherited by the workers and the
    # processes the tests start (PostgreSQL's folder is made there too).
    os.environ["TMPDIR"] = _MEMORY
    tempfile.tempdir = None
# The learner's real data, cache, logs and Qt settings stay out of reach of every
# test (and of the dlquiz processes the tests start, which inherit this).
_HOME = tempfile.mkdtemp(prefix="dlquiz-tests-")
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = os.path.join(_HOME, _name.lower())
os.environ.pop("DLQUIZ_DB", None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with long tests (a process started, a real demo run) run first.

    xdist's work stealing hands each worker a share of the queue and lets an
    idle one take the end of another's: a long test near the end of a share
    kept one worker busy while the other had finished.  Each file's tests stay
    together and in their order, so a file's shared fixtures are made once.
    """
    long_files = {
        item.path
        for item in items
        if item.get_closest_marker("slow") is not None
        or item.get_closest_marker("demo") is not None
    }
    items.sort(key=lambda item: item.path not in long_files)  # stable: the rest keep their order


def pytest_sessionfinish() -> None:
    import shutil

    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def _processes_only_in_slow_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that starts a process takes seconds: it must say so with ``@pytest.mark.slow``."""
    if request.node.get_closest_marker("slow") is not None:
        yield
        return
    original = subprocess.Popen.__init__
    original_fork = os.fork

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"{request.node.nodeid} starts a process: mark it @pytest.mark.slow")

    subprocess.Popen.__init__ = refuse  # type: ignore[method-assign]
    os.fork = refuse  # a forked dlquiz (tests/reliability/support.run_cli_forked) counts too
    try:
        yield
    finally:
        subprocess.Popen.__init__ = original  # type: ignore[method-assign]
        os.fork = original_fork


@pytest.fixture(scope="session")
def _new_collection_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new collection made once by dlquiz's own creation path (every migration run)."""
    from dlquiz.storage import collection

    path = tmp_path_factory.mktemp("template") / "new.dlquiz"
    collection._create(path, now=datetime(2026, 1, 1, tzinfo=UTC))
    return path


@pytest.fixture(autouse=True)
def _new_collections_are_copies(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new collection in a test is a copy of the template, not a fresh migration run.

    Creating one runs every Alembic migration (about 0.2 s) and hundreds of
    tests open a new collection; the file that creation leaves holds no
    time or path of its own, so a copy is the same file.  Tests of creation
    itself (kills, leftovers, half-built files) carry ``real_create``;
    ``DLQUIZ_TESTS_REAL_CREATE=1`` builds every one for real (to compare).
    """
    if request.node.get_closest_marker("real_create") is not None:
        return
    if os.environ.get("DLQUIZ_TESTS_REAL_CREATE") == "1":
        return
    template: Path = request.getfixturevalue("_new_collection_template")

    def create(path: Path, *, now: datetime) -> None:  # noqa: ARG001 - the real one's signature
        building = path.with_name(path.name + ".new")
        shutil.copyfile(template, building)
        building.replace(path)  # complete or absent, as the real creation leaves it

    monkeypatch.setattr("dlquiz.storage.collection._create", create)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """One throwaway PostgreSQL server for the whole session (tests/pg_server.py).

    Started before any test's process guard is in place (session fixtures come
    first), once: the tests that use it start no process of their own.  In CI
    (``CI=true``) a server that cannot start fails the tests instead of
    skipping them, so the sync tests can never silently stop running.
    """
    from tests.pg_server import NoServer, start_server

    try:
        server = start_server()
    except NoServer as error:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the PostgreSQL tests, but: {error}", pytrace=False)
        pytest.skip(f"no PostgreSQL server here: {error}")
    try:
        yield server
    finally:
        from tests.sync_support import close_admin_connections

        close_admin_connections()
        server.stop()


_HUBS_TO_DROP: list[str] = []


@pytest.fixture
def hub(pg_server: Any) -> Iterator[str]:
    """A fresh, empty hub database on the session's server (its superuser URL).

    Hub passwords go to an in-memory keyring while the test runs, never to the real one.
    """
    from tests.sync_support import drop_hub, fresh_hub, use_memory_keyring

    # The previous test's hub goes now, not in that test's teardown: a window
    # closed by a later teardown may still sync to it.
    while _HUBS_TO_DROP:
        drop_hub(pg_server, _HUBS_TO_DROP.pop())
    url, name = fresh_hub(pg_server)
    _HUBS_TO_DROP.append(name)
    for _keys in use_memory_keyring():
        yield url


@pytest.fixture
def devices(tmp_path: Any) -> Iterator[Any]:
    """Two devices of one learner (laptop, desktop), each with its own collection file."""
    from tests.sync_support import pair

    yield from pair(tmp_path)


@pytest.fixture
def here(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run ``dlquiz`` in this process as a shell would (tests/helpers.Here)."""
    from tests.helpers import Here

    return Here(capsys, monkeypatch)
