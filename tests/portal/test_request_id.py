"""Every request has an id: in the X-Request-ID header, on every log line of the request (and of the tasks it
queued), and on the error pages."""

import io
import json
import logging
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from portal.health.logs import JsonFormatter
from portal.health.models import WorkerHeartbeat
from portal.health.requestid import RequestIdFilter

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def test_pages(settings):
    settings.ROOT_URLCONF = "tests.portal.request_id_urls"


@pytest.fixture
def json_lines():
    """The JSON lines the root logger writes while the test runs, as the production handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def test_every_response_has_a_new_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert uuid.UUID(first["X-Request-ID"]).version == 4
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    ("trusted", "sent", "kept"),
    [
        (True, "0f3c9a8e5b7d4e21a6c0d9e8f7a6b5c4", True),
        (False, "0f3c9a8e5b7d4e21a6c0d9e8f7a6b5c4", False),
        (True, "short", False),
        (True, "bad id\r\nSet-Cookie: x=1", False),
        (True, "x" * 200, False),
    ],
)
def test_the_proxy_id_is_kept_only_when_trusted_and_well_formed(client, settings, trusted, sent, kept):
    settings.REQUEST_ID_FROM_PROXY = trusted
    answered = client.get("/healthz", headers={"X-Request-ID": sent})["X-Request-ID"]
    assert (answered == sent) is kept
    if not kept:
        assert uuid.UUID(answered).version == 4


@pytest.mark.django_db
def test_log_lines_of_a_request_carry_its_id(client, test_pages, json_lines):
    response = client.get("/test-logs/")
    other = client.get("/test-logs/")
    mine = [line for line in json_lines() if line["message"] == "inside the view"]
    assert [line["request_id"] for line in mine] == [response["X-Request-ID"], other["X-Request-ID"]]
    assert set(mine[0]) == {"time", "level", "logger", "message", "request_id"}
    assert mine[0]["level"] == "INFO" and mine[0]["logger"] == "portal.tests"


@pytest.mark.django_db
def test_server_error_page_shows_the_id_and_the_log_has_the_exception(client, test_pages, json_lines, english):
    client.raise_request_exception = False
    response = client.get("/test-fails/")
    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    page = response.content.decode()
    assert "Server error" in page and f'<code id="request-id">{request_id}</code>' in page
    lines = [line for line in json_lines() if line["request_id"] == request_id]
    assert [line["message"] for line in lines] == ["about to fail", "Internal Server Error: /test-fails/"]
    assert "RuntimeError: the test page failed on purpose" in lines[1]["exception"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "title"), [("/no-such-page/", 404, "Page not found"), ("/test-refuses/", 403, "Access denied")]
)
def test_not_found_and_forbidden_pages_show_the_id(client, test_pages, english, path, status, title):
    response = client.get(path)
    assert response.status_code == status
    page = response.content.decode()
    assert title in page and f'<code id="request-id">{response["X-Request-ID"]}</code>' in page


def test_error_pages_in_korean(client, test_pages, db):
    response = client.get("/no-such-page/")
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_json_format_is_what_the_settings_configure(tmp_path):
    """A process started with LOG_FORMAT=json writes its log lines to stderr as JSON: the request's with its id (the
    proxy's), a line outside any request with none."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/no-such-page/', headers={'X-Request-ID': 'proxy-given-id-0001'})\n"
        "import logging; logging.getLogger('portal.tests').warning('after %s', response.status_code)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "LOG_FORMAT": "json",
        "REQUEST_ID_FROM_PROXY": "1",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(text) for text in result.stderr.strip().splitlines()]
    assert [(line["message"], line["request_id"]) for line in lines] == [
        ("Not Found: /no-such-page/", "proxy-given-id-0001"),
        ("after 404", None),
    ]


@pytest.mark.services
def test_a_task_queued_by_a_request_logs_under_its_id(client, settings, test_pages, start_worker):
    worker = start_worker(extra_env={"LOG_FORMAT": "json"})
    request_id = client.get("/test-logs/")["X-Request-ID"]
    deadline = time.monotonic() + 60
    found = []
    while not found and time.monotonic() < deadline:
        for text in worker.output().splitlines():
            if text.startswith("{") and "succeeded" in text:
                found += [json.loads(text)]
        time.sleep(0.1)
    assert WorkerHeartbeat.objects.exists()
    assert [line["request_id"] for line in found] == [request_id]
