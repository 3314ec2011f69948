"""/healthz and /readyz: liveness, and readiness of the database and the broker."""

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.health.selectors import broker_check

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def closed_port() -> int:
    """A local TCP port with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A local TCP port that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_healthz_answers_without_checking_anything(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_is_ok_when_database_and_broker_answer(client):
    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "broker"}
    assert body["checks"]["database"] == {"ok": True, "detail": connection.vendor}
    assert body["checks"]["broker"]["ok"] is True
    assert body["last_worker_heartbeat"] is None


@pytest.mark.django_db
def test_readyz_reports_the_newest_worker_heartbeat(client):
    from django.utils import timezone

    from portal.health.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(worker="older", queued_at=timezone.now())
    newest = WorkerHeartbeat.objects.create(worker="newest", queued_at=timezone.now())

    body = client.get("/readyz").json()

    assert body["last_worker_heartbeat"] == newest.recorded_at.isoformat()


@pytest.mark.django_db
def test_readyz_is_503_naming_the_broker_when_nothing_listens(client, settings, closed_port):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["failing"] == ["broker"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is False
    assert str(closed_port) in body["checks"]["broker"]["detail"]


@pytest.mark.django_db
def test_readyz_gives_up_on_a_broker_that_never_answers(client, settings, silent_port):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent_port}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    settings.READYZ_BROKER_TIMEOUT = 0.5

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert "Timeout" in response.json()["checks"]["broker"]["detail"]


def test_broker_check_reaches_the_redis_named_in_settings(settings, require_redis_broker):
    check = broker_check(timeout=2.0)

    assert check.ok, check.detail
    assert check.detail == "redis"


def test_readyz_is_503_naming_the_database_when_it_is_unreachable(tmp_path, closed_port):
    """A whole portal process configured with a database nobody serves: /readyz answers, and says so."""
    env = {key: value for key, value in os.environ.items() if key not in {"CELERY_BROKER_URL", "ALLOWED_HOSTS"}}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        PORTAL_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"postgres://portal@127.0.0.1:{closed_port}/portal",
    )
    script = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/readyz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["failing"] == ["database"]
    assert answer["body"]["checks"]["broker"]["ok"] is True
    assert "OperationalError" in answer["body"]["checks"]["database"]["detail"]
    assert answer["body"]["last_worker_heartbeat"] is None
