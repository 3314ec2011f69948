from dataclasses import dataclass

from django.conf import settings
from django.db import connections

from .models import WorkerHeartbeat


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def database_check() -> Check:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not reachable"
        return Check("database", False, f"{type(error).__name__}: {error}".strip()[:300])
    return Check("database", True, connections["default"].vendor)


def broker_check(*, timeout: float = 2.0) -> Check:
    from portal.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
            transport = connection.transport_cls
    except Exception as error:
        return Check("broker", False, f"{type(error).__name__}: {error}".strip()[:300])
    return Check("broker", True, str(transport))


def last_heartbeat() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-recorded_at").first()


def readiness() -> list[Check]:
    return [database_check(), broker_check(timeout=getattr(settings, "READYZ_BROKER_TIMEOUT", 2.0))]
