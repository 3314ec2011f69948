import re

import pytest

from .factories import PASSWORD, UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def password() -> str:
    return PASSWORD


def link_in(body: str) -> str:
    """The first portal link in a mail body."""
    match = re.search(r"https?://[A-Za-z0-9.:_~/?=&%-]+/accounts/[A-Za-z0-9.:_~/?=&%-]+", body)
    assert match, body
    return match.group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]
