import pytest
from django.conf import settings
from django.urls import reverse

from portal.accounts.enums import ConsentKind
from portal.accounts.models import Consent
from portal.accounts.services import consent_give, consent_withdraw

from .factories import UserFactory


def test_the_account_page_needs_a_login(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_account_page_shows_the_consents(client, user):
    consent_give(user=user, kind=ConsentKind.PERSONAL_DATA)
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert str(ConsentKind.PERSONAL_DATA.label) in page
    assert "2027-01" in page
    assert reverse("accounts:delete") in page


def test_saving_the_profile_changes_name_and_language(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "  이서연  ", "language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("이서연", "en")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("data", [{"full_name": "", "language": "en"}, {"full_name": "이서연", "language": "fr"}])
def test_bad_profile_input_is_refused_at_the_field_and_kept(client, user, data):
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert len(errors) == 1
    name = next(iter(errors))
    assert f'href="#id_{name}"' in response.content.decode()
    user.refresh_from_db()
    assert user.language == "ko"


def test_too_long_a_name_is_refused(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "가" * 101, "language": "ko"})
    assert response.status_code == 400
    assert "full_name" in response.context["form"].errors


def test_the_optional_consent_can_be_withdrawn_and_given_again(client, user):
    consent_give(user=user, kind=ConsentKind.NOTICE_EMAILS)
    client.force_login(user)
    url = reverse("accounts:consent_change", args=[ConsentKind.NOTICE_EMAILS])
    assert client.post(url, {"action": "withdraw"}).status_code == 302
    withdrawn = Consent.objects.get(user=user, kind=ConsentKind.NOTICE_EMAILS)
    assert withdrawn.withdrawn_at is not None

    client.post(url, {"action": "give"})
    client.post(url, {"action": "give"})  # twice: still one consent in force
    rows = Consent.objects.filter(user=user, kind=ConsentKind.NOTICE_EMAILS)
    assert rows.count() == 2
    assert rows.filter(withdrawn_at__isnull=True).count() == 1


def test_the_required_consent_cannot_be_withdrawn_on_its_own(client, user):
    consent_give(user=user, kind=ConsentKind.PERSONAL_DATA)
    client.force_login(user)
    response = client.post(
        reverse("accounts:consent_change", args=[ConsentKind.PERSONAL_DATA]),
        {"action": "withdraw"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert Consent.objects.get(user=user).withdrawn_at is None
    assert [str(message) for message in response.context["messages"]] == [
        "This consent is needed to hold an account. To withdraw it, delete your account."
    ]


def test_an_unknown_consent_kind_is_not_found(client, user):
    client.force_login(user)
    assert client.post(reverse("accounts:consent_change", args=["anything"]), {"action": "give"}).status_code == 404


def test_withdrawing_a_consent_not_in_force_changes_nothing(user):
    assert consent_withdraw(user=user, kind=ConsentKind.NOTICE_EMAILS) is None


@pytest.mark.parametrize("history", [1, 12])
def test_the_account_page_makes_the_same_number_of_queries_whatever_the_consent_history(
    client, db, django_assert_num_queries, history
):
    user = UserFactory()
    consent_give(user=user, kind=ConsentKind.PERSONAL_DATA)
    for _ in range(history):
        consent_give(user=user, kind=ConsentKind.NOTICE_EMAILS)
        consent_withdraw(user=user, kind=ConsentKind.NOTICE_EMAILS)
    assert Consent.objects.filter(user=user).count() == history + 1
    client.force_login(user)
    # session, user, consents, the unread-notifications badge and the roles (its areas) of the header
    with django_assert_num_queries(5):
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    # every consent given, and every withdrawal, is on the page
    assert response.content.decode().count("<time datetime=") == 2 * history + 1
