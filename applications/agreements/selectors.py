"""The reads of the agreements, scoped to who asks: staff through the review app's calls, a company through its
membership (another company's application is a 404)."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationItem
from applications.permissions import membership_of
from applications.review.permissions import staff_calls
from applications.selectors.due import DueItem, FiledItem
from programs.models import SupportItem

from .models import Agreement, AgreementItem, AgreementVersion


def _versions() -> Prefetch:
    return Prefetch(
        "versions",
        queryset=AgreementVersion.objects.select_related("created_by", "issued_by", "confirmed_by").prefetch_related(
            Prefetch("lines", queryset=AgreementItem.objects.select_related("support_item")), "milestones"
        ),
    )


def agreement_of(application: Application) -> Agreement | None:
    """The application's agreement with its versions, lines and milestones (a fixed number of queries)."""
    return Agreement.objects.filter(application=application).prefetch_related(_versions()).first()


def staff_agreement_application(*, user, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.filter(call__in=staff_calls(user), receipt_number__isnull=False)
        .select_related("company", "call", "call__program")
        .prefetch_related(Prefetch("items", queryset=ApplicationItem.objects.select_related("support_item"))),
        pk=pk,
    )


def company_agreement_application(*, user, pk: int) -> Application:
    membership = membership_of(user)
    applications: QuerySet[Application] = (
        Application.objects.none()
        if membership is None
        else Application.objects.filter(company_id=membership.company_id)
    )
    return get_object_or_404(applications.select_related("company", "call", "call__program"), pk=pk)


def call_support_items(application: Application) -> list[SupportItem]:
    return list(SupportItem.objects.filter(call_id=application.call_id).order_by("order", "pk"))


def company_due_items(*, company, today) -> list[DueItem]:
    """An agreement sent to the company and not confirmed yet, due by the call's agreement deadline (one query)."""
    versions = (
        AgreementVersion.objects.filter(
            agreement__application__company=company, issued_at__isnull=False, confirmed_at__isnull=True
        )
        .select_related("agreement__application", "agreement__application__call")
        .order_by("agreement_id", "number")
    )
    items = []
    for version in versions:
        application = version.agreement.application
        due_on = application.call.agreement_due_on
        items.append(
            DueItem(
                title=_("Confirm the agreement") if version.number == 1 else _("Confirm the changed agreement"),
                project=application.project_label,
                due_on=due_on,
                url=reverse("applications:agreement", args=[application.pk]),
                overdue=due_on is not None and due_on < today and version.number == 1,
            )
        )
    return items


def company_filed_items(*, company) -> list[FiledItem]:
    """The agreement versions the company confirmed (one query)."""
    versions = (
        AgreementVersion.objects.filter(agreement__application__company=company, confirmed_at__isnull=False)
        .select_related("agreement__application")
        .order_by("-confirmed_at")
    )
    return [
        FiledItem(
            at=version.confirmed_at,
            title=_("Agreement version %(number)s confirmed") % {"number": version.number},
            project=version.agreement.application.project_label,
            url=reverse("applications:agreement", args=[version.agreement.application_id]),
        )
        for version in versions
    ]
