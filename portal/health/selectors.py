from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from kombu import Connection

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


def broker_connection(*, timeout: float) -> Connection:
    """A fresh connection to the broker named in settings now, bounded by ``timeout`` seconds.

    Built from ``settings`` rather than the Celery app, whose configuration is read once at
    first use: the check then always reports on the broker the settings name.
    """
    options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS or {})
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        # Without a read timeout a Redis that accepts but never answers would hold the request.
        options.update(socket_timeout=timeout, socket_connect_timeout=timeout)
    return Connection(settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=timeout)


def broker_check(*, timeout: float = 2.0) -> Check:
    try:
        with broker_connection(timeout=timeout) as connection:
            # One attempt: kombu's retries would sleep between tries and exceed the timeout.
            connection.ensure_connection(max_retries=0, timeout=timeout)
            transport = connection.transport.driver_name
    except Exception as error:
        return Check("broker", False, f"{type(error).__name__}: {error}".strip()[:300])
    return Check("broker", True, str(transport))


def last_heartbeat() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-recorded_at").first()


def readiness() -> list[Check]:
    return [database_check(), broker_check(timeout=getattr(settings, "READYZ_BROKER_TIMEOUT", 2.0))]
