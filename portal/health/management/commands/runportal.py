"""Run the web server, a Celery worker and Celery beat together, and stop all three together.

``make run`` uses it: Ctrl-C (SIGINT) or SIGTERM stops every process; if one of them exits
on its own, the others are stopped too, so nothing is left running half-way.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_GRACE_SECONDS = 15


class Command(BaseCommand):
    help = "Run the development web server, a Celery worker and Celery beat until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where the web server listens.")
        parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes.")

    def handle(self, *args, addrport: str, concurrency: int, **options):
        python = sys.executable
        schedule = str(settings.VAR_DIR / "celerybeat-schedule")
        commands = {
            "worker": [python, "-m", "celery", "-A", "portal", "worker", "--loglevel", "INFO",
                       "--concurrency", str(concurrency), "--hostname", "worker@%h"],
            "beat": [python, "-m", "celery", "-A", "portal", "beat", "--loglevel", "INFO", "--schedule", schedule],
            "web": [python, "manage.py", "runserver", addrport],
        }  # fmt: skip
        processes: dict[str, subprocess.Popen] = {}
        stopping = False

        def request_stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        for name, command in commands.items():
            # Each child in its own session: a terminal's Ctrl-C reaches only us, and we stop them in order.
            processes[name] = subprocess.Popen(command, cwd=settings.BASE_DIR, start_new_session=True)
            self.stdout.write(f"started {name} (pid {processes[name].pid})")

        exited = None
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    exited = name
                    stopping = True
                    break
            time.sleep(0.3)
        if exited:
            self.stderr.write(f"{exited} exited with {processes[exited].returncode}; stopping the others.")
        self.stdout.write("Stopping the web server, the worker and beat…")
        for name, process in processes.items():
            if process.poll() is None:
                # Celery stops its own pool children; runserver's autoreloader child needs the whole group.
                (os.killpg if name == "web" else os.kill)(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for process in processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # anything a child left behind in its session
        self.stdout.write("All stopped.")
        if exited:
            sys.exit(1)
