"""A request id for every request: on every log line of the request, in the X-Request-ID response header and on
the error pages, so that a person who quotes it leads operators to the log lines of what went wrong.

The id is the proxy's (X-Request-ID, when REQUEST_ID_FROM_PROXY is on and the value looks like an id: nginx sets
one per request and replaces any value from the client), else a new uuid4. It lives in a context variable from
``request_started`` to ``request_finished``; ``RequestIdFilter`` copies it onto each log record, and tasks queued
during the request carry it in their message headers to the worker's log lines.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings

HEADER = "X-Request-ID"
_request_id: ContextVar[str] = ContextVar("request_id", default="")
VALID_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")


def current_request_id() -> str:
    """The id of the request (or task) being handled; empty outside one."""
    return _request_id.get()


def incoming_request_id(value: str | None) -> str:
    """The proxy's id when it is trusted and well formed, else a new one."""
    if settings.REQUEST_ID_FROM_PROXY and value and VALID_ID.fullmatch(value):
        return value
    return str(uuid.uuid4())


def enter_request(environ=None, **kwargs) -> None:
    """``request_started``: the id is set before Django's handler runs, so that every line of the request has it,
    including those Django writes after the middleware returns (``django.request``'s "Not Found: …")."""
    incoming = environ.get("HTTP_X_REQUEST_ID") if environ else None
    _request_id.set(incoming_request_id(incoming))


def leave_request(**kwargs) -> None:
    """``request_finished`` (the response was sent, a streamed file to its end): no id until the next request."""
    _request_id.set("")


class RequestIdMiddleware:
    """Gives the request its id (the one ``enter_request`` set) as ``request.request_id`` and returns it in the
    X-Request-ID header. First in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = current_request_id()
        if not request_id:  # a handler that sent no request_started (a RequestFactory request in a test)
            request_id = incoming_request_id(request.headers.get(HEADER))
            _request_id.set(request_id)
        request.request_id = request_id
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record ("-" outside a request), for the plain and the JSON formats."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


def add_request_id_header(headers: dict | None = None, **kwargs) -> None:
    """Celery's ``before_task_publish``: a task queued during a request carries the request's id."""
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault("request_id", request_id)


def enter_task_request_id(task=None, **kwargs) -> None:
    """Celery's ``task_prerun``: the task's log lines carry the id of the request that queued it."""
    request_id = getattr(task.request, "request_id", None) if task is not None else None
    _request_id.set(request_id or "")


def leave_task_request_id(**kwargs) -> None:
    """Celery's ``task_postrun``: the next task in this worker process starts without an id."""
    _request_id.set("")
