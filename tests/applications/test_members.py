from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.enums import MemberRole
from applications.models import CompanyInvitation, CompanyMember
from applications.services import (
    company_invitation_accept,
    company_invitation_send,
    company_member_remove,
    company_member_role_set,
)

from .factories import CompanyInvitationFactory, CompanyMemberFactory, OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_owner_invites_by_email_sent_after_commit(client, django_capture_on_commit_callbacks):
    owner = OwnerFactory()
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("applications:member_invite"), {"email": "New.Colleague@Example.com"})
    assert response.status_code == 302
    assert len(callbacks) == 1
    invitation = CompanyInvitation.objects.get()
    assert invitation.email == "new.colleague@example.com"
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.colleague@example.com"]
    assert reverse("applications:invitation_accept", kwargs={"token": invitation.token}) in message.body
    assert owner.company.name in message.subject


def test_no_mail_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    owner = OwnerFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        company_invitation_send(company=owner.company, acting_user=owner.user, email="a@example.com")
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_member_who_is_not_owner_cannot_invite(client):
    member = CompanyMemberFactory()
    with pytest.raises(PermissionDenied):
        company_invitation_send(company=member.company, acting_user=member.user, email="a@example.com")
    client.force_login(member.user)
    assert client.post(reverse("applications:member_invite"), {"email": "a@example.com"}).status_code == 403


def test_inviting_an_existing_member_is_a_field_error(client):
    owner = OwnerFactory()
    colleague = CompanyMemberFactory(company=owner.company)
    client.force_login(owner.user)
    response = client.post(reverse("applications:member_invite"), {"email": colleague.user.email})
    assert response.status_code == 400
    assert "already a member" in response.context["form"].errors["email"][0]
    assert not CompanyInvitation.objects.exists()


def test_accept_with_the_invited_email(client):
    invitation = CompanyInvitationFactory(email="kim@example.com")
    user = UserFactory(email="kim@example.com")
    client.force_login(user)
    url = reverse("applications:invitation_accept", kwargs={"token": invitation.token})
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    member = CompanyMember.objects.get(user=user)
    assert member.company == invitation.company and member.role == MemberRole.MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.accepted_by == user
    assert user.groups.filter(name="company_member").exists()


def test_accept_with_another_email_is_refused(client):
    invitation = CompanyInvitationFactory(email="kim@example.com")
    other = UserFactory(email="lee@example.com")
    with pytest.raises(PermissionDenied):
        company_invitation_accept(invitation=invitation, user=other)
    client.force_login(other)
    url = reverse("applications:invitation_accept", kwargs={"token": invitation.token})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not CompanyMember.objects.filter(user=other).exists()


def test_expired_invitation_is_refused(client):
    invitation = CompanyInvitationFactory(email="kim@example.com", expires_at=timezone.now() - timedelta(seconds=1))
    user = UserFactory(email="kim@example.com")
    with pytest.raises(ValidationError) as caught:
        company_invitation_accept(invitation=invitation, user=user)
    assert caught.value.code == "expired"
    client.force_login(user)
    response = client.post(reverse("applications:invitation_accept", kwargs={"token": invitation.token}))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not CompanyMember.objects.filter(user=user).exists()


def test_a_member_of_another_company_cannot_accept():
    invitation = CompanyInvitationFactory(email="kim@example.com")
    member = CompanyMemberFactory(user__email="kim@example.com")
    with pytest.raises(ValidationError) as caught:
        company_invitation_accept(invitation=invitation, user=member.user)
    assert caught.value.code == "member"


def test_an_invitation_is_accepted_once():
    invitation = CompanyInvitationFactory(email="kim@example.com")
    user = UserFactory(email="kim@example.com")
    company_invitation_accept(invitation=invitation, user=user)
    CompanyMember.objects.filter(user=user).delete()
    with pytest.raises(ValidationError) as caught:
        company_invitation_accept(invitation=invitation, user=user)
    assert caught.value.code == "accepted"


def test_anonymous_accept_goes_to_login(client):
    invitation = CompanyInvitationFactory()
    response = client.get(reverse("applications:invitation_accept", kwargs={"token": invitation.token}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_owner_removes_a_member(client):
    owner = OwnerFactory()
    colleague = CompanyMemberFactory(company=owner.company)
    client.force_login(owner.user)
    assert client.post(reverse("applications:member_remove", kwargs={"pk": colleague.pk})).status_code == 302
    assert not CompanyMember.objects.filter(pk=colleague.pk).exists()


def test_the_last_owner_cannot_be_removed():
    owner = OwnerFactory()
    with pytest.raises(ValidationError) as caught:
        company_member_remove(member=owner, acting_user=owner.user)
    assert caught.value.code == "last_owner"
    with pytest.raises(ValidationError):
        company_member_role_set(member=owner, acting_user=owner.user, role=MemberRole.MEMBER)


def test_an_owner_can_leave_when_another_owner_remains():
    owner = OwnerFactory()
    second = CompanyMemberFactory(company=owner.company)
    company_member_role_set(member=second, acting_user=owner.user, role=MemberRole.OWNER)
    company_member_remove(member=owner, acting_user=owner.user)
    assert list(CompanyMember.objects.filter(company=second.company)) == [second]


def test_a_plain_member_cannot_remove_others_but_may_leave(client):
    owner = OwnerFactory()
    member = CompanyMemberFactory(company=owner.company)
    with pytest.raises(PermissionDenied):
        company_member_remove(member=owner, acting_user=member.user)
    client.force_login(member.user)
    assert client.post(reverse("applications:member_remove", kwargs={"pk": owner.pk})).status_code == 403
    assert client.post(reverse("applications:member_remove", kwargs={"pk": member.pk})).status_code == 302
    assert not CompanyMember.objects.filter(pk=member.pk).exists()


def test_members_page_lists_members_and_pending_invitations(client):
    owner = OwnerFactory()
    CompanyMemberFactory(company=owner.company, user__email="colleague@example.com")
    CompanyInvitationFactory(company=owner.company, email="pending@example.com")
    client.force_login(owner.user)
    content = client.get(reverse("applications:members")).content.decode()
    assert "colleague@example.com" in content and "pending@example.com" in content
