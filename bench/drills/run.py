"""``make drills``: fault drills on servers the drills start for themselves.

A PostgreSQL 15 cluster of its own (initdb into a temporary directory, port 55432), a Redis server of its own (port
56379: broker in db 0, cache in db 1, as docker-compose has them), gunicorn with two workers on port 8151 under
``portal.settings.production``, Celery workers, and an SMTP sink on port 8152 that counts messages by Message-ID.
The drills: PostgreSQL restarted under load, Redis stopped while companies submit, a worker killed mid-batch, the
upload disk full. Each prints what it did and what it found; the run exits 1 if the portal failed any drill.
Everything started is stopped, and the tmpfs unmounted, on success, failure and Ctrl-C.

Usage: make drills   (python -m bench.drills.run [--only postgres,redis,worker,disk])
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Run as a script, Python puts bench/drills/ first on the path; import from the project root instead.
sys.path[:] = [str(BASE_DIR), *(p for p in sys.path if Path(p or ".").resolve() != BASE_DIR / "bench" / "drills")]

from bench import server  # noqa: E402
from bench.drills import infra  # noqa: E402

VAR_DIR = BASE_DIR / "var" / "drills"
DATABASE_NAME = "portal_drills"


def log(message: str) -> None:
    print(f"[drills] {message}", flush=True)


def environment(sink_port: int) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{infra.PG_PORT}/{DATABASE_NAME}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{infra.REDIS_PORT}/0",
        "CACHE_URL": f"redis://127.0.0.1:{infra.REDIS_PORT}/1",
        "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
        "EMAIL_TIMEOUT": "5",
        "SECRET_KEY": server.secret_key_generate(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "PORTAL_VAR_DIR": str(VAR_DIR),
        "LOG_LEVEL": "WARNING",
        # gunicorn answers the drills' clients directly, with no proxy in front.
        "TRUSTED_PROXY_COUNT": "0",
        # The drills' clients all come from 127.0.0.1 and read the public API in a loop: its throttle (tested in
        # tests/portal/test_api_throttle.py) is not what they measure.
        "API_ANON_RATE": "100000/minute",
        # This process plays beat (it runs the sweeper every second), with short grace periods.
        "NOTIFICATIONS_PENDING_GRACE_SECONDS": "1",
        "NOTIFICATIONS_SENDING_STALE_SECONDS": "3",
        "NOTIFICATIONS_RETRY_BASE_SECONDS": "0.5",
        "NOTIFICATIONS_RETRY_MAX_SECONDS": "2",
    }


def static_current() -> bool:
    """The manifest of a previous run is newer than every static source file and than pyproject.toml (whose
    changes may bring new packages' files): collecting again (minutes on a busy machine) would change nothing."""
    manifest = VAR_DIR / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    sources = [BASE_DIR / "pyproject.toml", *(path for path in (BASE_DIR / "static").rglob("*") if path.is_file())]
    return manifest.stat().st_mtime > max(path.stat().st_mtime for path in sources)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def print_result(result) -> None:
    print()
    print(f"== {result.name}: {'PASSED' if result.passed else 'FAILED'}")
    for line in result.did:
        print(f"   did:   {line}")
    for key, value in result.found.items():
        print(f"   found: {key} = {value}")
    for failure in result.failures:
        print(f"   FAIL:  {failure}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/drills/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated drills: postgres, redis, worker, disk")
    args = parser.parse_args(argv)
    from bench.drills.scenarios import DRILLS, DrillResult

    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(DRILLS)
    unknown = set(chosen) - set(DRILLS)
    if unknown:
        parser.error(f"unknown drills {sorted(unknown)}; known: {', '.join(DRILLS)}")

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    for entry in VAR_DIR.iterdir():  # a fresh run; collected static files are kept while still current
        if entry.name != "staticfiles":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    setup_log = VAR_DIR / "setup.log"
    results: list[DrillResult] = []
    started = time.monotonic()
    with contextlib.ExitStack() as cleanup:
        try:
            from tests.notifications.smtp_sink import SmtpSink

            sink = SmtpSink()
            sink.port = infra.SMTP_PORT
            from aiosmtpd.controller import Controller

            sink.controller = Controller(sink.controller.handler, hostname="127.0.0.1", port=infra.SMTP_PORT)
            sink.start()
            cleanup.callback(sink.stop)
            env = environment(infra.SMTP_PORT)

            postgres = infra.Postgres(log=log)
            cleanup.callback(postgres.close)
            postgres.start()
            postgres.psql(f"CREATE DATABASE {DATABASE_NAME}")
            log(f"PostgreSQL cluster in {postgres.root} on port {infra.PG_PORT}")
            redis = infra.Redis(log=log, logfile=VAR_DIR / "redis.log")
            cleanup.callback(redis.close)
            redis.start()
            log(f"Redis on port {infra.REDIS_PORT}")
            step = {"env": env, "log_file": setup_log, "log": log}
            server.manage_step(["manage.py", "migrate", "--noinput"], label="migrate", **step)
            if static_current():
                log("collected static files are current: collectstatic skipped")
            else:
                server.manage_step(
                    ["manage.py", "collectstatic", "--noinput", "--clear"], label="collectstatic", **step
                )

            os.environ.update(env)
            import django

            django.setup()
            gunicorn = server.Gunicorn(env=env, workers=2, log_file=VAR_DIR / "gunicorn.log", port=infra.GUNICORN_PORT)
            cleanup.callback(gunicorn.stop)
            gunicorn.start()
            log(f"gunicorn on {gunicorn.base_url} (2 sync workers, portal.settings.production)")

            from bench.drills.context import DrillContext

            context = DrillContext(
                env=env, var_dir=VAR_DIR, postgres=postgres, redis=redis, gunicorn=gunicorn, sink=sink, log=log
            )
            cleanup.callback(lambda: [worker.close() for worker in context.workers])
            for name in chosen:
                log(f"drill {name} …")
                try:
                    result = DRILLS[name](context)
                except server.BenchSetupError as error:
                    result = DrillResult(name, failures=[f"the drill could not complete: {error}"])
                for worker in context.workers:
                    worker.close()
                context.workers.clear()
                if not redis.answers():
                    redis.start()
                results.append(result)
                print_result(result)
        except server.BenchSetupError as error:
            print(f"drills: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\ndrills: interrupted; everything started was stopped.", file=sys.stderr)
            return 130
        finally:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
    record = {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started, 1),
        "drills": [
            {"name": r.name, "passed": r.passed, "did": r.did, "found": r.found, "failures": r.failures}
            for r in results
        ],
    }
    (VAR_DIR / "results.json").write_text(json.dumps(record, indent=2, ensure_ascii=False, default=str))
    failed = [r.name for r in results if not r.passed]
    print()
    print(f"{len(results) - len(failed)} of {len(results)} drills passed in {record['seconds']} s"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""))  # fmt: skip
    return 1 if failed or len(results) < len(chosen) else 0


if __name__ == "__main__":
    sys.exit(main())
