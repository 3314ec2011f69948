"""Reads of the staff pages: the calls with their counts, the queue of a call, one application for staff."""

import re
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from applications.models import Application, ApplicationDocument, ApplicationItem, ApplicationStatusChange
from applications.workflow import ApplicationStatus
from programs.models import Call, SupportItem

from .facts import queue_facts_sync
from .models import CompanyMessage, InternalComment, QueueFacts, ScreeningCheck
from .permissions import staff_calls

try:  # the evaluation app may not be installed (or not migrated yet): then the expert filter is hidden
    from applications.evaluation.models import Assignment
except ImportError:  # pragma: no cover - depends on the installation
    Assignment = None

PAGE_SIZE = 50
DOC_MISSING = "missing"
DOC_EXPIRED = "expired"
DOC_ANY = "any"
# The queue's sort orders (the form offers them by key); each ends with a unique column, so pages never overlap.
SORTS = {
    "receipt": ("receipt_number", "pk"),
    "-receipt": ("-receipt_number", "-pk"),
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "company": ("queue_facts__company_name", "pk"),
    "-company": ("-queue_facts__company_name", "-pk"),
    "requested": ("queue_facts__requested_city_krw", "pk"),
    "-requested": ("-queue_facts__requested_city_krw", "-pk"),
    "status": ("status", "receipt_number"),
    "-status": ("-status", "receipt_number"),
}
# What the queue, its exports and the filter's call select read of a call (not the long descriptions).
QUEUE_CALL_FIELDS = ("id", "program_id", "year", "code", "title_ko", "title_en", "required_documents")
# What a queue row (and an export row) reads: the large content and the snapshot stay in the database.
QUEUE_ROW_FIELDS = (
    "id",
    "call_id",
    "company_id",
    "status",
    "receipt_number",
    "submitted_at",
    "queue_facts__company_name",
    "queue_facts__business_number",
    "queue_facts__verdict",
    "queue_facts__regular_employees",
    "queue_facts__employee_band",
    "queue_facts__requested_city_krw",
    "queue_facts__missing_required",
    "queue_facts__earliest_expiry",
)


def evaluation_available() -> bool:
    return Assignment is not None


def submitted_applications() -> QuerySet[Application]:
    """Applications that were submitted once (drafts are the company's own business)."""
    return Application.objects.filter(snapshot__isnull=False)


def staff_call(*, user, code: str) -> Call:
    return get_object_or_404(staff_calls(user), code=code)


def queue_calls(*, user) -> QuerySet[Call]:
    """The user's calls with what the queue shows of them (the call select lists them all)."""
    return staff_calls(user).select_related(None).only(*QUEUE_CALL_FIELDS)


