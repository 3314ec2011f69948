"""The public results pages' cache: the rendered body of each page, per language and year (or the series), kept in
Django's cache framework until a figure changes.

The services that change a figure (a verified or reopened outcome report, a payment and its voiding, a settlement
review, a refund, a status move such as a selection, a confirmed agreement, the history import, a consent change,
a case study) call ``results_changed()`` inside their transaction: the cached pages are deleted once the
transaction commits, so a page is never stale after the change commits, and a rolled-back change leaves them.

This module imports nothing of the domain, so that any app may call it.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

FIRST_YEAR = 2019
SERIES = "series"
# Long: the pages are deleted when a figure changes; the timeout only bounds what a missed change could cost.
TIMEOUT = 24 * 60 * 60


def page_key(*, language: str, year: int | str) -> str:
    return f"reports:results:{language}:{year}"


def page_keys() -> list[str]:
    """Every key a public results page may be cached under: the series and each year up to next year, per language."""
    years = [SERIES, *range(FIRST_YEAR, timezone.localdate().year + 2)]
    return [page_key(language=code, year=year) for code, _name in settings.LANGUAGES for year in years]


def page_get(*, language: str, year: int | str) -> str | None:
    return cache.get(page_key(language=language, year=year))


def page_set(*, language: str, year: int | str, html: str) -> None:
    cache.set(page_key(language=language, year=year), html, TIMEOUT)


def pages_forget() -> None:
    cache.delete_many(page_keys())


def results_changed() -> None:
    """A figure of the results pages changed in the current transaction: forget the cached pages when it commits."""
    transaction.on_commit(pages_forget)
