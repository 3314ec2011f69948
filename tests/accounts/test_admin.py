"""The Django admin: the portal's sign-in and second factor, administrators only, and no secret on any page."""

import base64

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.evaluation.models import CriterionScore, ScoreSheet
from portal.accounts.admin_site import PortalAdminSite
from portal.accounts.roles import Role
from tests.applications.factories import CompanyInvitationFactory
from tests.evaluation.factories import application, assign, committee_for, expert, submitted_sheet

from .factories import PASSWORD
from .two_factor import every_staff_role_user, login_verified, totp_device, with_roles

pytestmark = pytest.mark.django_db


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_the_default_admin_site_is_the_portals():
    assert isinstance(admin.site, PortalAdminSite)
    assert reverse("admin:login") == "/admin/login/"


def test_a_superusers_password_on_the_admin_login_alone_does_not_get_in(client):
    user = every_staff_role_user("root@example.kr")
    response = client.post("/admin/login/?next=/admin/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_forty_wrong_passwords_then_the_right_one_do_not_get_in_through_the_admin(client):
    user = every_staff_role_user("root@example.kr")
    for attempt in range(40):
        client.post("/admin/login/", {"username": user.email, "password": f"wrong-{attempt}"})
    client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    # The one sign-in counts the same guesses: from this address the account is paused, right password or not.
    for attempt in range(40):
        sign_in(client, user.email, f"wrong-{attempt}")
    response = sign_in(client, user.email)
    assert response.status_code in (200, 429) and "_auth_user_id" not in client.session


def test_an_administrator_signed_in_with_a_password_is_sent_to_the_second_factor_then_gets_in(client):
    user = every_staff_role_user("root@example.kr")
    assert sign_in(client, user.email).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.get(response["Location"])
    assert response["Location"] == f"{reverse('review:otp_verify')}?next=%2Fadmin%2F"
    device = TOTPDevice.objects.get(user=user)
    done = client.post(reverse("review:otp_verify"), {"code": f"{totp(device.bin_key):06d}", "next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/")["Location"] == "/admin/"


def test_anonymous_visitors_of_the_admin_login_go_to_the_portals_sign_in(client):
    response = client.get("/admin/login/?next=/admin/programs/call/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/programs/call/"


@pytest.mark.parametrize("role", [Role.TECHNOPARK_STAFF, Role.STAFF_MANAGER, Role.CITY_OFFICIAL])
def test_verified_staff_who_are_not_administrators_do_not_get_the_admin(client, role):
    from .factories import UserFactory

    user = with_roles(UserFactory(is_staff=True), role)
    login_verified(client, user)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/").status_code == 404


def secrets_on_record() -> dict[str, str]:
    """Objects of the models that hold secrets or early scores, and the values no admin page may show."""
    owner = every_staff_role_user("devices@example.kr")
    device = totp_device(owner)
    static = StaticDevice.objects.create(user=owner, name="backup", confirmed=True)
    tokens = [StaticToken.objects.create(device=static, token=f"BACKUP{n}CODE{n}") for n in range(3)]
    invitation = CompanyInvitationFactory()
    committee = committee_for()
    sheet = submitted_sheet(assign(committee, application(committee.call), expert(committee)), 0.77)
    CriterionScore.objects.filter(sheet=sheet).update(comment="EARLY-SCORE-COMMENT-7731")
    values = {
        "TOTP key (hex)": device.key,
        "TOTP key (base32)": base64.b32encode(device.bin_key).decode().rstrip("="),
        "invitation token": invitation.token,
        "password hash": owner.password.rsplit("$", 1)[-1],
        "score comment": "EARLY-SCORE-COMMENT-7731",
    }
    values |= {f"backup code {n}": token.token for n, token in enumerate(tokens)}
    return values


def admin_pages(client) -> list[str]:
    """The changelist, add and change pages of every model the admin lists (as the index page lists them)."""
    urls = []
    for app in client.get("/admin/").context["app_list"]:
        for entry in app["models"]:
            model = entry["model"]
            urls += [entry["admin_url"], entry["add_url"]] if entry["add_url"] else [entry["admin_url"]]
            info = (model._meta.app_label, model._meta.model_name)
            urls += [
                reverse("admin:{}_{}_change".format(*info), args=[obj.pk]) for obj in model._default_manager.all()[:3]
            ]
    return urls


def test_no_admin_page_shows_a_secret_or_an_early_score(client):
    secrets = secrets_on_record()
    login_verified(client, every_staff_role_user("root@example.kr"))
    pages = admin_pages(client)
    assert len(pages) > 40
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        shown = [what for what, value in secrets.items() if value in html]
        assert shown == [], url


def test_score_sheets_are_not_in_the_admin(client):
    secrets_on_record()
    login_verified(client, every_staff_role_user("root@example.kr"))
    assert not admin.site.is_registered(ScoreSheet) and not admin.site.is_registered(CriterionScore)
    sheet = ScoreSheet.objects.get()
    assert client.get(f"/admin/evaluation/scoresheet/{sheet.pk}/change/").status_code in (302, 404)
    assert client.get("/admin/evaluation/scoresheet/").status_code == 404


def test_the_two_factor_devices_are_listed_without_their_key_and_a_lost_one_can_be_removed(client):
    secrets_on_record()
    login_verified(client, every_staff_role_user("root@example.kr"))
    device = TOTPDevice.objects.get(user__email="devices@example.kr")
    page = client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    assert escape(str(device.user)) in page
    assert not admin.site.get_model_admin(TOTPDevice).has_add_permission(None)
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(pk=device.pk).exists()
