"""Sign-in throttling by account AND address; the client's address behind the reverse proxy."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import User
from portal.accounts.services import user_email_mark_verified

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy's address, as gunicorn sees every request


def sign_in(client, email: str, password: str, *, address: str = "192.0.2.10", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def manager():
    return UserFactory(email="manager@demo.yc.kr")


def test_wrong_passwords_from_one_address_do_not_stop_the_owner_at_another(manager):
    attacker, owner = Client(), Client()
    for attempt in range(5):
        assert sign_in(attacker, manager.email, f"guess-{attempt}", address="198.51.100.7").status_code == 200
    sign_in(owner, manager.email, PASSWORD, address="203.0.113.20")
    assert signed_in(owner)


def test_the_locked_pair_is_refused_with_a_clear_translated_message(manager):
    client = Client()
    for attempt in range(5):
        sign_in(client, manager.email, f"guess-{attempt}", address="198.51.100.7")
    response = sign_in(client, manager.email, PASSWORD, address="198.51.100.7")
    assert response.status_code == 200 and not signed_in(client)
    with translation.override("ko"):
        page = response.content.decode()
        assert "이 계정에 대해 사용자의 네트워크에서 잘못된 비밀번호가 너무 많이 입력되었습니다" in page
        assert "5분" in page
    client.cookies["django_language"] = "en"
    page = sign_in(client, manager.email, PASSWORD, address="198.51.100.7").content.decode()
    assert "Too many wrong passwords for this account from your network" in page
    assert f'value="{manager.email}"' in page


def test_four_wrong_passwords_then_the_right_one_signs_in_and_starts_the_count_again(manager):
    client = Client()
    for attempt in range(4):
        sign_in(client, manager.email, f"guess-{attempt}")
    sign_in(client, manager.email, PASSWORD)
    assert signed_in(client)
    client.logout()
    for attempt in range(4):
        sign_in(client, manager.email, f"guess-{attempt}")
    sign_in(client, manager.email, PASSWORD)
    assert signed_in(client)


def test_other_accounts_from_the_locked_address_still_sign_in(manager):
    colleague = UserFactory(email="staff@demo.yc.kr")
    client = Client()
    for attempt in range(5):
        sign_in(client, manager.email, f"guess-{attempt}")
    sign_in(client, colleague.email, PASSWORD)
    assert signed_in(client)


def test_three_hundred_companies_through_the_proxy_within_a_minute_are_not_refused(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # as production.py sets it
    users = User.objects.bulk_create(
        User(email=f"owner{n:03d}@company{n:03d}.kr", full_name=f"대표{n}", password=UserFactory.build().password)
        for n in range(300)
    )
    for user in users:
        user_email_mark_verified(user=user)
    statuses = []
    for n, user in enumerate(users):
        client = Client()
        response = sign_in(client, user.email, PASSWORD, address=PROXY, forwarded=f"198.18.{n // 200}.{n % 200 + 1}")
        statuses.append((response.status_code, signed_in(client)))
    assert statuses == [(302, True)] * 300


def test_behind_the_proxy_wrong_passwords_still_count_per_account_and_client_address(settings, manager):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker, owner = Client(), Client()
    for attempt in range(5):
        sign_in(attacker, manager.email, f"guess-{attempt}", address=PROXY, forwarded="198.51.100.7")
    sign_in(attacker, manager.email, PASSWORD, address=PROXY, forwarded="198.51.100.7")
    assert not signed_in(attacker)
    sign_in(owner, manager.email, PASSWORD, address=PROXY, forwarded="203.0.113.20")
    assert signed_in(owner)


def test_a_forged_forwarded_for_does_not_change_the_counted_address(settings, manager):
    """The proxy appends the address it saw; what the client wrote further left is not read."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    for attempt in range(5):
        forged = f"203.0.113.{attempt + 1}, 198.51.100.7"
        sign_in(attacker, manager.email, f"guess-{attempt}", address=PROXY, forwarded=forged)
    sign_in(attacker, manager.email, PASSWORD, address=PROXY, forwarded="203.0.113.20, 198.51.100.7")
    assert not signed_in(attacker)


def test_without_a_trusted_proxy_the_forwarded_for_header_is_not_read(manager):
    attacker = Client()
    for attempt in range(5):
        sign_in(attacker, manager.email, f"guess-{attempt}", address="198.51.100.7", forwarded=f"203.0.113.{attempt}")
    sign_in(attacker, manager.email, PASSWORD, address="198.51.100.7", forwarded="203.0.113.99")
    assert not signed_in(attacker)


def test_production_counts_one_trusted_proxy_unless_told_otherwise(tmp_path):
    from tests.portal.test_deploy import manage, production_env

    show = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    assert manage("shell", "-c", show, env=production_env(tmp_path)).stdout.split()[-1] == "1"
    local = manage("shell", "-c", show, env=production_env(tmp_path, TRUSTED_PROXY_COUNT="0"))
    assert local.stdout.split()[-1] == "0"
