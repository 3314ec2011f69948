"""Reads of a company's members and invitations, scoped to the user's company."""

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Company, CompanyInvitation, CompanyMember
from ..permissions import membership_of


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
