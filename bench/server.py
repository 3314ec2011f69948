"""The system under test: PostgreSQL, the benchmark database, and gunicorn serving the portal."""

import os
import secrets
import shutil
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Overridable so that a short trial run can use a database (and a Redis database) of its own.
DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "portal_bench")
PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
DATABASE_URL = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{DATABASE_NAME}"


class BenchSetupError(RuntimeError):
    """The harness could not bring the system under test up; the message says what to do."""


def _pg_connect(dbname: str = "postgres"):
    import psycopg2

    return psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname, connect_timeout=3)


def postgres_ensure_running(*, log) -> None:
    """Start the local cluster with pg_ctlcluster unless it already answers."""
    import psycopg2

    try:
        _pg_connect().close()
        log("PostgreSQL is running")
        return
    except psycopg2.OperationalError:
        pass
    versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").is_dir() else []
    if not versions:
        raise BenchSetupError(
            f"PostgreSQL does not answer on {PG_HOST}:{PG_PORT} and no cluster is configured in /etc/postgresql. "
            "Install it (apt-get install postgresql) with trust auth for user postgres on 127.0.0.1."
        )
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"]
    log("starting PostgreSQL: " + " ".join(command))
    completed = subprocess.run(command, capture_output=True, text=True)
    output = completed.stdout + completed.stderr
    if completed.returncode != 0 and "already running" not in output:
        raise BenchSetupError(f"could not start PostgreSQL ({completed.returncode}): {output.strip()}")
    deadline = time.monotonic() + 30
    while True:
        try:
            _pg_connect().close()
            return
        except psycopg2.OperationalError as error:
            if time.monotonic() > deadline:
                raise BenchSetupError(f"PostgreSQL started but does not answer: {error}") from error
            time.sleep(0.5)


REDIS_CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9")


def redis_ensure_running(*, log) -> None:
    """The shared cache of the gunicorn workers (as in production: sessions and rate limits); started
    with redis-server unless it answers, then its benchmark database is emptied."""
    import redis

    client = redis.Redis.from_url(REDIS_CACHE_URL, socket_connect_timeout=2)
    try:
        client.ping()
        log("Redis is running")
    except redis.exceptions.ConnectionError:
        if shutil.which("redis-server") is None:
            raise BenchSetupError("Redis does not answer on 127.0.0.1:6379 and redis-server is not installed") from None
        log("starting Redis: redis-server --daemonize yes")
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError as error:
                if time.monotonic() > deadline:
                    raise BenchSetupError(f"Redis started but does not answer: {error}") from error
                time.sleep(0.2)
    client.flushdb()


def database_recreate(*, log) -> str:
    """Drop and create the benchmark database; return its server version."""
    connection = _pg_connect()
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            # FORCE ends connections left over from an interrupted run.
            cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]  # "15.20 (Debian 15.20-0+deb12u1)" -> "15.20"
    finally:
        connection.close()
    log(f"database {DATABASE_NAME} created (PostgreSQL {version})")
    return version


def secret_key_generate(length: int = 64) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def bench_environment(*, var_dir: Path, secret_key: str) -> dict[str, str]:
    """The environment of every process of the run: manage.py steps, gunicorn and this harness."""
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "BENCH_CONTROLS": "1",
        "PORTAL_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        "CACHE_URL": REDIS_CACHE_URL,
    }


def manage_step(arguments: list[str], *, env: dict[str, str], log_file: Path, label: str, log) -> None:
    """Run one step (``manage.py …`` or a script) as a child process; its output goes to ``log_file``."""
    started = time.monotonic()
    with log_file.open("a") as handle:
        handle.write(f"\n$ {' '.join(arguments)}\n")
        handle.flush()
        completed = subprocess.run(
            [sys.executable, *arguments],
            cwd=BASE_DIR,
            env={**os.environ, **env},
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    if completed.returncode != 0:
        raise BenchSetupError(f"{label} failed (exit {completed.returncode}); see {log_file}")
    log(f"{label}: {time.monotonic() - started:.1f} s")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Gunicorn:
    """gunicorn serving ``portal.wsgi`` on loopback, in its own process group."""

    env: dict[str, str]
    workers: int
    log_file: Path
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 60) -> None:
        self.port = self.port or free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn),
            "portal.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--backlog=2048",
            f"--error-logfile={self.log_file}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._wait_healthy(timeout)

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last_error = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchSetupError(f"gunicorn exited with {self.process.returncode}; see {self.log_file}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                last_error = str(error)
            time.sleep(0.2)
        raise BenchSetupError(f"gunicorn did not answer /healthz within {timeout:.0f} s ({last_error})")

    def stop(self) -> None:
        """TERM (graceful), then KILL the whole process group if it lingers. Safe to call twice."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
