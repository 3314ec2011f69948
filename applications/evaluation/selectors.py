"""Reads of the evaluation, scoped to who asks, with their joins done.

``ranking`` is the aggregate: every figure is computed by the database in one query (aggregates over the
submitted sheets of each application, window functions for the rank and the running budget), on SQLite and
PostgreSQL alike.
"""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RowRange
from django.db.models.functions import Cast, Coalesce, Rank, Round
from django.db.models.lookups import GreaterThanOrEqual
from django.http import Http404
from django.shortcuts import get_object_or_404

from applications.models import Application, ApplicationFile, ApplicationItem, VaultDocument
from applications.review.versions import current_content
from applications.workflow import ApplicationStatus
from programs.enums import DocumentType
from programs.models import Call

from .enums import ConflictKind, SheetStatus
from .models import Assignment, BonusAward, Challenge, Committee, ConflictDeclaration, CriterionScore, ScoreSheet

S = ApplicationStatus
BUDGET_PARTS = ("city_support_krw", "company_cash_krw", "company_inkind_krw")
# With this many submitted totals or more, the highest and the lowest are dropped before averaging.
TRIM_FROM = 5
DECIDED_STATUSES = (S.SELECTED, S.NOT_SELECTED, S.WAITLISTED, S.AGREEMENT, S.IN_PROGRESS, S.COMPLETED)


def committee_of(*, call: Call) -> Committee | None:
    return Committee.objects.filter(call=call).select_related("call__program", "closed_by").first()


def _submitted_totals() -> QuerySet[ScoreSheet]:
    """The submitted totals of the active experts of the outer application, grouped by it."""
    return (
        ScoreSheet.objects.filter(
            assignment__application=OuterRef("pk"), assignment__is_active=True, status=SheetStatus.SUBMITTED
        )
        .order_by()
        .values("assignment__application")
    )


def ranking(*, call: Call) -> QuerySet[Application]:
    """The call's evaluated applications, best first, annotated with:

    ``n_scores``, ``average`` (of the submitted totals of active experts; with 5 or more, without one highest
    and one lowest), ``bonus``, ``final`` (average + bonus), ``passed`` (final ≥ the committee's cut-off),
    ``rank``, ``city_support`` (requested, KRW), ``running_total`` (requested support of this row and all above)
    and ``remaining_budget`` (the call's budget minus the running total).
    """
    n = Count("pk")
    total = Cast(Sum("total"), FloatField())
    trimmed = (total - Cast(Max("total"), FloatField()) - Cast(Min("total"), FloatField())) / (n - 2)
    average = Case(When(GreaterThanOrEqual(n, TRIM_FROM), then=trimmed), default=total / n, output_field=FloatField())
    city = (
        ApplicationItem.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(s=Sum("city_support_krw"))
        .values("s")
    )
    bonus = (
        BonusAward.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(s=Sum("points"))
        .values("s")
    )
    evaluated = Assignment.objects.filter(committee__call=call).values("application_id")
    order = [F("final").desc(nulls_last=True), F("receipt_number").asc()]
    return (
        Application.objects.filter(call=call)
        .filter(Q(status=S.EVALUATION) | Q(status__in=DECIDED_STATUSES, pk__in=evaluated))
        .select_related("company")
        .annotate(
            n_scores=Coalesce(Subquery(_submitted_totals().annotate(n=n).values("n")), Value(0)),
            average=Round(Subquery(_submitted_totals().annotate(a=average).values("a"), output_field=FloatField()), 3),
            city_support=Coalesce(Subquery(city, output_field=IntegerField()), Value(0)),
            bonus=Coalesce(Cast(Subquery(bonus), FloatField()), Value(0.0)),
            cutoff=F("call__committee__cutoff_score"),
        )
        .annotate(final=Round(F("average") + F("bonus"), 3))
        .annotate(
            passed=ExpressionWrapper(Q(final__gte=F("cutoff")), output_field=BooleanField()),
            rank=Window(Rank(), order_by=F("final").desc(nulls_last=True)),
            running_total=Window(Sum("city_support"), order_by=order, frame=RowRange(start=None, end=0)),
        )
        .annotate(remaining_budget=Value(call.budget_krw) - F("running_total"))
        .order_by(*order)
    )


# --- the expert's side -----------------------------------------------------------------------------------


def expert_assignments(*, user) -> QuerySet[Assignment]:
    """The expert's active assignments (a declared conflict makes one inactive: it disappears from here)."""
    return (
        Assignment.objects.filter(expert=user, is_active=True)
        .select_related("application__company", "application__call__program", "committee", "declaration", "sheet")
        .order_by("-committee__call__year", "application__receipt_number", "pk")
    )


def expert_assignment(*, user, pk: int) -> Assignment:
    """One of the expert's active assignments, or 404 (unassigned, removed and other experts' are all 404)."""
    return get_object_or_404(expert_assignments(user=user), pk=pk)


def sheet_with_scores(*, assignment: Assignment) -> tuple[ScoreSheet | None, dict[int, CriterionScore]]:
    sheet = getattr(assignment, "sheet", None)
    if sheet is None:
        return None, {}
    return sheet, {row.criterion_id: row for row in sheet.scores.all()}


