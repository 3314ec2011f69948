"""The database unavailable for one request (a restart, a failover): the portal answers 503 with Retry-After, a
translated page or JSON under /api/, never a 500; the next request works again. Other errors stay 500."""

import errno

import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

from portal.health.errors import server_error
from tests.applications.factories import OwnerFactory

pytestmark = pytest.mark.django_db


def database_down(execute, sql, params, many, context):
    """What every query meets while PostgreSQL restarts (Django's own error class, as its backend raises it)."""
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def broken_query(execute, sql, params, many, context):
    raise ProgrammingError('relation "applications_company" does not exist')


@pytest.fixture
def browser() -> Client:
    """A client that receives the answer a browser would, rather than the exception re-raised into the test."""
    return Client(raise_request_exception=False)


def test_a_signed_in_page_answers_503_in_korean_with_retry_after_then_recovers(browser):
    browser.force_login(OwnerFactory().user)
    with connection.execute_wrapper(database_down):
        response = browser.get("/company/documents/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "포털을 잠시 사용할 수 없습니다. 잃어버린 것은 없습니다. 잠시 후 다시 시도해 주세요." in page
    assert "30초 후에 다시 시도해 주세요." in page
    assert '<html lang="ko">' in page

    assert browser.get("/company/documents/", HTTP_ACCEPT_LANGUAGE="ko").status_code == 200


def test_the_page_is_in_english_for_an_english_reader(browser):
    browser.force_login(OwnerFactory().user)
    with connection.execute_wrapper(database_down):
        response = browser.get("/company/documents/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    page = response.content.decode()
    assert "The portal is briefly unavailable. Nothing was lost; please try again in a moment." in page
    assert "Try again in 30 seconds." in page


def test_a_form_post_answers_503_and_saves_nothing(browser):
    owner = OwnerFactory()
    browser.force_login(owner.user)
    with connection.execute_wrapper(database_down):
        response = browser.post("/company/profile/edit/", {"name": "바뀐 이름"})
    assert response.status_code == 503
    owner.company.refresh_from_db()
    assert owner.company.name != "바뀐 이름"


def test_the_api_answers_503_in_json(browser):
    with connection.execute_wrapper(database_down):
        response = browser.get("/api/v1/calls/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "The portal is briefly unavailable. Nothing was lost; please try again in a moment.",
        "code": "service_unavailable",
    }
    assert browser.get("/api/v1/calls/").status_code == 200


def test_any_other_error_is_still_a_500(browser):
    browser.force_login(OwnerFactory().user)
    with connection.execute_wrapper(broken_query):
        response = browser.get("/company/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_full_disk_outside_the_upload_forms_answers_503_naming_the_storage(rf):
    request = rf.get("/company/", HTTP_ACCEPT_LANGUAGE="ko")
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError:
        response = server_error(request)
    assert response.status_code == 503
    assert "지금은 포털에 파일을 저장할 수 없습니다." in response.content.decode()
    assert response["Retry-After"] == "30"
