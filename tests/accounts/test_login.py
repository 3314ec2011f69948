from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from portal.accounts.demo import DEMO_USERS, seed
from portal.accounts.models import User

from .conftest import link_in, path_of
from .factories import UserFactory


def log_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_and_logout(client, user, password):
    response = log_in(client, user.email, password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    page = client.get("/").content.decode()
    assert reverse("accounts:profile") in page
    assert f'action="{reverse("account_logout")}"' in page

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get("/").content.decode()
    assert reverse("account_signup") in page


def test_login_with_a_wrong_password_is_refused_and_keeps_the_email(client, user):
    response = log_in(client, user.email, "not-the-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    page = response.content.decode()
    assert f'value="{user.email}"' in page
    assert 'role="alert"' in page
    assert "_auth_user_id" not in client.session


def test_login_email_is_case_insensitive(client, user, password):
    log_in(client, user.email.upper(), password)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_preferred_language_is_applied_after_login(client, db, password):
    user = UserFactory(language="en")
    response = log_in(client, user.email, password)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page

    korean = UserFactory(language="ko")
    client.post(reverse("account_logout"))
    response = log_in(client, korean.email, password)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    assert '<html lang="ko">' in client.get("/").content.decode()


def test_demo_users_can_log_in_without_verifying(client, db):
    seed(log=lambda message: None)
    seed(log=lambda message: None)  # idempotent
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == len(DEMO_USERS)
    for demo in DEMO_USERS:
        response = log_in(client, demo.email, settings.DEMO_PASSWORD)
        assert response.status_code == 302, demo.email
        assert response["Location"] == "/"
        assert client.session["_auth_user_id"] == str(User.objects.get(email=demo.email).pk)
        client.post(reverse("account_logout"))


def test_password_reset_mails_a_link_that_sets_a_new_password(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    reset_path = path_of(link_in(mail.outbox[0].body))
    response = client.get(reset_path)
    assert response.status_code == 302  # allauth moves the key out of the URL into the session
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.status_code == 200
    assert not page.context.get("token_fail")
    assert "password1" in page.context["form"].fields
    response = client.post(form_url, {"password1": "a-new-password-2027", "password2": "a-new-password-2027"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-password-2027")


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.kr"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_change_password(client, user, password):
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": "another-password-2027", "password2": "another-password-2027"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-password-2027")


def test_change_password_with_a_wrong_old_password_names_the_field(client, user):
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "another-password-2027", "password2": "another-password-2027"},
    )
    assert response.status_code == 200
    assert "oldpassword" in response.context["form"].errors
    assert 'href="#id_oldpassword"' in response.content.decode()


def test_change_email_takes_effect_when_the_new_address_is_confirmed(client, user):
    old_email = user.email
    client.force_login(user)
    response = client.post(reverse("account_email"), {"email": "new@yc-precision.kr", "action_add": ""})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == old_email
    assert [message.to for message in mail.outbox] == [["new@yc-precision.kr"]]
    page = client.get(reverse("account_email")).content.decode()
    assert "new@yc-precision.kr" in page

    confirm_path = path_of(link_in(mail.outbox[0].body))
    client.post(confirm_path)
    user.refresh_from_db()
    assert user.email == "new@yc-precision.kr"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("new@yc-precision.kr", True, True)
    ]


def test_change_email_to_an_invalid_address_names_the_field(client, user):
    client.force_login(user)
    response = client.post(reverse("account_email"), {"email": "not-an-address", "action_add": ""})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="not-an-address"' in response.content.decode()


def test_a_login_error_is_in_the_page_title_and_the_summary_takes_focus(client, user):
    response = log_in(client, user.email, "not-the-password")
    page = response.content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("오류: ")
    assert "data-error-summary" in page and 'tabindex="-1"' in page
    assert "js/focus-on-errors.js" in page


def test_the_login_page_offers_the_password_reset_once(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert page.count(reverse("account_reset_password")) == 1