def committee_results(*, assignment: Assignment) -> dict:
    """The committee's result for the expert's application: only once the evaluation is closed."""
    if not assignment.committee.is_closed:
        raise PermissionError("the evaluation is not closed")
    application = assignment.application
    sheets = (
        ScoreSheet.objects.filter(
            assignment__application=application, assignment__is_active=True, status=SheetStatus.SUBMITTED
        )
        .select_related("assignment__expert")
        .order_by("-total", "assignment__expert__full_name")
    )
    aggregate = ranking(call=assignment.committee.call).filter(pk=application.pk).first()
    return {"sheets": list(sheets), "aggregate": aggregate}


# --- the staff side --------------------------------------------------------------------------------------


def committee_progress(*, committee: Committee) -> dict[str, int]:
    """Counts of the committee's work, in one query."""
    return Assignment.objects.filter(committee=committee).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        removed=Count("pk", filter=Q(is_active=False)),
        declared=Count("pk", filter=Q(is_active=True, declaration__isnull=False)),
        drafts=Count("pk", filter=Q(is_active=True, sheet__status=SheetStatus.DRAFT)),
        submitted=Count("pk", filter=Q(is_active=True, sheet__status=SheetStatus.SUBMITTED)),
    )


SCREENING_STATUSES = (S.SUBMITTED, S.SCREENING, S.REVISION_REQUESTED, S.REVISION_SUBMITTED)


def close_consequences(*, committee: Committee) -> dict[str, int]:
    """What closing the evaluation leaves behind: active assignments without a submitted sheet, and applications of
    the call still in screening (they will not be evaluated by this committee)."""
    return {
        "open_sheets": Assignment.objects.filter(committee=committee, is_active=True)
        .exclude(sheet__status=SheetStatus.SUBMITTED)
        .count(),
        "in_screening": Application.objects.filter(call_id=committee.call_id, status__in=SCREENING_STATUSES).count(),
    }


def assignment_grid(*, committee: Committee) -> QuerySet[Application]:
    """The applications in evaluation (and decided ones that had experts) with their assignments prefetched."""
    assignments = Assignment.objects.select_related("expert", "declaration", "sheet").order_by("assigned_at", "pk")
    evaluated = Assignment.objects.filter(committee=committee).values("application_id")
    return (
        Application.objects.filter(call_id=committee.call_id)
        .filter(Q(status=S.EVALUATION) | Q(status__in=DECIDED_STATUSES, pk__in=evaluated))
        .select_related("company")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by("receipt_number", "pk")
    )


def conflict_records(*, committee: Committee) -> QuerySet[ConflictDeclaration]:
    return (
        ConflictDeclaration.objects.filter(assignment__committee=committee)
        .exclude(kind=ConflictKind.NONE)
        .select_related("assignment__expert", "assignment__application__company")
        .order_by("-declared_at")
    )


def challenges(*, committee: Committee) -> QuerySet[Challenge]:
    return (
        Challenge.objects.filter(application__call_id=committee.call_id)
        .select_related("application__company", "expert", "entered_by", "decided_by")
        .order_by("-entered_at", "-pk")
    )


def score_rows(*, committee: Committee) -> QuerySet[CriterionScore]:
    """Every criterion score of every submitted sheet of the committee, for the export."""
    return (
        CriterionScore.objects.filter(sheet__assignment__committee=committee, sheet__status=SheetStatus.SUBMITTED)
        .select_related("criterion", "sheet__assignment__expert", "sheet__assignment__application__company")
        .order_by(
            "sheet__assignment__application__receipt_number",
            "sheet__assignment__expert__full_name",
            "sheet__assignment__expert_id",
            "criterion__order",
            "criterion_id",
        )
    )


def expert_reading(*, assignment: Assignment) -> dict:
    """What the expert reads of the application, as the company sent it (the submission or its last revision):
    the plan, the budget per item with totals, the expected outcomes, and the documents the call opens to experts
    (``Committee.evaluator_documents``) with the application's own files."""
    content = current_content(assignment.application)
    items = [
        {**row, "total_krw": sum(int(row.get(key) or 0) for key in BUDGET_PARTS)} for row in content.get("items") or []
    ]
    totals = {key: sum(int(row.get(key) or 0) for row in items) for key in (*BUDGET_PARTS, "total_krw")}
    allowed = set(assignment.committee.evaluator_documents or [])
    documents = [
        {**row, "doc_label": DocumentType(row["doc_type"]).label if row.get("doc_type") in DocumentType.values else ""}
        for row in content.get("attachments") or []
        if row.get("doc_type") in allowed
    ]
    return {
        "content": content,
        "items": items,
        "totals": totals,
        "documents": documents,
        "files": content.get("files") or [],
    }


def expert_document(*, assignment: Assignment, document_id: int):
    """The vault document ``document_id`` if the expert may open it (in the application as sent, of a type the
    call opens to experts), else 404."""
    if document_id not in {row.get("document_id") for row in expert_reading(assignment=assignment)["documents"]}:
        raise Http404
    return get_object_or_404(VaultDocument, pk=document_id, company_id=assignment.application.company_id)


def expert_file(*, assignment: Assignment, file_id: int):
    if file_id not in {row.get("file_id") for row in expert_reading(assignment=assignment)["files"]}:
        raise Http404
    return get_object_or_404(ApplicationFile, pk=file_id, application_id=assignment.application_id)
