"""Class: a damaged file that was closed cleanly (17.8).

Terminal commands check the file before writing into it; damage found in
the middle of a command is the damaged-file message, exit 1, never exit 70.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dlquiz.core.clock import FakeClock
from dlquiz.storage import backup as backups
from dlquiz.storage.failures import CollectionDamaged, explain
from dlquiz.storage.sqlite_files import quick_check_verdict
from tests.reliability.support import new_collection, run_cli

COMMANDS = [
    ["stats", "--json"],
    ["study", "--terminal"],
    ["exam", "--terminal"],
    ["exam", "history"],
    ["backup", "now"],
    ["decks", "list"],
]


def _damage(path: Path, *, seed: int) -> None:
    """Flip 64 bytes inside the B-tree pages (past the header page), as the probe did."""
    import random

    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for _ in range(64):
        offset = rng.randrange(4096, len(data))
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _damaged_collection(tmp_path: Path, seed: int) -> Path | None:
    path = new_collection(tmp_path / "c.dlquiz", reviews=40)
    backups.take_backup(path, now=FakeClock().now())
    _damage(path, seed=seed)
    conn = sqlite3.connect(str(path))
    try:
        verdict = quick_check_verdict(conn)
    except sqlite3.DatabaseError:
        verdict = "unreadable"
    finally:
        conn.close()
    return None if verdict == "ok" else path


@pytest.mark.parametrize("command", COMMANDS, ids="-".join)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_command_refuses_a_damaged_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], seed: int
) -> None:
    path = _damaged_collection(tmp_path, seed)
    if path is None:
        pytest.skip("these flips happened to land in free space")
    before = path.read_bytes()
    kept = backups.list_backups(path)
    done = run_cli(capsys, "--db", str(path), *command)
    assert done.code == 1, done.err
    assert "damaged" in done.err and "dlquiz backup restore" in done.err
    assert "unexpected" not in done.err
    assert path.read_bytes() == before  # nothing written into the damaged B-tree
    assert backups.list_backups(path) == kept  # and no copy of it saved as a backup


def test_damage_met_mid_command_is_the_damaged_message(tmp_path: Path) -> None:
    path = new_collection(tmp_path / "c.dlquiz", reviews=3)
    error = sqlite3.DatabaseError("database disk image is malformed")
    explained = explain(path, error)
    assert isinstance(explained, CollectionDamaged)
    assert "damaged" in str(explained)
