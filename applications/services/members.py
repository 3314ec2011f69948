"""Members of a company: invitations by email, accepting them, removing members."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.roles import Role

from ..enums import MemberRole
from ..models import Company, CompanyInvitation, CompanyMember
from ..models.company import INVITATION_VALID_FOR
from ..permissions import can_manage_members, membership_of
from .emails import invitation_email_send


@transaction.atomic
def company_invitation_send(*, company: Company, acting_user, email: str) -> CompanyInvitation:
    """Invite ``email`` to the company (owners only); the mail goes out after commit. A new invitation to the
    same address replaces the earlier pending one."""
    if not can_manage_members(acting_user, company):
        raise PermissionDenied(_("Only an owner of the company may invite members."))
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter the email address to invite.")})
    if company.members.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s is already a member of this company.") % {"email": email}})
    now = timezone.now()
    company.invitations.filter(email__iexact=email, accepted_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    invitation = CompanyInvitation.objects.create(
        company=company, email=email, invited_by=acting_user, created_at=now, expires_at=now + INVITATION_VALID_FOR
    )
    transaction.on_commit(lambda: invitation_email_send(invitation_id=invitation.pk))
    return invitation


@transaction.atomic
def company_invitation_cancel(*, invitation: CompanyInvitation, acting_user) -> None:
    if not can_manage_members(acting_user, invitation.company):
        raise PermissionDenied(_("Only an owner of the company may cancel invitations."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."))
    CompanyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())


@transaction.atomic
def company_invitation_accept(*, invitation: CompanyInvitation, user) -> CompanyMember:
    """Join the company: the user must be signed in with the invited address and belong to no company yet."""
    invitation = CompanyInvitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    if not user.is_authenticated or user.email.lower() != invitation.email.lower():
        raise PermissionDenied(_("This invitation was sent to another email address."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if invitation.is_expired():
        raise ValidationError(
            _("This invitation has expired. Ask an owner of %(company)s to send a new one.")
            % {"company": invitation.company.name},
            code="expired",
        )
    if membership_of(user) is not None:
        raise ValidationError(
            _("You already belong to a company. A person can be a member of one company only."), code="member"
        )
    try:
        with transaction.atomic():
            member = CompanyMember.objects.create(company=invitation.company, user=user, role=MemberRole.MEMBER)
    except IntegrityError as error:
        raise ValidationError(
            _("You already belong to a company. A person can be a member of one company only."), code="member"
        ) from error
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    group, _created = Group.objects.get_or_create(name=Role.COMPANY_MEMBER.value)
    user.groups.add(group)
    return member


@transaction.atomic
def company_member_remove(*, member: CompanyMember, acting_user) -> None:
    """Remove a member (an owner removes anyone; a member may leave). The last owner cannot be removed."""
    company = member.company
    leaving = member.user_id == acting_user.pk
    if not (leaving or can_manage_members(acting_user, company)):
        raise PermissionDenied(_("Only an owner of the company may remove members."))
    # Lock the company's memberships so that two owners cannot remove each other at the same time.
    members = list(CompanyMember.objects.select_for_update().filter(company=company))
    current = next((m for m in members if m.pk == member.pk), None)
    if current is None:
        raise ValidationError(_("This person is no longer a member of the company."))
    owners = [m for m in members if m.role == MemberRole.OWNER]
    if current.role == MemberRole.OWNER and len(owners) == 1:
        raise ValidationError(
            _("The last owner cannot be removed. Make another member an owner first."), code="last_owner"
        )
    current.delete()


@transaction.atomic
def company_member_role_set(*, member: CompanyMember, acting_user, role: MemberRole) -> CompanyMember:
    """Make a member an owner or an owner a member (owners only); the last owner stays an owner."""
    if not can_manage_members(acting_user, member.company):
        raise PermissionDenied(_("Only an owner of the company may change roles."))
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    members = list(CompanyMember.objects.select_for_update().filter(company_id=member.company_id))
    current = next((m for m in members if m.pk == member.pk), None)
    if current is None:
        raise ValidationError(_("This person is no longer a member of the company."))
    owners = [m for m in members if m.role == MemberRole.OWNER]
    if current.role == MemberRole.OWNER and role != MemberRole.OWNER and len(owners) == 1:
        raise ValidationError(_("The company needs at least one owner."), code="last_owner")
    if current.role != role:
        current.role = role
        current.save(update_fields=["role"])
    return current
