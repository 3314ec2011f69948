"""The review version of a call (database triggers) and the staff pages cached under it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, ApplicationItem
from applications.review.models import ReviewChange
from applications.review.review_versions import (
    SOURCES,
    installed_triggers,
    review_changes_compact,
    review_versions,
)
from applications.services.transitions import application_screening_start
from applications.workflow import ApplicationStatus
from programs.models import SupportItem
from tests.applications.apply_setup import open_call, ready_application
from tests.evaluation.factories import assign, committee_for, expert, submitted_sheet

from .helpers import clone_submitted, login_verified, make_staff, submitted_application


def version(call) -> int:
    return review_versions(call_ids=[call.pk])[call.pk]


def shared() -> int:
    return review_versions(call_ids=[])[ReviewChange.GLOBAL]


def test_every_source_table_has_its_trigger(db):
    assert set(SOURCES) <= installed_triggers()


def test_submitting_and_moving_an_application_raise_its_calls_version(db):
    call = open_call()
    before = version(call)
    application = submitted_application(call=call)
    after_submit = version(call)
    assert after_submit > before
    staff = make_staff("mover@example.com")
    application_screening_start(application=application, acting_user=staff)
    assert version(call) > after_submit


def test_a_draft_changes_no_version(db):
    call = open_call()
    draft = ready_application(call=call)
    before = version(call)
    Application.objects.filter(pk=draft.pk).update(project_summary="다시 쓴 계획")
    item = SupportItem.objects.filter(call=call).exclude(pk__in=draft.items.values("support_item")).first()
    if item is not None:
        ApplicationItem.objects.create(application=draft, support_item=item)
    assert version(call) == before


def test_bulk_updates_items_experts_and_scores_raise_the_version(db):
    call = open_call()
    application = submitted_application(call=call)
    steps = [
        lambda: Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.EVALUATION),
        lambda: SupportItem.objects.filter(call=call).update(order=9),
        lambda: ApplicationItem.objects.filter(application=application).delete(),
    ]
    for step in steps:
        before = version(call)
        step()
        assert version(call) > before
    committee = committee_for(call)
    person = expert(committee)
    before = version(call)
    assignment = assign(committee, application, person)
    after_assign = version(call)
    assert after_assign > before
    submitted_sheet(assignment, 0.8)
    assert version(call) > after_assign


def test_names_shown_on_every_call_raise_the_shared_version_and_a_login_does_not(db):
    person = make_staff("named@example.com")
    before = shared()
    person.full_name = "새 이름"
    person.save(update_fields=["full_name"])
    renamed = shared()
    assert renamed > before
    person.save(update_fields=["last_login"])
    assert shared() == renamed


def test_compacting_keeps_every_version_and_leaves_one_row_per_call(db):
    call = open_call()
    first = submitted_application(call=call)
    clone_submitted(first, 5)
    versions = review_versions(call_ids=[call.pk])
    assert ReviewChange.objects.filter(call_id=call.pk).count() > 1
    assert review_changes_compact() > 0
    assert review_versions(call_ids=[call.pk]) == versions
    assert ReviewChange.objects.filter(call_id=call.pk).count() == 1


@pytest.fixture
def reviewer(client, db):
    staff = make_staff("cache@example.com")
    login_verified(client, staff)
    return staff


def status_count(page: str, status: str) -> str:
    marker = f'data-status="{status}">'
    start = page.index(marker)
    return page[page.index('class="count">', start) + len('class="count">') : page.index("</span>", start)]


def test_the_queue_is_served_from_the_cache_until_a_change_then_shows_it(client, reviewer):
    call = open_call()
    first = submitted_application(call=call)
    clone_submitted(first, 2)
    url = reverse("review:queue", args=[call.code])
    client.get(url)  # the first view builds the queue facts (a change): the next renders once more
    page = client.get(url).content.decode()
    assert status_count(page, "submitted") == "3"
    with CaptureQueriesContext(connection) as context:
        cached = client.get(url).content.decode()
    assert len(context) == 3  # session, user, calls with versions
    assert status_count(cached, "submitted") == "3"

    application_screening_start(application=first, acting_user=reviewer)
    page = client.get(url).content.decode()
    assert status_count(page, "submitted") == "2" and status_count(page, "screening") == "1"

    committee = committee_for(call)
    person = expert(committee, full_name="김평가")
    assign(committee, first, person)
    assert "김평가" in client.get(url).content.decode()
    person.full_name = "박평가"
    person.save()
    page = client.get(url).content.decode()
    assert "박평가" in page and "김평가" not in page


def test_the_cache_key_holds_the_language_and_the_filters(client, reviewer, settings):
    call = open_call()
    submitted_application(call=call)
    url = reverse("review:queue", args=[call.code])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Receipt number" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    korean = client.get(url).content.decode()
    assert "접수번호" in korean
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "No applications match." in client.get(url, {"status": "selected"}).content.decode()


def test_with_the_cache_off_every_request_renders(client, reviewer, settings):
    settings.REVIEW_PAGE_CACHE_SECONDS = 0
    call = open_call()
    submitted_application(call=call)
    url = reverse("review:queue", args=[call.code])
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    assert len(context) == 7
