"""The header's language switch is the person's choice: stored for a signed-in user (the account page and emails
follow it), remembered through sign-in for a visitor; the last explicit choice wins."""

from django.conf import settings
from django.urls import reverse

from portal.accounts.adapter import recipient_language

from .factories import UserFactory


def switch(client, language: str, next_url: str = "/"):
    return client.post(reverse("accounts:language_set"), {"language": language, "next": next_url})


def log_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_switch_stores_a_signed_in_users_language(client, db):
    user = UserFactory(language="ko")
    client.force_login(user)
    response = switch(client, "en", reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<html lang="en">' in page
    assert '<option value="en" selected>' in page
    assert recipient_language(email=user.email, context={}) == "en"


def test_english_chosen_before_signing_in_survives_sign_in_and_is_stored(client, db, password):
    user = UserFactory(language="ko")
    switch(client, "en")
    response = log_in(client, user.email, password)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert user.language == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_without_a_choice_before_sign_in_the_stored_preference_wins(client, db, password):
    user = UserFactory(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"  # the browser's old cookie is no choice made now
    log_in(client, user.email, password)
    user.refresh_from_db()
    assert user.language == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_last_choice_wins(client, db, password):
    user = UserFactory(language="ko")
    switch(client, "en")
    switch(client, "ko")
    log_in(client, user.email, password)
    user.refresh_from_db()
    assert user.language == "ko"
    switch(client, "en")
    user.refresh_from_db()
    assert user.language == "en"


def test_an_unknown_language_changes_nothing(client, db):
    user = UserFactory(language="ko")
    client.force_login(user)
    response = switch(client, "xx")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "ko"
