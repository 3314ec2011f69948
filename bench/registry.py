"""What a benchmark entry is: an HTTP page driven by wrk, or an in-process callable timed here.

Entries themselves are listed in ``bench/pages.py``. Hooks receive a ``BenchContext``: by the
time they run, Django is set up in the harness process against the benchmark database with the
same settings and SECRET_KEY as the gunicorn workers, so a session created here is valid there.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchContext:
    base_url: str

    def login_headers(self, email: str) -> dict[str, str]:
        """Headers that make wrk's requests come from a signed-in ``email`` (a real session row)."""
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client

        user = get_user_model().objects.get(email=email)
        client = Client()
        client.force_login(user)
        session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"}


# A page's setup hook returns extra request headers (a Cookie, an Accept-Language …), or None.
PageSetup = Callable[[BenchContext], Mapping[str, str] | None]
# A path is fixed, or computed once the data exists (e.g. the detail page of a seeded object).
PagePath = str | Callable[[BenchContext], str]


@dataclass(frozen=True)
class Page:
    """A page measured over HTTP with wrk."""

    name: str
    path: PagePath
    description: str = ""
    # Email of a seeded user to sign in as; the harness creates the session and sends its cookie.
    login: str | None = None
    setup: PageSetup | None = None
    # Controls are measured in every run, whatever --pages selects.
    control: bool = False

    def resolve_path(self, context: BenchContext) -> str:
        return self.path(context) if callable(self.path) else self.path

    def headers(self, context: BenchContext) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.login:
            headers.update(context.login_headers(self.login))
        if self.setup:
            headers.update(self.setup(context) or {})
        return headers


# Returns the operation to time. Each call of the operation performs some operations and
# returns how many (1 for one call, n for a batch), so the figure is operations per second.
Operation = Callable[[], int]


@dataclass(frozen=True)
class InProcessBenchmark:
    """A callable measured inside the harness process, reported as operations per second."""

    name: str
    prepare: Callable[[BenchContext], Operation]
    unit: str = "operations"
    description: str = ""