def calls_with_counts(*, user, program: str = "") -> list[dict[str, Any]]:
    """The user's calls, each with its number of applications per status: two queries in all."""
    calls = list(staff_calls(user).filter(program__code=program) if program else staff_calls(user))
    counts: dict[int, dict[str, int]] = {call.pk: {} for call in calls}
    rows = (
        submitted_applications()
        .filter(call__in=[call.pk for call in calls])
        .values("call_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["call_id"]][row["status"]] = row["n"]
    return [
        {"call": call, "counts": status_counts(counts[call.pk]), "total": sum(counts[call.pk].values())}
        for call in calls
    ]


def status_counts(by_status: dict[str, int]) -> list[dict[str, Any]]:
    """Every queue status in the order of the workflow, with its count (zero included)."""
    return [
        {"status": status, "label": status.label, "count": by_status.get(status, 0)}
        for status in ApplicationStatus
        if status != ApplicationStatus.DRAFT
    ]


def call_status_counts(*, call: Call) -> dict[str, int]:
    """The number of the call's applications per status; builds missing queue facts.

    One aggregate query, answered from the ``application_queue_status`` index alone; the number of the call's
    queue facts rides along as a scalar subquery (an index-only count too), so that a call whose facts are
    complete (the usual case) costs no anti-join over its applications.
    """
    facts = QueueFacts.objects.filter(call=call).order_by().values("call").annotate(n=Count("*")).values("n")
    rows = list(
        submitted_applications()
        .filter(call=call)
        .values("status")
        .annotate(n=Count("*"), facts=Subquery(facts))
        .order_by()
    )
    counts = {row["status"]: row["n"] for row in rows}
    # Facts exist only for submitted applications of the call, so equal counts mean none is missing.
    if rows and (rows[0]["facts"] or 0) != sum(counts.values()):
        queue_facts_sync(call=call)
    return counts


def call_items(*, call: Call) -> QuerySet[SupportItem]:
    """The call's support items in the call's order (the item filter)."""
    return (
        SupportItem.objects.filter(call=call)
        .only("id", "call_id", "code", "name_ko", "name_en", "order")
        .order_by("order", "pk")
    )


def call_experts(*, call: Call) -> QuerySet | None:
    """The experts with an active assignment in the call, by name (the expert filter); None when evaluation is not
    available."""
    if Assignment is None:
        return None
    assigned_here = Assignment.objects.filter(expert=OuterRef("pk"), is_active=True, committee__call=call)
    return (
        get_user_model()
        .objects.filter(Exists(assigned_here))
        .only("id", "email", "full_name")
        .order_by("full_name", "email")
    )


def _search(queryset: QuerySet[Application], term: str) -> QuerySet[Application]:
    term = term.strip()
    condition = Q(queue_facts__company_name__icontains=term) | Q(receipt_number__icontains=term)
    digits = re.sub(r"[\s-]", "", term)
    if digits.isdigit():
        condition |= Q(queue_facts__business_number__contains=digits)
    return queryset.filter(condition)


def review_queue(*, call: Call, filters: dict[str, Any], today: date) -> QuerySet[Application]:
    """The call's submitted applications filtered and sorted, with what a queue row shows: the queue facts joined,
    the chosen support items and the active assignments (with their experts) prefetched, one query each for
    whichever rows are read (a page of the queue, or every row of an export)."""
    queryset = submitted_applications().filter(call=call)
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("item"):
        queryset = queryset.filter(
            Exists(ApplicationItem.objects.filter(application=OuterRef("pk"), support_item__code=filters["item"]))
        )
    if filters.get("verdict"):
        queryset = queryset.filter(queue_facts__verdict=filters["verdict"])
    if filters.get("band"):
        queryset = queryset.filter(queue_facts__employee_band=filters["band"])
    docs = filters.get("docs")
    missing, expired = Q(queue_facts__missing_required__gt=0), Q(queue_facts__earliest_expiry__lt=today)
    if docs == DOC_MISSING:
        queryset = queryset.filter(missing)
    elif docs == DOC_EXPIRED:
        queryset = queryset.filter(expired)
    elif docs == DOC_ANY:
        queryset = queryset.filter(missing | expired)
    if filters.get("expert") and Assignment is not None:
        queryset = queryset.filter(
            Exists(Assignment.objects.filter(application=OuterRef("pk"), expert_id=filters["expert"], is_active=True))
        )
    if filters.get("q"):
        queryset = _search(queryset, filters["q"])
    # Explicit orderings: the models' default orderings start with "application", which would join (and sort)
    # the applications table again inside each prefetch.
    prefetches = [
        Prefetch(
            "items",
            queryset=ApplicationItem.objects.select_related("support_item").order_by(
                "support_item__order", "support_item_id"
            ),
        )
    ]
    if Assignment is not None:
        prefetches.append(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(is_active=True)
                .select_related("expert")
                .order_by("assigned_at", "id"),
                to_attr="active_assignments",
            )
        )
    return (
        queryset.select_related("queue_facts")
        .only(*QUEUE_ROW_FIELDS)
        .prefetch_related(*prefetches)
        .order_by(*SORTS.get(filters.get("sort") or "receipt", SORTS["receipt"]))
    )


def staff_application(*, user, pk: int) -> Application:
    """One submitted application of the user's calls, with everything the staff detail shows (fixed queries)."""
    return get_object_or_404(
        submitted_applications()
        .filter(call__in=staff_calls(user))
        .select_related("company", "call", "call__program", "queue_facts")
        .prefetch_related(
            Prefetch("items", queryset=ApplicationItem.objects.select_related("support_item")),
            Prefetch("attachments", queryset=ApplicationDocument.objects.select_related("document")),
            "files",
            Prefetch(
                "status_changes",
                queryset=ApplicationStatusChange.objects.select_related("changed_by").order_by("changed_at", "id"),
            ),
            Prefetch("internal_comments", queryset=InternalComment.objects.select_related("author")),
            Prefetch("company_messages", queryset=CompanyMessage.objects.select_related("author")),
            Prefetch("screening_checks", queryset=ScreeningCheck.objects.select_related("checked_by")),
        ),
        pk=pk,
    )


def company_messages(*, application: Application) -> QuerySet[CompanyMessage]:
    """The Technopark's messages on an application, for the company's pages (newest first)."""
    return CompanyMessage.objects.filter(application=application).order_by("-created_at", "-id")


def company_recent_messages(*, company, limit: int = 5) -> QuerySet[CompanyMessage]:
    """The Technopark's latest messages on any application of ``company``, for its dashboard (one query)."""
    return (
        CompanyMessage.objects.filter(application__company=company)
        .select_related("application__call")
        .order_by("-created_at", "-id")[:limit]
    )
