"""Fixtures shared by the whole suite.

Services: a test that needs PostgreSQL, Redis, a worker or Chromium asks for the fixture
that provides it. Without the service it is skipped, unless ``REQUIRE_SERVICES=1`` (CI),
where it fails instead, and so does the run if anything was skipped at all.
"""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run inside one unless told that this is on purpose (it is: one thread, one test).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(settings.BASE_DIR)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


def service_missing(reason: str) -> None:
    """Skip the test for a missing service; in CI (REQUIRE_SERVICES=1) fail it."""
    if settings.REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES is set but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-ahead",
        type=int,
        default=0,
        metavar="YEARS",
        help="Run the tests with the clock moved this many years ahead (time-machine): nothing may break because "
        "the calendar moved. Tests that start a worker process are skipped (the process keeps the real clock).",
    )


def years_ahead(moment: datetime, years: int) -> datetime:
    """The same moment ``years`` later (28 February for a 29 February that the target year lacks)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


@pytest.fixture(autouse=True, scope="session")
def _clock_ahead(request) -> Iterator[None]:
    years = request.config.getoption("--clock-ahead")
    if not years:
        yield
        return
    with time_machine.travel(years_ahead(datetime.now(UTC), years), tick=True):
        yield


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if settings.REQUIRE_SERVICES and skipped and exitstatus == 0:
        if reporter:
            reporter.write_line(
                f"REQUIRE_SERVICES is set and {skipped} test(s) were skipped: failing the run.", red=True
            )
        session.exitstatus = 1


# The tests of these folders assert English messages (the msgids); the Korean catalogue has its own tests.
ENGLISH_FOLDERS = {"applications", "evaluation", "review"}


@pytest.fixture
def english(settings) -> Iterator[None]:
    """Messages in English: in the test's own code and in the pages the test client requests."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _english_where_asserted(request) -> None:
    if Path(request.node.path).parent.name in ENGLISH_FOLDERS:
        request.getfixturevalue("english")


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """Hashing a password the production way takes a good part of a second; tests do not need that strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path) -> None:
    """Files a test uploads go to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: on SQLite a rolled-back test's ids come round again, and a page cached
    under (call id, version) by one test must not answer another's."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def api_unthrottled(settings) -> None:
    """For a test that calls the API more often than the anonymous rate allows one address (the throttle itself is
    tested in tests/portal/test_api_throttle.py)."""
    settings.API_ANON_RATE = None


@pytest.fixture
def require_postgres() -> None:
    if connection.vendor != "postgresql":
        service_missing("this test needs PostgreSQL (set DATABASE_URL=postgres://…)")


@pytest.fixture
def require_redis_broker() -> None:
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        service_missing("this test needs Redis as the Celery broker (set CELERY_BROKER_URL=redis://…)")


def database_url_for_subprocess() -> str:
    """The URL of the database this test runs on, for a process that the test starts."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(params['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        user = params.get("USER") or ""
        password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
        auth = f"{user}{password}@" if user else ""
        host = params.get("HOST") or "localhost"
        port = params.get("PORT") or 5432
        return f"postgres://{auth}{host}:{port}/{params['NAME']}"
    raise RuntimeError(f"no URL for database vendor {connection.vendor}")


class WorkerProcess:
    """A real ``celery worker`` process, started by a test against the configured broker."""

    def __init__(self, *, extra_env: dict[str, str] | None = None, concurrency: int = 1, log: Path):
        self.log = log
        env = {**os.environ, "DATABASE_URL": database_url_for_subprocess(), **(extra_env or {})}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.handle = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(concurrency),
                "--pool",
                "prefork",
                "--without-mingle",
                "--without-gossip",
                "--hostname",
                f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        self.handle.flush()
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}:\n{self.output()}")
            if " ready." in self.output():
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready after {timeout}s:\n{self.output()}")

    def kill(self, sig: int) -> None:
        os.killpg(self.process.pid, sig)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=10)
        self.handle.close()


@pytest.fixture
def purged_broker() -> None:
    """Empty the default queue so a test's worker sees only what the test sends."""
    from portal.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


@pytest.fixture
def start_worker(request, transactional_db, purged_broker, tmp_path) -> Iterator:
    """Start real worker processes; each is stopped when the test ends."""
    if request.config.getoption("--clock-ahead"):
        pytest.skip("a worker process keeps the real clock, so it cannot run with --clock-ahead")
    workers: list[WorkerProcess] = []

    def start(**kwargs) -> WorkerProcess:
        worker = WorkerProcess(log=tmp_path / f"worker-{len(workers)}.log", **kwargs)
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    """The session's headless Chromium; tests ask for ``chromium_browser``, whose pages axe-core checks."""
    if not Path(CHROMIUM).exists():
        service_missing(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_missing("browser tests need the playwright package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def accessibility_audit() -> Iterator:
    """axe-core on every document the test's browser pages load (tests/browser/axe.py); the findings fail the test
    when its body ends (tests/browser/conftest.py)."""
    from tests.browser.axe import AccessibilityAudit

    audit = AccessibilityAudit()
    AccessibilityAudit.current = audit
    yield audit
    AccessibilityAudit.current = None


@pytest.fixture
def chromium_browser(chromium, accessibility_audit) -> Iterator:
    """Chromium for one test: every context it makes is watched by the test's accessibility audit."""
    from tests.browser.axe import AuditedBrowser

    browser = AuditedBrowser(chromium, accessibility_audit)
    yield browser
    browser.close_contexts()


@pytest.fixture
def page(chromium_browser, live_server) -> Iterator:
    context = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshots_dir() -> Path:
    directory = Path(settings.VAR_DIR) / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def which(command: str) -> str | None:
    return shutil.which(command)
