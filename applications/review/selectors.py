"""Reads of the staff pages: the calls with their counts, the queue of a call, one application for staff."""

import re
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from applications.models import Application, ApplicationDocument, ApplicationItem, ApplicationStatusChange
from applications.workflow import ApplicationStatus
from portal.compiled_query import CompiledQuery
from programs.models import Call, SupportItem

from .facts import queue_facts_sync
from .models import CompanyMessage, InternalComment, QueueFacts, ReviewChange, ScreeningCheck
from .permissions import is_staff_user, reviewed_calls, staff_calls
from .queue_forms import DOC_ANY, DOC_EXPIRED, DOC_MISSING, SORTS
from .review_versions import version_of

try:  # the evaluation app may not be installed (or not migrated yet): then the expert filter is hidden
    from applications.evaluation.models import Assignment
except ImportError:  # pragma: no cover - depends on the installation
    Assignment = None


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


def _versioned(calls: QuerySet[Call]) -> QuerySet[Call]:
    return calls.annotate(review_version=version_of(OuterRef("pk")), shared_version=version_of(ReviewChange.GLOBAL))


# Compiled once per process (``portal.compiled_query``): the staff pages' first query, on every request.
_VERSIONED_CALLS: dict[tuple[str, ...], CompiledQuery] = {}
_VERSIONED_CALL_BY_CODE = CompiledQuery(
    "programs.Call",
    lambda code: _versioned(reviewed_calls().select_related("program").filter(code=code)),
    {"code": "placeholder-code-of-no-call-5c1f"},
)


def staff_calls_versioned(user, *fields: str) -> list[Call]:
    """The user's calls (only ``fields``), each with ``review_version`` (its own) and ``shared_version`` (what all
    calls' pages show), read from the review-change rows in the same query: the key of the cached staff pages."""
    if not is_staff_user(user):
        return []
    query = _VERSIONED_CALLS.get(fields)
    if query is None:
        query = _VERSIONED_CALLS.setdefault(
            fields,
            CompiledQuery(
                "programs.Call",
                lambda: _versioned(reviewed_calls().only(*fields) if fields else reviewed_calls()),
            ),
        )
    return query.run()


def staff_call_versioned(*, user, code: str) -> Call:
    """One of the user's calls with its program and versions (as ``staff_calls_versioned``); 404 if not theirs."""
    found = _VERSIONED_CALL_BY_CODE.run(code=code) if is_staff_user(user) else []
    if not found:
        raise Http404
    return found[0]


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


def queue_choices(*, call: Call) -> tuple[list[SupportItem], list[tuple[int, str]] | None]:
    """The call's support items (in the call's order) and the experts with an active assignment in the call (by
    name), for the filter: one query, a UNION of the two lists. The experts are None when evaluation is not available.

    The experts are asked per expert (a few dozen users with an expert profile) whether one of their active
    assignments is in the call's committee: index probes, instead of joining every assignment of the call.
    """
    columns = ("kind", "pk", "key", "name_a", "name_b", "sort")
    items = (
        SupportItem.objects.filter(call=call)
        .annotate(kind=Value("item"), key=F("code"), name_a=F("name_ko"), name_b=F("name_en"), sort=F("order"))
        .values_list(*columns)
        .order_by()
    )
    rows = items
    if Assignment is not None:
        from django.contrib.auth import get_user_model

        assigned_here = Assignment.objects.filter(expert=OuterRef("pk"), is_active=True, committee__call=call)
        experts = (
            get_user_model()
            .objects.filter(expert_profile__isnull=False)
            .filter(Exists(assigned_here))
            .annotate(kind=Value("expert"), key=F("email"), name_a=F("full_name"), name_b=Value(""), sort=Value(0))
            .values_list(*columns)
            .order_by()
        )
        rows = items.union(experts, all=True).order_by()
    support_items, people = [], []
    for kind, pk, key, name_a, name_b, sort in rows:
        if kind == "item":
            support_items.append(
                SupportItem(pk=pk, call_id=call.pk, code=key, name_ko=name_a, name_en=name_b, order=sort)
            )
        else:
            people.append((name_a, key, pk))
    support_items.sort(key=lambda item: (item.order, item.pk))
    if Assignment is None:
        return support_items, None
    # By full name, then email; the label as User.__str__: the full name, else the email.
    return support_items, [(pk, full_name or email) for full_name, email, pk in sorted(people)]


def _search(queryset: QuerySet[Application], term: str) -> QuerySet[Application]:
    term = term.strip()
    condition = Q(queue_facts__company_name__icontains=term) | Q(receipt_number__icontains=term)
    digits = re.sub(r"[\s-]", "", term)
    if digits.isdigit():
        condition |= Q(queue_facts__business_number__contains=digits)
    return queryset.filter(condition)


def row_names(
    *, application_ids: list[int], items: list[SupportItem]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """For the page's applications: the names of the support items each chose (in the call's order) and of the
    experts actively assigned to each (in the order of assignment). One query: a UNION of the id pairs of the chosen
    items and the assignments with their expert's name.

    ``items`` are the call's support items (already read for the filter), so no item row is read twice.
    """
    columns = ("kind", "application_id", "ref", "name_a", "name_b", "at")
    no_time = Value(None, output_field=DateTimeField())
    rows = (
        ApplicationItem.objects.filter(application_id__in=application_ids)
        .annotate(kind=Value("item"), ref=F("support_item_id"), name_a=Value(""), name_b=Value(""), at=no_time)
        .values_list(*columns)
        .order_by()
    )
    if Assignment is not None:
        assignments = (
            Assignment.objects.filter(application_id__in=application_ids, is_active=True)
            .annotate(
                kind=Value("expert"),
                ref=F("id"),
                name_a=F("expert__full_name"),
                name_b=F("expert__email"),
                at=F("assigned_at"),
            )
            .values_list(*columns)
            .order_by()
        )
        rows = rows.union(assignments, all=True).order_by()
    position = {item.pk: (item.order, item.pk) for item in items}
    names = {item.pk: item.name for item in items}
    chosen: dict[int, list] = {pk: [] for pk in application_ids}
    assigned: dict[int, list] = {pk: [] for pk in application_ids}
    for kind, application_id, ref, name_a, name_b, at in rows:
        if kind == "item":
            chosen[application_id].append((position.get(ref, (0, ref)), names.get(ref, "")))
        else:
            assigned[application_id].append(((at, ref), name_a or name_b))  # as User.__str__
    return (
        {pk: [name for _key, name in sorted(pairs)] for pk, pairs in chosen.items()},
        {pk: [name for _key, name in sorted(pairs)] for pk, pairs in assigned.items()},
    )


def review_queue(
    *, call: Call, filters: dict[str, Any], today: date, with_related: bool = True
) -> QuerySet[Application]:
    """The call's submitted applications filtered and sorted, with what a queue row shows joined or prefetched.

    ``with_related=False`` leaves the chosen items and the assignments out (the queue page reads their names with
    ``row_names`` for the page's rows only).
    """
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
    prefetches = []
    if with_related:
        prefetches.append(
            Prefetch(
                "items",
                queryset=ApplicationItem.objects.select_related("support_item").order_by(
                    "support_item__order", "support_item_id"
                ),
            )
        )
    if with_related and Assignment is not None:
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
