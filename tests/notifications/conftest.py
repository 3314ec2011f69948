"""Fixtures of the notifications tests: people in their roles, a company, an SMTP sink."""

import time
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group

from portal.accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.applications.factories import CompanyFactory, CompanyMemberFactory

from .smtp_sink import SmtpSink


def wait_for(predicate, *, timeout: float = 120.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def user_with_role(role: Role, **kwargs):
    user = UserFactory(**kwargs)
    group, _created = Group.objects.get_or_create(name=str(role))
    user.groups.add(group)
    return user


@pytest.fixture(autouse=True)
def _publish_at_commit(settings):
    """Here the on-commit publish happens in the committing thread, so that a test sees the broker message as
    soon as the callback ran. The background publisher of production has its own tests (test_publishing.py),
    and the reliability tests run with it."""
    settings.NOTIFICATIONS_PUBLISH_IN_BACKGROUND = False


@pytest.fixture
def publish_in_background(settings):
    settings.NOTIFICATIONS_PUBLISH_IN_BACKGROUND = True


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
