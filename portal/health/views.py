from django.http import HttpRequest, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import last_heartbeat, readiness


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive and answers; nothing else is checked."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer, 503 naming the ones that do not."""
    checks = readiness()
    failing = [check.name for check in checks if not check.ok]
    heartbeat = None if "database" in failing else last_heartbeat()
    body = {
        "status": "ok" if not failing else "unavailable",
        "failing": failing,
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
        "last_worker_heartbeat": heartbeat.recorded_at.isoformat() if heartbeat else None,
    }
    return JsonResponse(body, status=503 if failing else 200)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """The 500 page with the request's id to quote; rendered without context processors (the database or the cache
    may be what failed)."""
    html = render_to_string("500.html", {"REQUEST_ID": getattr(request, "request_id", "")})
    return HttpResponseServerError(html)
