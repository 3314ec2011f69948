"""Verifying the second factor rotates the session key; the user stays signed in."""

from django.urls import reverse

from applications.review.otp import backup_codes_regenerate

from .helpers import current_code, make_staff


def test_the_session_key_changes_when_the_second_factor_is_verified(client, db):
    user = make_staff("rotate@example.com")
    client.force_login(user)
    before = client.session.session_key
    device = user.totpdevice_set.get()
    response = client.post(reverse("review:otp_verify"), {"code": current_code(device), "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    after = client.session.session_key
    assert after != before
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/staff/").status_code == 200


def test_the_session_key_changes_when_a_backup_code_is_used(client, db):
    user = make_staff("rotate-backup@example.com")
    codes = backup_codes_regenerate(user=user)
    client.force_login(user)
    before = client.session.session_key
    assert client.post(reverse("review:otp_verify"), {"code": codes[0]}).status_code == 302
    assert client.session.session_key != before
    assert client.get("/staff/").status_code == 200


def test_the_session_key_changes_when_a_new_device_is_set_up(client, db):
    user = make_staff("rotate-setup@example.com", device=False)
    client.force_login(user)
    client.get(reverse("review:otp_setup"))
    before = client.session.session_key
    device = user.totpdevice_set.get()
    response = client.post(reverse("review:otp_setup"), {"code": current_code(device), "next": "/staff/"})
    assert response.status_code == 200 and client.session.session_key != before
    assert client.get("/staff/").status_code == 200
