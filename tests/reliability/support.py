"""Shared builders for the reliability suite: run dlquiz in-process, make reviews."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from dlquiz.cli.main import main
from dlquiz.core.clock import FakeClock
from dlquiz.core.scheduling import Rating
from dlquiz.storage.collection import Collection, open_collection
from tests.helpers import study_service


@dataclass(frozen=True, slots=True)
class Run:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """``dlquiz ARGV`` in this process, as a learner's shell would run it."""
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def answer_some(collection: Collection, count: int) -> None:
    """Answer ``count`` cards with Good, each its own committed review."""
    service = study_service(collection)
    for _ in range(count):
        card = service.next_card()
        assert card is not None
        service.record(card, rating=Rating.GOOD, answer="x", grade=None, duration_ms=10)


def new_collection(path: Path, *, reviews: int = 0, clock: FakeClock | None = None) -> Path:
    """A closed collection at ``path`` holding ``reviews`` reviews."""
    collection = open_collection(path, clock=clock or FakeClock())
    try:
        answer_some(collection, reviews)
    finally:
        collection.close(backup=False)
    return path


def review_count(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def run_cli_forked(
    argv: list[str],
    *,
    stdin: str = "",
    prepare: Callable[[], None] | None = None,
    timeout_s: float = 120,
) -> Run:
    """``dlquiz ARGV`` in a forked child fed ``stdin``; ``prepare`` runs in the child first.

    The child has dlquiz imported already (it is a copy of this process), its
    own standard streams, and opens its own connections; it never returns into
    pytest.  Its exit code is negative when a signal ended it (-9: SIGKILL).
    """
    import tempfile
    import traceback

    read_in, write_in = os.pipe()
    read_out, write_out = os.pipe()
    with tempfile.TemporaryFile() as err_file:
        pid = os.fork()
        if pid == 0:  # the child
            code = 70
            try:
                os.dup2(read_in, 0)
                os.dup2(write_out, 1)
                os.dup2(err_file.fileno(), 2)
                for fd in (read_in, write_in, read_out, write_out):
                    os.close(fd)
                sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                if prepare is not None:
                    prepare()
                code = main(argv)
                sys.stdout.flush()
                sys.stderr.flush()
            except BaseException:  # noqa: BLE001 - reported to the parent, never raised there
                os.write(2, f"child failed: {traceback.format_exc()}".encode())
            finally:
                os._exit(code)
        os.close(read_in)
        os.close(write_out)
        # A child that hangs (a lock some other thread held at the fork) fails the test
        # instead of stopping the suite.
        hung: list[bool] = []

        def stop_it() -> None:
            hung.append(True)
            os.kill(pid, signal.SIGKILL)

        watchdog = threading.Timer(timeout_s, stop_it)
        watchdog.start()
        try:
            try:
                with os.fdopen(write_in, "w", encoding="utf-8") as feed:
                    feed.write(stdin)  # small: fits the pipe even if the child never reads it
            except BrokenPipeError:
                pass  # the child ended before it read it all
            with os.fdopen(read_out, encoding="utf-8") as shown:
                out = shown.read()
            _pid, status = os.waitpid(pid, 0)
        finally:
            watchdog.cancel()
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
    if hung:
        raise AssertionError(f"dlquiz {' '.join(argv)} hung for {timeout_s} s and was killed")
    return Run(os.waitstatus_to_exitcode(status), out, err)


def run_cli_unprivileged(home: Path, *argv: str) -> Run:
    """``dlquiz ARGV`` in a forked child that cannot override file permissions.

    Root may write any file, so a read-only file is only read-only to an
    ordinary user: as root the child first gives up the capabilities that
    override file permissions (it stays root, so it can still read Python's
    own files).  Its data and log folders are under ``home``.
    """

    def unprivileged() -> None:
        for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = str(home / name.lower())
        if os.geteuid() == 0:
            _drop_permission_override()

    return run_cli_forked(list(argv), prepare=unprivileged)


def _drop_permission_override() -> None:
    """Remove CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from this (Linux) process."""
    import ctypes
    import ctypes.util

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [
            ("effective", ctypes.c_uint32),
            ("permitted", ctypes.c_uint32),
            ("inheritable", ctypes.c_uint32),
        ]

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    header = Header(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    override = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
    data[0].effective &= ~override
    data[0].permitted &= ~override
    data[0].inheritable &= ~override
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def first_revision_file(path: Path, *, reviews: int) -> Path:
    """A collection at schema revision 0001, as the first dlquiz left it, with reviews."""
    from dlquiz.storage.engine import make_engine
    from dlquiz.storage.migrate import upgrade

    engine = make_engine(path, transactional_ddl=True)
    upgrade(engine, target="0001")
    engine.dispose()
    conn = sqlite3.connect(str(path))
    conn.execute(
        "INSERT INTO cards (question_id, deck_id, topic, qtype, phase, reps, lapses, new_rank,"
        " suspended, retired) VALUES ('old:q1', 'old', '', 'typed', 2, 1, 0, 0, 0, 0)"
    )
    conn.executemany(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, answer, verdict, score,"
        " kind, was_new, state_before) VALUES (1, '2026-01-01 00:00:00', 3, 1, ?, 'correct', 1,"
        " 'study', 0, '{}')",
        [("y" * 200,) for _ in range(reviews)],
    )
    conn.commit()
    conn.close()
    return path
