"""Friendly error pages for requests Django refuses before any view runs."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: a body over the limits answers 413 with the limit named; anything else 400."""
    too_large = isinstance(exception, RequestDataTooBig)
    context = {
        "too_large": too_large,
        "file_limit": filesizeformat(settings.PORTAL_UPLOAD_MAX_BYTES),
        "form_limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
    }
    return render(request, "400.html", context, status=413 if too_large else 400)
