"""A private PostgreSQL cluster for the fault and load runs: `initdb` in a fresh directory, a port of
its own on loopback, started, restarted (`pg_ctl restart -m immediate`: a crash and its recovery)
and removed again. Never the server that the parallel test workers share.

The machine's binaries are found in `LOTSE_PG_BIN`, else the newest `/usr/lib/postgresql/*/bin`
(Debian), else on `PATH`. PostgreSQL refuses to run as root: as root the cluster runs as the
`postgres` user (`runuser`), otherwise as the current user.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def pg_bin() -> Path | None:
    """The directory of `initdb` and `pg_ctl`, or None where PostgreSQL's server is not installed."""
    if os.environ.get("LOTSE_PG_BIN"):
        directory = Path(os.environ["LOTSE_PG_BIN"])
        return directory if (directory / "initdb").exists() else None

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name))

    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=version)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable() -> str:
    """Why no private cluster can be made here, or "" if one can."""
    if pg_bin() is None:
        return "PostgreSQL's initdb is not installed (apt-get install postgresql, or LOTSE_PG_BIN)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run initdb as"
    return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateCluster:
    """`with PrivateCluster("faults") as cluster: cluster.url("lotse")`."""

    def __init__(self, name: str):
        self.name = name
        self.bin = pg_bin()
        self.root = Path(tempfile.mkdtemp(prefix=f"lotse-{name}-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.restarts = 0

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(
            command, check=check, capture_output=True, text=True, cwd=self.root, timeout=120
        )

    def _options(self) -> str:
        # loopback only, the socket in the cluster's own directory; no fsync: a killed server's
        # writes are in the page cache and survive (only a machine crash would need fsync)
        return (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c full_page_writes=off -c max_connections=200"
        )

    def start(self) -> PrivateCluster:
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, action: str, *extra: str) -> None:
        self._run(
            str(self.bin / "pg_ctl"),
            action,
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            self._options(),
            "-w",
            "-t",
            "60",
            *extra,
        )

    def restart_immediate(self) -> None:
        """Stop at once, as a crash would (no checkpoint, clients cut off), and start again:
        the server recovers from its write-ahead log."""
        self._pg_ctl("restart", "-m", "immediate")
        self.restarts += 1

    def createdb(self, database: str) -> str:
        self._run(
            str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            database,
        )  # fmt: skip
        return self.url(database)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(
                str(self.bin / "pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate", "-w",
                check=False,
            )  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PrivateCluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
