"""Reads of companies and their vaults, scoped to what the user may see, with their joins done."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from programs.eligibility import CompanyFacts

from .models import Company, CompanyInvitation, CompanyMember, CompanyProfileChange, CompanyRevenue, VaultDocument
from .permissions import membership_of

PROFILE_HISTORY_LIMIT = 50


def user_company(*, user) -> Company | None:
    """The company of the user with its revenues prefetched, or ``None``."""
    membership = membership_of(user)
    if membership is None:
        return None
    return (
        Company.objects.prefetch_related(Prefetch("revenues", queryset=CompanyRevenue.objects.order_by("-year")))
        .filter(pk=membership.company_id)
        .first()
    )


def company_profile_history(*, company: Company, limit: int = PROFILE_HISTORY_LIMIT) -> list[CompanyProfileChange]:
    return list(company.profile_changes.select_related("changed_by").order_by("-changed_at", "-id")[:limit])


def company_members(*, company: Company) -> QuerySet[CompanyMember]:
    return company.members.select_related("user").order_by("joined_at", "id")


def company_pending_invitations(*, company: Company) -> QuerySet[CompanyInvitation]:
    return company.invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now()).select_related(
        "invited_by"
    )


def member_for_user(*, user, pk: int) -> QuerySet[CompanyMember]:
    """The member ``pk`` if it belongs to the user's company (an empty queryset otherwise)."""
    membership = membership_of(user)
    if membership is None:
        return CompanyMember.objects.none()
    return CompanyMember.objects.select_related("user", "company").filter(pk=pk, company_id=membership.company_id)


def invitations_for_user(*, user) -> QuerySet[CompanyInvitation]:
    """Invitations of the user's company (for owners to cancel)."""
    membership = membership_of(user)
    if membership is None:
        return CompanyInvitation.objects.none()
    return CompanyInvitation.objects.filter(company_id=membership.company_id)


def invitation_for_recipient(*, user, token: str) -> QuerySet[CompanyInvitation]:
    """The invitation with this token if it was sent to the user's email address."""
    if not getattr(user, "is_authenticated", False):
        return CompanyInvitation.objects.none()
    return CompanyInvitation.objects.select_related("company", "invited_by").filter(
        token=token, email__iexact=user.email
    )


def vault_documents(*, user, current_only: bool = True) -> QuerySet[VaultDocument]:
    """The documents of the user's company (only the current version of each by default)."""
    membership = membership_of(user)
    if membership is None:
        return VaultDocument.objects.none()
    documents = VaultDocument.objects.filter(company_id=membership.company_id).select_related("uploaded_by")
    if current_only:
        documents = documents.filter(is_current=True)
    return documents.order_by("doc_type", "-uploaded_at", "-id")


def company_facts(*, company: Company, on: date | None = None) -> CompanyFacts:
    """The eligibility engine's facts from a company profile (prefetch ``revenues`` for a fixed query count).

    A valid SME certificate today says ``sme_certified=True``; without one the fact is unknown (``None``), so the
    rule asks for the certificate or judges by revenue. Concurrent supported tasks are not known yet.
    """
    on = on or timezone.localdate()
    headcounts = tuple(count for count in company.monthly_headcounts or [] if count is not None)
    return CompanyFacts(
        business_number=company.business_number,
        addresses=company.addresses(),
        regular_employees=company.regular_employees,
        monthly_headcounts=headcounts or None,
        ksic_code=company.ksic_code or None,
        ksic_revision=company.ksic_revision,
        annual_revenue_krw=company.average_revenue_krw,
        total_assets_krw=company.total_assets_krw,
        sme_certified=True if company.sme_certificate_valid(on) else None,
        located_since=company.located_since,
        founded_on=company.founded_on,
        concurrent_supported_tasks=None,
        as_of=on,
    )
