"""`make run`'s process supervisor: web server, worker and beat start together and stop together."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import BASE_DIR, database_url_for_subprocess


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """Every process in the sessions that ``pid`` started (walking /proc by parent id)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current:
                found.append(child)
                frontier.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.services
def test_ctrl_c_stops_web_worker_and_beat(transactional_db, tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url_for_subprocess(), "PORTAL_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = (tmp_path / "runportal.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runportal", "--addrport", f"127.0.0.1:{port}", "--concurrency", "1"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail((tmp_path / "runportal.log").read_text())
        time.sleep(2)  # let the worker and beat finish starting
        started = children_of(process.pid)
        commands = " ".join(Path(f"/proc/{pid}/cmdline").read_text() for pid in started if alive(pid))
        assert "worker" in commands and "beat" in commands and "runserver" in commands

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
        assert [pid for pid in started if alive(pid)] == []
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
