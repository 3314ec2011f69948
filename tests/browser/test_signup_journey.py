"""A person signs up in Chromium, confirms the address from the mail, logs in and opens the account page."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from portal.accounts.models import Consent, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "choi@yc-hightech.kr"
PASSWORD = "yeongcheon-browser-2027"


def test_sign_up_verify_log_in_and_reach_the_account_page(page, live_server, screenshots_dir):
    cache.clear()  # allauth's rate limits count in the cache
    mail.outbox.clear()

    page.goto("/")
    page.locator(".navbar").get_by_role("link", name=re.compile("Sign up|회원가입|가입")).click()
    page.wait_for_url("**/accounts/signup/")

    # Sending the form without the required consent: the error names it, what was typed stays.
    page.fill("#id_email", EMAIL)
    page.fill("#id_full_name", "최유진")
    page.select_option("#id_language", "en")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("form[action$='/accounts/signup/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_consent_personal_data").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_email").input_value() == EMAIL
    assert page.locator("#id_full_name").input_value() == "최유진"
    page.screenshot(path=str(screenshots_dir / "signup-consent-missing.png"), full_page=True)

    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_consent_personal_data")
    page.locator("form[action$='/accounts/signup/'] button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert User.objects.filter(email=EMAIL, language="en").exists()
    assert Consent.objects.filter(user__email=EMAIL).count() == 1

    # Logging in before confirming leads back to "verify your email address".
    page.goto("/accounts/login/")
    page.fill("#id_login", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")

    [message] = [message for message in mail.outbox if message.to == [EMAIL] and "confirm-email" in message.body]
    link = re.search(r"http://\S+/accounts/confirm-email/[A-Za-z0-9:_-]+/", message.body).group(0)
    assert link.startswith(live_server.url)
    page.goto(link)
    page.locator("form[action*='/accounts/confirm-email/'] button[type=submit]").click()
    page.wait_for_load_state()

    page.goto("/accounts/login/")
    page.fill("#id_login", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    # The person chose English: the portal now speaks it.
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="Your account").click()
    page.wait_for_url("**/accounts/profile/")
    assert page.get_by_role("heading", name="Your account", level=1).is_visible()
    assert page.locator("#id_full_name").input_value() == "최유진"
    assert page.get_by_text("2027-01").first.is_visible()
    page.screenshot(path=str(screenshots_dir / "account-page.png"), full_page=True)
