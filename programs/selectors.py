"""Reads of the programs app: each returns a queryset with its joins done, so that a page or an API
answer makes a fixed number of queries whatever the number of calls, items and rules."""

from datetime import datetime

from django.db.models import Case, DateTimeField, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from .enums import CallStatus
from .models import Call, EligibilityRule, Program, SupportItem

# The phase a call is in, as the catalogue groups them (annotated as ``phase``).
PHASE_OPEN = 0
PHASE_UPCOMING = 1
PHASE_CLOSED = 2


def _active_rules() -> Prefetch:
    return Prefetch(
        "eligibility_rules",
        queryset=EligibilityRule.objects.filter(is_active=True).order_by("order", "pk"),
    )


def _items() -> Prefetch:
    return Prefetch("support_items", queryset=SupportItem.objects.order_by("order", "pk"))


def _public_calls() -> QuerySet[Call]:
    """Calls a visitor may see: every announced call (drafts stay with staff)."""
    return Call.objects.exclude(status=CallStatus.DRAFT).select_related("program")


def _open_q(now: datetime) -> Q:
    return Q(status=CallStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now)


def catalogue_calls(*, at: datetime | None = None) -> QuerySet[Call]:
    """Calls for the public catalogue: open ones first by deadline, then upcoming ones by opening,
    then closed ones by year (newest first). Each call is annotated with ``phase``
    (``PHASE_OPEN``, ``PHASE_UPCOMING`` or ``PHASE_CLOSED``) and comes with its program and
    support items."""
    now = at or timezone.now()
    phase = Case(
        When(_open_q(now), then=Value(PHASE_OPEN)),
        When(status=CallStatus.PUBLISHED, opens_at__gt=now, then=Value(PHASE_UPCOMING)),
        default=Value(PHASE_CLOSED),
        output_field=IntegerField(),
    )
    sort_at = Case(
        When(_open_q(now), then=F("closes_at")),
        When(status=CallStatus.PUBLISHED, opens_at__gt=now, then=F("opens_at")),
        default=Value(None),
        output_field=DateTimeField(),
    )
    return (
        _public_calls()
        .annotate(phase=phase, sort_at=sort_at)
        .prefetch_related(_items())
        .order_by("phase", "sort_at", "-year", "program__letter", "pk")
    )


def open_calls(*, at: datetime | None = None) -> QuerySet[Call]:
    """Calls accepting applications now, soonest deadline first, with their active rules and items."""
    now = at or timezone.now()
    return (
        Call.objects.filter(_open_q(now))
        .select_related("program")
        .prefetch_related(_active_rules(), _items())
        .order_by("closes_at", "program__letter", "pk")
    )


def listed_calls(*, at: datetime | None = None, is_open: bool | None = None) -> QuerySet[Call]:
    """The catalogue's calls in its order with their active rules too (for the API): all of them,
    only the open ones (``is_open=True``) or only the others (``is_open=False``)."""
    calls = catalogue_calls(at=at).prefetch_related(_active_rules())
    if is_open is None:
        return calls
    return calls.filter(phase=PHASE_OPEN) if is_open else calls.exclude(phase=PHASE_OPEN)


def calls_by_codes(*, codes: list[str]) -> QuerySet[Call]:
    """Announced calls with these codes, with their active rules and items (for the eligibility check)."""
    return (
        _public_calls()
        .filter(code__in=codes)
        .prefetch_related(_active_rules(), _items())
        .order_by("closes_at", "program__letter", "pk")
    )


def call_detail(*, code: str) -> Call | None:
    """One announced call with its program, support items and active rules; ``None`` when there is none."""
    return _public_calls().prefetch_related(_active_rules(), _items()).filter(code=code).first()


def programs_with_calls() -> QuerySet[Program]:
    """Every program with its announced calls (newest year first), for the API's program list."""
    calls = Call.objects.exclude(status=CallStatus.DRAFT).order_by("-year")
    return Program.objects.prefetch_related(Prefetch("calls", queryset=calls)).order_by("letter")
