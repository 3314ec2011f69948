"""The answer to an unhandled error: 503 with ``Retry-After`` when a service the portal needs is unavailable for a
while (the database restarting or unreachable, the upload disk full), the 500 page otherwise.

Installed as ``handler500`` (``portal/urls.py``). Django calls it while it handles the exception, wherever it was
raised (a view, a middleware loading the session or the user, a template), so ``sys.exc_info()`` names the error.
The page is rendered without the request's context processors: they may query the database that just failed.
Requests under ``/api/`` get JSON.
"""

import errno
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from .views import server_error as plain_server_error

# Seconds a client should wait before trying again: a database restart or a failover takes a few seconds.
RETRY_AFTER_SECONDS = 30
DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


def unavailable_reason(error: BaseException | None) -> str | None:
    """``"database"`` or ``"storage"`` when ``error`` means that service is unavailable for a while, else ``None``."""
    if isinstance(error, (OperationalError, InterfaceError)):
        return "database"
    if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS:
        return "storage"
    return None


def server_error(request: HttpRequest) -> HttpResponse:
    reason = unavailable_reason(sys.exc_info()[1])
    if reason is None:
        return plain_server_error(request)
    message = (
        _("The portal cannot store files right now. Nothing was saved; please try again later.")
        if reason == "storage"
        else _("The portal is briefly unavailable. Nothing was lost; please try again in a moment.")
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "service_unavailable"}, status=503)
    else:
        body = loader.get_template("503.html").render(
            {"message": message, "retry_after": RETRY_AFTER_SECONDS, "REQUEST_ID": getattr(request, "request_id", "")}
        )
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
