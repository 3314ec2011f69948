"""The servers a drill starts for itself, each stopped by ``close()`` whatever happened: a PostgreSQL cluster in a
temporary directory, a Redis server, Celery workers, a small tmpfs for uploads. gunicorn is bench/server.py's."""

import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.server import BASE_DIR, BenchSetupError

PG_PORT = 55432
REDIS_PORT = 56379
GUNICORN_PORT = 8151
SMTP_PORT = 8152
PG_BIN = Path(os.environ.get("DRILLS_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root (CI), run its programs as the ``postgres`` user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def wait_until(predicate, *, timeout: float, interval: float = 0.1, what: str) -> float:
    """Poll ``predicate`` until it is true; return the seconds it took, raise ``BenchSetupError`` at ``timeout``."""
    started = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise BenchSetupError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


class Postgres:
    """A PostgreSQL 15 cluster of its own (initdb into a temporary directory), on 127.0.0.1:PG_PORT."""

    def __init__(self, *, log) -> None:
        self.log = log
        self.root = Path(tempfile.mkdtemp(prefix="drills-pg-"))
        self.data = self.root / "data"
        self.logfile = self.root / "postgres.log"
        self.started = False
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.root, postgres.pw_uid, postgres.pw_gid)
        self._run(["initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale"])

    def _run(self, arguments: list[str]) -> subprocess.CompletedProcess:
        command = _as_postgres([str(PG_BIN / arguments[0]), *arguments[1:]])
        completed = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if completed.returncode != 0:
            raise BenchSetupError(f"{' '.join(command)} failed: {completed.stdout}{completed.stderr}")
        return completed

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{PG_PORT}"

    def answers(self) -> bool:
        probe = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-q"], capture_output=True
        )
        return probe.returncode == 0

    def start(self) -> None:
        options = f"-p {PG_PORT} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(["pg_ctl", "-D", str(self.data), "-l", str(self.logfile), "-o", options, "-w", "start"])
        self.started = True

    def stop(self, mode: str = "fast") -> None:
        self._run(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"])
        self.started = False

    def psql(self, sql: str) -> None:
        subprocess.run(
            [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-q", "-c", sql],
            check=True,
            capture_output=True,
        )

    def close(self) -> None:
        if self.started:
            try:
                self.stop("immediate")
            except BenchSetupError as error:
                self.log(f"cleanup: {error}")
        shutil.rmtree(self.root, ignore_errors=True)


class Redis:
    """A Redis server of its own on 127.0.0.1:REDIS_PORT, with nothing kept on disk (a restart loses every key)."""

    def __init__(self, *, log, logfile: Path) -> None:
        self.log = log
        self.logfile = logfile
        self.process: subprocess.Popen | None = None

    def answers(self) -> bool:
        probe = subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True)
        return probe.stdout.strip() == "PONG"

    def start(self) -> None:
        with self.logfile.open("a") as handle:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self.answers, timeout=20, what="Redis answering")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Worker:
    """A real ``celery worker`` (prefork, one child), in its own process group."""

    def __init__(self, *, env: dict[str, str], logfile: Path, name: str) -> None:
        self.logfile = logfile
        self.handle = logfile.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--loglevel", "INFO", "--concurrency", "1",
             "--pool", "prefork", "--without-mingle", "--without-gossip", "--hostname", f"{name}@%h"],
            cwd=BASE_DIR,
            env={**os.environ, **env},
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.ready_mark = len(self.logfile.read_bytes())

    def output(self) -> str:
        self.handle.flush()
        return self.logfile.read_text(errors="replace")

    def wait_ready(self, timeout: float = 90) -> None:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise BenchSetupError(f"the worker exited with {self.process.returncode}; see {self.logfile}")
            return " ready." in self.output()

        wait_until(ready, timeout=timeout, interval=0.2, what=f"worker ready (see {self.logfile})")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: the main process and its pool child die at once."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        self.handle.close()


class SmallDisk:
    """A small filesystem mounted on ``directory``: a tmpfs of ``size`` (the real kernel answers ENOSPC when full).
    Needs root (CI runs as root); ``close()`` unmounts it."""

    def __init__(self, directory: Path, *, size: str, log) -> None:
        self.directory = directory
        self.mounted = False
        directory.mkdir(parents=True, exist_ok=True)
        completed = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0750", "tmpfs", str(directory)],
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            raise BenchSetupError(f"cannot mount a tmpfs on {directory} (root needed): {completed.stderr.strip()}")
        self.mounted = True
        log(f"mounted a tmpfs of {size} on {directory}")

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.directory)], check=False, capture_output=True)
            self.mounted = False
