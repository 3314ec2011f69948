import pytest

from .helpers import make_staff


@pytest.fixture
def staff(db):
    return make_staff("reviewer@example.com")


@pytest.fixture
def staff_client(client, staff):
    from .helpers import login_verified

    login_verified(client, staff)
    return client
