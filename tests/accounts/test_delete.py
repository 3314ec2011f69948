from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.accounts.enums import RECORD_RETENTION_YEARS, ConsentKind
from portal.accounts.models import Consent, User
from portal.accounts.roles import Role
from portal.accounts.services import consent_give, roles_ensure, user_anonymise, user_upsert


def test_the_delete_page_explains_what_is_deleted_and_kept(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:delete"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'autocomplete="current-password"' in page
    assert response.context["retention_years"] == RECORD_RETENTION_YEARS


def test_a_wrong_password_is_refused_with_a_field_error(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["password"]
    assert 'href="#id_password"' in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_empty_password_is_refused_with_a_field_error(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": ""})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["password"]


def test_the_right_password_deletes_the_account_and_logs_out(client, user, password):
    consent_give(user=user, kind=ConsentKind.PERSONAL_DATA)
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Consent.objects.filter(user_id=user.pk).exists()
    assert not EmailAddress.objects.filter(user_id=user.pk).exists()
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 200  # refused


def test_anonymising_keeps_the_row_without_personal_data(db):
    roles_ensure()
    user, _ = user_upsert(email="kim@example.kr", password="x-2027-yc", full_name="김민준", roles=[Role.COMPANY_MEMBER])
    consent_give(user=user, kind=ConsentKind.NOTICE_EMAILS)
    user_anonymise(user=user)
    user.refresh_from_db()
    assert user.email == f"deleted-user-{user.pk}@deleted.invalid"
    assert user.full_name == ""
    assert not user.is_active
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Consent.objects.filter(user=user, withdrawn_at__isnull=True).exists()
