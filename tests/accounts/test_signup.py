from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from portal.accounts.enums import CONSENT_VERSIONS, ConsentKind
from portal.accounts.models import Consent, User

from .conftest import link_in, path_of

SIGNUP = {
    "email": "kim@yc-precision.kr",
    "full_name": "김민준",
    "language": "ko",
    "password1": "yeongcheon-sme-2027",
    "password2": "yeongcheon-sme-2027",
    "consent_personal_data": "on",
}


def test_signup_page_shows_the_consent_text(client, db):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ["email", "full_name", "language", "password1", "password2"]:
        assert f'id="id_{name}"' in page
    assert 'name="consent_personal_data"' in page
    assert 'name="consent_notice_emails"' in page
    assert 'autocomplete="new-password"' in page
    assert 'autocomplete="name"' in page


def test_signup_without_consent_is_refused_with_the_field_named_and_input_kept(client, db):
    data = {**SIGNUP}
    del data["consent_personal_data"]
    response = client.post(reverse("account_signup"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    form = response.context["form"]
    assert list(form.errors) == ["consent_personal_data"]
    page = response.content.decode()
    assert "you must agree to the collection and use of your personal information" in page.lower()
    assert 'href="#id_consent_personal_data"' in page  # the summary links to the field
    assert 'aria-invalid="true"' in page
    assert 'value="kim@yc-precision.kr"' in page
    assert 'value="김민준"' in page
    assert mail.outbox == []


def test_signup_sends_a_verification_email_and_records_the_consents(client, db):
    with translation.override("ko"):
        response = client.post(reverse("account_signup"), {**SIGNUP, "consent_notice_emails": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email=SIGNUP["email"])
    assert (user.full_name, user.language) == ("김민준", "ko")
    assert user.check_password(SIGNUP["password1"])
    consents = {consent.kind: consent for consent in Consent.objects.filter(user=user)}
    assert set(consents) == {ConsentKind.PERSONAL_DATA, ConsentKind.NOTICE_EMAILS}
    assert consents[ConsentKind.PERSONAL_DATA].version == CONSENT_VERSIONS[ConsentKind.PERSONAL_DATA]
    assert consents[ConsentKind.PERSONAL_DATA].given_at is not None
    assert consents[ConsentKind.PERSONAL_DATA].withdrawn_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [SIGNUP["email"]]
    assert "/accounts/confirm-email/" in message.body
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session


def test_signup_without_the_optional_consent_records_only_the_required_one(client, db):
    client.post(reverse("account_signup"), SIGNUP)
    kinds = set(Consent.objects.filter(user__email=SIGNUP["email"]).values_list("kind", flat=True))
    assert kinds == {ConsentKind.PERSONAL_DATA}


def test_signup_with_a_blank_name_is_refused(client, db):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_name": "   "})
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert not User.objects.exists()


def test_verification_email_is_written_in_the_language_the_person_chose(client, db):
    with translation.override("en"):
        english_subject = translation.gettext("Please Confirm Your Email Address")
    with translation.override("ko"):
        korean_subject = translation.gettext("Please Confirm Your Email Address")
    assert english_subject != korean_subject

    # The pages are Korean (the default), the person asks for English mail.
    client.post(reverse("account_signup"), {**SIGNUP, "language": "en"})
    client.post(
        reverse("account_signup"),
        {**SIGNUP, "email": "lee@yc-precision.kr", "language": "ko"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[SIGNUP["email"]].endswith(english_subject)
    assert subjects["lee@yc-precision.kr"].endswith(korean_subject)


def test_cannot_log_in_before_verifying_the_email(client, db):
    client.post(reverse("account_signup"), SIGNUP)
    mail.outbox.clear()
    response = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verification_link_confirms_the_address_and_then_login_works(client, db):
    client.post(reverse("account_signup"), SIGNUP)
    confirm_path = path_of(link_in(mail.outbox[0].body))
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert SIGNUP["email"] in page.content.decode()
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified

    response = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(email=SIGNUP["email"]).pk)


def test_a_broken_verification_link_says_so(client, db):
    response = client.get(reverse("account_confirm_email", args=["not-a-key"]))
    assert response.status_code == 200
    assert response.context["confirmation"] is None


def test_signing_up_again_with_a_taken_address_makes_no_second_account(client, user):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": user.email})
    assert response.status_code == 302
    assert User.objects.filter(email=user.email).count() == 1
    assert [message.to for message in mail.outbox] == [[user.email]]
