"""The public API's edge: a JSON parser that refuses bad bodies with 400 (or 413) instead of failing on them, an
exception handler that answers every refusal in JSON, and the anonymous throttle.

DRF's own parser reads the request stream itself, past Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``, and lets a body
nested a thousand levels deep raise ``RecursionError``. This one checks the declared length before reading a byte,
reads at most the limit, and turns every way a body can be wrong into a ``ParseError``.
"""

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.utils.translation import gettext, gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "too_large"


def body_limit() -> int | None:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large() -> BodyTooLarge:
    limit = body_limit()
    return BodyTooLarge(
        gettext("The request body is too large: at most %(limit)s bytes are accepted.") % {"limit": limit}
    )


def refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


class SafeJSONParser(JSONParser):
    """JSON bodies up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``, strictly UTF-8, no NaN or Infinity, any depth refused
    with 400 rather than a server error."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        limit = body_limit()
        request = (parser_context or {}).get("request")
        if request is not None and limit is not None:
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > limit:
                raise too_large()
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise too_large()
        try:
            return json.loads(raw.decode("utf-8"), parse_constant=refuse_constant)
        except RecursionError as error:
            raise ParseError(gettext("The request body is nested too deeply.")) from error
        except ValueError as error:  # UnicodeDecodeError, NaN, a number of more than 4,300 digits, bad syntax
            raise ParseError(gettext("The request body is not valid JSON.")) from error


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's answers, plus a JSON 413 for a body over Django's limit and a JSON 400 for any other request that
    Django finds suspicious (both would otherwise fall through to Django's HTML error pages)."""
    if isinstance(exc, RequestDataTooBig):
        exc = too_large()
    elif isinstance(exc, SuspiciousOperation):
        exc = ParseError(gettext("The request could not be read."))
    return exception_handler(exc, context)


class AnonymousApiThrottle(AnonRateThrottle):
    """Anonymous calls per client address, counted in the default cache; the rate is read on every request from
    ``settings.API_ANON_RATE`` (``API_ANON_RATE`` in the environment, e.g. ``120/minute``)."""

    def get_rate(self) -> str | None:
        return settings.API_ANON_RATE
