"""Staff pages cached under the review version of their call (``review_versions``).

A page's key holds: the call, the call's version and the shared version as read at the start of the request, the
language, today's date (documents expire), the query string (filters, sort, page) and a digest of the code and
translations that render it. Any committed change to what the page shows raises a version, so the next request
misses and renders again; nothing is invalidated by hand, and a per-process cache is as correct as a shared one.
``REVIEW_PAGE_CACHE_SECONDS = 0`` turns the cache off.
"""

import functools
import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_ROOT = Path(__file__).resolve().parent


@functools.cache
def code_digest() -> str:
    """What renders the cached parts: these sources, their templates and the Korean catalogue."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    paths = [
        *sorted(_ROOT.glob("**/*.py")),  # views/ included
        *sorted((_ROOT.parent / "evaluation").glob("**/*.py")),
        *sorted((base / "templates" / "review").glob("*.html")),
        *sorted((base / "templates" / "evaluation").glob("**/*.html")),
        base / "portal" / "locale" / "ko" / "LC_MESSAGES" / "django.mo",
    ]
    for path in paths:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def page_key(*, page: str, call, query: QueryDict, today: date) -> str:
    """``call`` carries ``review_version`` and ``shared_version`` (``selectors.staff_calls_versioned``)."""
    pairs = sorted((name, value) for name, values in query.lists() for value in values)
    query_digest = hashlib.sha256(repr(pairs).encode()).hexdigest()[:24]
    return ":".join(
        [
            "review-page",
            page,
            code_digest(),
            str(call.pk),
            str(call.review_version),
            str(call.shared_version),
            get_language() or settings.LANGUAGE_CODE,
            today.isoformat(),
            query_digest,
        ]
    )


def cached_fragment(key: str, render: Callable[[], str]) -> SafeString:
    """The HTML cached under ``key``, or ``render()`` cached now."""
    seconds = settings.REVIEW_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return mark_safe(render())
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=seconds)
    return mark_safe(html)
