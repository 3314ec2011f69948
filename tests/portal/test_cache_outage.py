"""Redis, the shared cache, unreachable (it is also the broker: both stop together): the cache answers like an empty
one, and a signed-in company still reads its pages and submits, from the database. A real Redis client against a
port where nothing listens."""

import socket

import pytest
from django.core.cache import cache
from django.urls import reverse

from applications.models import Application
from tests.applications.apply_setup import ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.health.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/1",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as production has it with Redis


def test_the_cache_answers_like_an_empty_one(redis_down):
    cache.set("key", 1)
    assert cache.get("key", "missing") == "missing"
    assert cache.get_many(["key"]) == {}
    assert cache.add("key", 1) is False
    assert cache.has_key("key") is False
    assert cache.delete("key") is False
    with pytest.raises(ValueError):
        cache.incr("key")


def test_a_company_signs_in_reads_and_submits_while_redis_is_down(client, redis_down):
    application = ready_application()
    client.force_login(application.company.members.get().user)
    assert client.get(reverse("applications:vault")).status_code == 200

    response = client.post(
        reverse("applications:application_submit", args=[application.pk]), {"version": application.version}
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).receipt_number
    assert client.get(reverse("applications:application_receipt", args=[application.pk])).status_code == 200
