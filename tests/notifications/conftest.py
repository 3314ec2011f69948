"""Fixtures of the notifications tests: people in their roles, a company, an SMTP sink, a Django process."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group

from portal.accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.applications.factories import CompanyFactory, CompanyMemberFactory
from tests.conftest import BASE_DIR, database_url_for_subprocess

from .smtp_sink import SmtpSink


def wait_for(predicate, *, timeout: float = 120.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def run_django(script: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``script`` in a new Python process with Django set up on the test database (a web process of its
    own, with the environment given: say, a broker that is down)."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": database_url_for_subprocess(),
            "DJANGO_SETTINGS_MODULE": "portal.settings.base",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def user_with_role(role: Role, **kwargs):
    user = UserFactory(**kwargs)
    group, _created = Group.objects.get_or_create(name=str(role))
    user.groups.add(group)
    return user


@pytest.fixture
def company_with_members(db):
    company = CompanyFactory()
    members = [
        CompanyMemberFactory(company=company, user=UserFactory(language="ko")).user,
        CompanyMemberFactory(company=company, user=UserFactory(language="en")).user,
    ]
    return company, members


@pytest.fixture
def staff_user(db):
    return user_with_role(Role.TECHNOPARK_STAFF, language="en")


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_mailer(settings, smtp_sink):
    """The test process sends through the sink (the worker gets EMAIL_URL instead)."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_sink.port, "timeout": 5},
        }
    }
    return smtp_sink
