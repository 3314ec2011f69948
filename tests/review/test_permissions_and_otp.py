"""The role walk over every URL of the review app, and two-factor setup, verification and backup codes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.roles import Role
from tests.applications.factories import UserFactory

from .helpers import current_code, login_verified, make_staff, submitted_application, with_role


def every_url(application) -> list[tuple[str, str]]:
    """(method, url) of every page of the app that needs the staff role and a second factor."""
    pk, code = application.pk, application.call.code
    document_id = application.attachments.first().document_id
    gets = [
        reverse("review:dashboard"),
        reverse("review:otp_backup_codes"),
        reverse("review:queue", args=[code]),
        reverse("review:queue_xlsx", args=[code]),
        reverse("review:queue_csv", args=[code]),
        reverse("review:application", args=[pk]),
        reverse("review:document", args=[pk, document_id]),
        reverse("review:progress", args=[pk]),
        reverse("review:progress_queue", args=[code]),
    ]
    posts = [
        reverse(name, args=[pk])
        for name in (
            "review:comment_add",
            "review:message_send",
            "review:screening_start",
            "review:checklist",
            "review:request_revision",
            "review:pass",
            "review:reject",
            "review:progress",
        )
    ]
    return [("get", url) for url in gets] + [("post", url) for url in posts]


@pytest.fixture
def application(db):
    return submitted_application()


def test_anonymous_is_sent_to_login_everywhere(client, application):
    for method, url in every_url(application):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"], url


@pytest.mark.parametrize("role", [None, Role.COMPANY_MEMBER, Role.CITY_OFFICIAL, Role.OUTSIDE_EXPERT])
def test_users_without_the_staff_role_get_404_everywhere(client, application, role):
    user = application.company.members.get().user if role == Role.COMPANY_MEMBER else UserFactory()
    if role and role != Role.COMPANY_MEMBER:
        with_role(user, role)
    client.force_login(user)
    otp_pages = [("get", reverse("review:otp_verify")), ("get", reverse("review:otp_setup"))]
    # City officials sign in with two factors too (the officials' results pages): the two-factor pages open.
    urls = every_url(application) if role == Role.CITY_OFFICIAL else [*every_url(application), *otp_pages]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    if role == Role.CITY_OFFICIAL:
        assert client.get(reverse("review:otp_setup")).status_code == 200


@pytest.mark.parametrize("role", [Role.TECHNOPARK_STAFF, Role.STAFF_MANAGER, Role.ADMINISTRATOR])
def test_staff_without_a_verified_session_are_sent_to_the_two_factor_page(client, application, role):
    client.force_login(make_staff(f"{role.value}@example.com", role=role))
    for method, url in every_url(application):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("review:otp_verify") + "?next="), url


@pytest.mark.parametrize("role", [Role.TECHNOPARK_STAFF, Role.STAFF_MANAGER])
def test_verified_staff_open_every_page(client, application, role):
    login_verified(client, make_staff(f"{role.value}@example.com", role=role))
    for method, url in every_url(application):
        if method == "get":
            assert client.get(url).status_code == 200, url
        else:  # an empty POST: a clear error or a redirect, never a 404/500
            assert client.post(url).status_code in (200, 302, 400), url


def test_setup_with_a_real_code_verifies_the_session_and_shows_ten_backup_codes_once(client, db):
    user = make_staff("new-staff@example.com", device=False)
    client.force_login(user)
    response = client.get(reverse("review:dashboard"))
    assert response.status_code == 302
    response = client.get(response["Location"])  # the verify page sends a user without a device to the setup
    assert response.status_code == 302 and response["Location"].startswith(reverse("review:otp_setup"))
    page = client.get(response["Location"])
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"] in page.content.decode()
    assert page.context["otpauth_uri"].startswith("otpauth://totp/")
    qr = client.get(reverse("review:otp_setup_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content

    bad = client.post(reverse("review:otp_setup"), {"code": "12345"})
    assert "Enter the 6 digits" in bad.content.decode()
    wrong = client.post(reverse("review:otp_setup"), {"code": f"{(int(current_code(device)) + 1) % 1000000:06d}"})
    assert "does not match" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a failure throttles the next try for a second

    done = client.post(reverse("review:otp_setup"), {"code": current_code(device), "next": "/staff/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get(reverse("review:dashboard")).status_code == 200
    # Shown once: the backup page afterwards tells how many are left, not the codes.
    later = client.get(reverse("review:otp_backup_codes"))
    assert codes[0] not in later.content.decode() and "10 unused backup codes" in later.content.decode()


def test_verify_with_the_current_totp_code_then_the_next_page(client, db):
    user = make_staff("verify@example.com")
    device = TOTPDevice.objects.get(user=user)
    client.force_login(user)
    code = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("review:otp_verify"), {"code": code, "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_verify_refuses_a_wrong_code_and_an_outside_next(client, db):
    user = make_staff("wrong@example.com")
    client.force_login(user)
    response = client.post(reverse("review:otp_verify"), {"code": "000000"})
    assert response.status_code == 200 and "not valid" in response.content.decode()
    assert client.get("/staff/").status_code == 302
    device = TOTPDevice.objects.get(user=user)
    device.throttle_reset()
    response = client.post(
        reverse("review:otp_verify"), {"code": current_code(device), "next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("review:dashboard")


def test_a_backup_code_works_once(client, db):
    from applications.review.otp import backup_codes_regenerate

    user = make_staff("backup@example.com")
    codes = backup_codes_regenerate(user=user)
    client.force_login(user)
    response = client.post(reverse("review:otp_verify"), {"code": codes[3].lower()})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.logout()
    client.force_login(user)
    again = client.post(reverse("review:otp_verify"), {"code": codes[3]})
    assert again.status_code == 200 and "not valid" in again.content.decode()
    assert client.get("/staff/").status_code == 302


def test_setting_up_a_new_device_needs_a_verified_session_first(client, db):
    user = make_staff("replace@example.com")
    client.force_login(user)
    response = client.get(reverse("review:otp_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("review:otp_verify"))
    assert client.get(reverse("review:otp_setup_qr")).status_code == 404
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 0


def test_a_right_code_right_after_a_wrong_one_is_told_to_wait_not_refused_then_accepted(client, db):
    user = make_staff("throttled@example.com")
    device = TOTPDevice.objects.get(user=user)
    client.force_login(user)
    wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"
    assert "not valid" in client.post(reverse("review:otp_verify"), {"code": wrong}).content.decode()
    held = client.post(reverse("review:otp_verify"), {"code": current_code(device)})
    body = held.content.decode()
    assert held.status_code == 200 and "was not checked" in body and "not valid" not in body
    assert client.get("/staff/").status_code == 302
    # The throttle's second has passed (moved back rather than slept through): the same code is accepted.
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=5)
    device.save(update_fields=["throttling_failure_timestamp"])
    response = client.post(reverse("review:otp_verify"), {"code": current_code(device), "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"


def test_a_wrong_six_digit_code_does_not_hold_back_a_backup_code(client, db):
    from applications.review.otp import backup_codes_regenerate

    user = make_staff("backup-after-wrong@example.com")
    codes = backup_codes_regenerate(user=user)
    client.force_login(user)
    client.post(reverse("review:otp_verify"), {"code": "000000"})
    assert client.post(reverse("review:otp_verify"), {"code": codes[0]}).status_code == 302
