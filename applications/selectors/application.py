"""Reads of applications, scoped to the user's company, with their joins done so that every page makes a fixed
number of queries whatever the number of applications, items, documents and history rows."""

from django.db.models import Prefetch, QuerySet

from programs.models import EligibilityRule, SupportItem

from ..models import (
    Application,
    ApplicationDocument,
    ApplicationFile,
    ApplicationItem,
    ApplicationStatusChange,
    CompanyRevenue,
)
from ..permissions import membership_of


def _items() -> Prefetch:
    return Prefetch(
        "items",
        queryset=ApplicationItem.objects.select_related("support_item").order_by("support_item__order", "pk"),
    )


def _history() -> Prefetch:
    return Prefetch(
        "status_changes",
        queryset=ApplicationStatusChange.objects.select_related("changed_by").order_by("changed_at", "id"),
    )


def company_applications(*, user) -> QuerySet[Application]:
    """The applications of the user's company, newest first, with call, items and history."""
    membership = membership_of(user)
    if membership is None:
        return Application.objects.none()
    return (
        Application.objects.filter(company_id=membership.company_id)
        .select_related("call", "call__program")
        .prefetch_related(_items(), _history())
        .order_by("-created_at", "-id")
    )


def application_for_user(*, user, pk: int) -> QuerySet[Application]:
    """The application ``pk`` of the user's company with everything its pages show (empty when not theirs)."""
    membership = membership_of(user)
    if membership is None:
        return Application.objects.none()
    return (
        Application.objects.filter(pk=pk, company_id=membership.company_id)
        .select_related("company", "call", "call__program", "created_by")
        .prefetch_related(
            _items(),
            _history(),
            Prefetch(
                "attachments",
                queryset=ApplicationDocument.objects.select_related("document").order_by("doc_type"),
            ),
            Prefetch("files", queryset=ApplicationFile.objects.order_by("uploaded_at", "id")),
            Prefetch("call__support_items", queryset=SupportItem.objects.order_by("order", "pk")),
            Prefetch(
                "call__eligibility_rules",
                queryset=EligibilityRule.objects.filter(is_active=True).order_by("order", "pk"),
            ),
            Prefetch("company__revenues", queryset=CompanyRevenue.objects.order_by("-year")),
        )
    )


def application_in_call(*, user, call_id: int) -> Application | None:
    """The company's application to this call (draft or not), or ``None``."""
    membership = membership_of(user)
    if membership is None:
        return None
    return Application.objects.filter(company_id=membership.company_id, call_id=call_id).first()
