"""Anonymous API calls are throttled per address in the default cache: 429 in JSON with Retry-After."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/programs/", "/api/v1/calls/", "/api/v1/results/"])
def test_the_call_after_the_rate_answers_429_with_retry_after(client, settings, url):
    settings.API_ANON_RATE = "3/minute"
    for _ in range(3):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"]


def test_the_eligibility_check_is_throttled_too(client, settings):
    settings.API_ANON_RATE = "2/minute"
    statuses = [
        client.post("/api/v1/eligibility/check", {"company": {}}, content_type="application/json").status_code
        for _ in "abc"
    ]
    assert statuses == [200, 200, 429]


def test_another_address_has_its_own_count(client, settings):
    settings.API_ANON_RATE = "1/minute"
    assert client.get("/api/v1/programs/").status_code == 200
    assert client.get("/api/v1/programs/").status_code == 429
    assert client.get("/api/v1/programs/", REMOTE_ADDR="10.0.0.7").status_code == 200


def test_a_forged_forwarded_for_does_not_reset_the_count(client, settings):
    settings.API_ANON_RATE = "1/minute"
    assert client.get("/api/v1/programs/").status_code == 200
    assert client.get("/api/v1/programs/", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429


def test_the_rate_comes_from_the_environment_with_a_default():
    code = "from django.conf import settings; print(settings.API_ANON_RATE)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.base"}
    env.pop("API_ANON_RATE", None)
    default = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    assert default.stdout.strip() == "120/minute"
    env["API_ANON_RATE"] = "7/second"
    chosen = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    assert chosen.stdout.strip() == "7/second"
