import pytest
from django.utils import translation

from .helpers import make_staff


@pytest.fixture(autouse=True)
def _vault_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def staff(db):
    return make_staff("reviewer@example.com")


@pytest.fixture
def staff_client(client, staff):
    from .helpers import login_verified

    login_verified(client, staff)
    return client
