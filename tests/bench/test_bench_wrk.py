"""wrk and the status counter script against a live server: errors and redirects are counted, and
a session made by the harness's login hook is accepted. Short runs; nothing is asserted about time."""

from pathlib import Path

import pytest

from bench.registry import BenchContext
from bench.wrk import STATUS_COUNTER_LUA, WRK_INSTALL_HINT, WrkOptions, wrk_path, wrk_run
from portal.accounts.models import User
from tests.conftest import service_missing

ONE_CONNECTION = WrkOptions(threads=1, connections=1, timeout_s=10)


@pytest.fixture
def status_script(tmp_path) -> Path:
    if wrk_path() is None:
        service_missing(WRK_INSTALL_HINT)
    script = tmp_path / "status.lua"
    script.write_text(STATUS_COUNTER_LUA)
    return script


def test_every_404_is_counted_as_non_2xx(live_server, status_script):
    result, output = wrk_run(
        url=f"{live_server.url}/no-such-page-for-bench/",
        duration_s=1,
        options=ONE_CONNECTION,
        headers={},
        script=status_script,
    )

    assert result.requests > 0, output
    assert result.statuses["4xx"] == result.requests
    assert result.non_2xx == result.requests


def test_healthz_answers_only_2xx(live_server, status_script):
    result, output = wrk_run(
        url=f"{live_server.url}/healthz", duration_s=1, options=ONE_CONNECTION, headers={}, script=status_script
    )

    assert result.requests > 0, output
    assert result.statuses["2xx"] == result.requests
    assert result.non_2xx == 0


@pytest.mark.django_db(transaction=True)
def test_the_login_hook_signs_wrks_requests_in(live_server, status_script):
    User.objects.create_user(email="bench-user@bench.yc.kr", password="x-not-used-x")
    context = BenchContext(base_url=live_server.url)

    anonymous, _ = wrk_run(
        url=f"{live_server.url}/accounts/profile/",
        duration_s=1,
        options=ONE_CONNECTION,
        headers={},
        script=status_script,
    )
    signed_in, output = wrk_run(
        url=f"{live_server.url}/accounts/profile/",
        duration_s=1,
        options=ONE_CONNECTION,
        headers=context.login_headers("bench-user@bench.yc.kr"),
        script=status_script,
    )

    assert anonymous.statuses["3xx"] == anonymous.requests > 0
    assert signed_in.requests > 0, output
    assert signed_in.non_2xx == 0
