"""The queue of a call: counts, filters, search, sort, pagination, a fixed number of queries, and the exports."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.review.models import QueueFacts
from applications.workflow import ApplicationStatus
from tests.applications.factories import ApplicationDocumentFactory

from .helpers import clone_submitted, login_verified, make_staff, open_call, submitted_application


@pytest.fixture
def call(db):
    return open_call()


def queue(client, call, **params):
    response = client.get(reverse("review:queue", args=[call.code]), params)
    assert response.status_code == 200
    return response


def receipts(response) -> list[str]:
    return [app.receipt_number for app in response.context["page"].object_list]


def test_counts_per_status_and_the_list(staff_client, call):
    first = submitted_application(call=call)
    clone_submitted(first, 3)
    from applications.models import Application

    Application.objects.filter(pk=first.pk).update(status=ApplicationStatus.SCREENING)
    response = queue(staff_client, call)
    counts = {row["status"]: row["count"] for row in response.context["counts"]}
    assert counts[ApplicationStatus.SUBMITTED] == 3 and counts[ApplicationStatus.SCREENING] == 1
    assert response.context["total"] == 4 and len(receipts(response)) == 4
    assert QueueFacts.objects.filter(call=call).count() == 4
    assert receipts(queue(staff_client, call, status="screening")) == [first.receipt_number]


def test_search_by_company_business_number_with_or_without_dashes_and_receipt(staff_client, call):
    first = submitted_application(call=call)
    others = clone_submitted(first, 3)
    target = others[1]
    number = target.snapshot["company"]["business_number"]
    assert receipts(queue(staff_client, call, q="클론기업 00002")) == [target.receipt_number]
    assert receipts(queue(staff_client, call, q=number)) == [target.receipt_number]
    assert receipts(queue(staff_client, call, q=number.replace("-", ""))) == [target.receipt_number]
    assert receipts(queue(staff_client, call, q=target.receipt_number[-5:])) == [target.receipt_number]
    assert receipts(queue(staff_client, call, q="없는회사")) == []


def test_filters_verdict_band_documents_item_and_bad_values(staff_client, call):
    first = submitted_application(call=call)
    big = clone_submitted(first, 1, start=10, regular_employees="120.00")[0]
    snapshot_ineligible = {**first.snapshot, "eligibility": {**first.snapshot["eligibility"], "verdict": "ineligible"}}
    from applications.models import Application

    small = clone_submitted(first, 1, start=20, regular_employees="5.00")[0]
    Application.objects.filter(pk=small.pk).update(
        snapshot=snapshot_ineligible | {"company": small.snapshot["company"]}
    )
    no_docs = clone_submitted(first, 1, start=30)[0]
    snapshot = dict(no_docs.snapshot)
    snapshot["content"] = {**snapshot["content"], "attachments": []}
    Application.objects.filter(pk=no_docs.pk).update(snapshot=snapshot)
    expired = clone_submitted(first, 1, start=40)[0]
    snapshot = dict(expired.snapshot)
    snapshot["content"] = {
        **snapshot["content"],
        "attachments": [{**row, "expires_on": "2020-01-01"} for row in snapshot["content"]["attachments"]],
    }
    Application.objects.filter(pk=expired.pk).update(snapshot=snapshot)

    assert receipts(queue(staff_client, call, verdict="ineligible")) == [small.receipt_number]
    assert receipts(queue(staff_client, call, band="100+")) == [big.receipt_number]
    assert receipts(queue(staff_client, call, band="lt10")) == [small.receipt_number]
    assert set(receipts(queue(staff_client, call, band="10-29"))) == {
        first.receipt_number,
        no_docs.receipt_number,
        expired.receipt_number,
    }
    assert receipts(queue(staff_client, call, docs="missing")) == [no_docs.receipt_number]
    assert receipts(queue(staff_client, call, docs="expired")) == [expired.receipt_number]
    assert set(receipts(queue(staff_client, call, docs="any"))) == {no_docs.receipt_number, expired.receipt_number}
    item_code = first.items.get().support_item.code
    assert receipts(queue(staff_client, call, item=item_code)) == [first.receipt_number]

    response = queue(staff_client, call, verdict="maybe", band="huge", sort="sideways", page="x")
    assert set(response.context["form"].errors) == {"verdict", "band", "sort", "page"}
    assert len(receipts(response)) == 5  # the bad filters are ignored, and said so
    assert "Some filters were not understood" in response.content.decode()


def test_a_row_shows_items_status_verdict_experts_and_document_problems(staff_client, call):
    from django.utils import translation

    from applications.models import Application

    first = submitted_application(call=call)
    no_docs = clone_submitted(first, 1)[0]
    snapshot = dict(no_docs.snapshot)
    snapshot["content"] = {**snapshot["content"], "attachments": []}
    Application.objects.filter(pk=no_docs.pk).update(snapshot=snapshot)
    item_name = first.items.get().support_item.name
    with translation.override("en"):
        response = staff_client.get(reverse("review:queue", args=[call.code]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    rows = {app.receipt_number: app for app in response.context["page"].object_list}
    complete, missing = rows[first.receipt_number], rows[no_docs.receipt_number]
    assert [row.support_item.name for row in complete.items.all()] == [item_name]
    assert list(missing.items.all()) == []  # the clone has no chosen items
    assert complete.active_assignments == []
    assert f'<a href="{reverse("review:application", args=[first.pk])}">{first.receipt_number}</a>' in html
    number = first.snapshot["company"]["business_number"]
    assert f'<div class="small text-body-secondary">{number}</div>' in html and "-" in number
    assert f'<span class="badge text-bg-secondary">{ApplicationStatus.SUBMITTED.label}</span>' in html
    assert '<span class="badge text-bg-success">Eligible</span>' in html
    assert f'<td class="small">{item_name}</td>' in html
    required = len(call.required_documents or [])
    if required:
        assert f'<span class="text-danger">{required} missing</span>' in html
    assert html.count('<td class="small">—</td>') == 2  # no experts on either row
    assert 'text-danger">expired<' not in html and html.count("complete</td>") == 1  # only the full one


def test_sort_by_each_column(staff_client, call):
    first = submitted_application(call=call)
    clone_submitted(first, 3)
    all_receipts = sorted(receipts(queue(staff_client, call)))
    assert receipts(queue(staff_client, call, sort="receipt")) == all_receipts
    assert receipts(queue(staff_client, call, sort="-receipt")) == all_receipts[::-1]
    by_company = [app.queue_facts.company_name for app in queue(staff_client, call, sort="company").context["page"]]
    assert by_company == sorted(by_company)
    newest = [app.submitted_at for app in queue(staff_client, call, sort="-submitted").context["page"]]
    assert newest == sorted(newest, reverse=True)
    QueueFacts.objects.filter(application=first).update(requested_city_krw=999_999_999)
    assert receipts(queue(staff_client, call, sort="-requested"))[0] == first.receipt_number
    from applications.models import Application

    Application.objects.filter(pk=first.pk).update(status=ApplicationStatus.SCREENING)
    assert receipts(queue(staff_client, call, sort="status"))[0] == first.receipt_number


def test_pagination_keeps_the_filters_in_the_links(staff_client, call):
    first = submitted_application(call=call)
    clone_submitted(first, 60)
    response = queue(staff_client, call, sort="-receipt")
    assert len(receipts(response)) == 50 and response.context["page"].paginator.num_pages == 2
    assert "sort=-receipt&amp;page=2" in response.content.decode()
    assert len(receipts(queue(staff_client, call, sort="-receipt", page=2))) == 11


def test_the_call_select_switches_to_another_call_with_the_same_filters(staff_client, call):
    other = open_call()
    response = staff_client.get(reverse("review:queue", args=[call.code]), {"call": other.code, "status": "submitted"})
    assert response.status_code == 302
    assert response["Location"] == reverse("review:queue", args=[other.code]) + "?status=submitted"


def test_unknown_call_is_404(staff_client, db):
    assert staff_client.get(reverse("review:queue", args=["no-such-call"])).status_code == 404


@pytest.mark.parametrize("extra", [0, 40])
def test_the_queue_makes_the_same_number_of_queries_for_one_and_many_rows(
    client, call, extra, django_assert_num_queries
):
    from tests.evaluation.factories import assign, committee_for, expert

    staff = make_staff("count@example.com")
    first = submitted_application(call=call)
    committee = committee_for(call)
    kim = expert(committee, full_name="김전문", email="kim@example.com")
    assign(committee, first, kim)
    if extra:
        clones = clone_submitted(first, extra)
        for application in clones[:10]:
            ApplicationDocumentFactory(application=application)
            assign(committee, application, kim)
    login_verified(client, staff)
    queue(client, call)  # builds the queue facts once
    url = reverse("review:queue", args=[call.code])
    # session, user, OTP device, roles, the user's calls, the call's support items, its experts, counts per status,
    # the page of rows, their chosen items, their active assignments (with experts), the header badge
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    # a filtered list adds its COUNT (the first application matches every filter, so the page has rows)
    item_code = first.items.get().support_item.code
    filters = {"sort": "company", "status": "submitted", "band": "10-29", "q": "-", "verdict": "eligible"}
    with django_assert_num_queries(13):
        assert client.get(url, filters | {"expert": str(kim.pk), "item": item_code}).status_code == 200


def test_the_exports_have_korean_headers_and_the_filtered_rows(staff_client, call):
    first = submitted_application(call=call)
    clone_submitted(first, 2)
    url = reverse("review:queue_xlsx", args=[call.code])
    response = staff_client.get(url, {"q": first.receipt_number})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "접수번호" or rows[0][0] == "Receipt number"  # Korean once the catalogue is translated
    from django.utils import translation

    from applications.review.exports import queue_headers

    with translation.override("ko"):
        assert list(rows[0]) == queue_headers()
    assert len(rows) == 2 and rows[1][0] == first.receipt_number
    assert rows[1][1] == first.snapshot["company"]["name"]
    assert rows[1][4] == "제출" or rows[1][4]  # the status label in Korean

    response = staff_client.get(reverse("review:queue_csv", args=[call.code]))
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(lines) == 4
    assert {line[1] for line in lines[1:]} == {first.snapshot["company"]["name"], "클론기업 00001", "클론기업 00002"}
    assert date.today().year  # the file name carries the date
    assert call.code in response["Content-Disposition"]


def test_experts_are_listed_in_the_filter_and_the_rows_and_filter_the_queue(staff_client, call):
    from tests.evaluation.factories import assign, committee_for, expert

    first = submitted_application(call=call)
    other = clone_submitted(first, 1)[0]
    committee = committee_for(call)
    kim = expert(committee, full_name="김전문", email="kim@example.com")
    lee = expert(committee, full_name="", email="lee@example.com")
    expert(committee, full_name="박미배정", email="park@example.com")  # no assignment in the call: not offered
    assign(committee, first, kim)
    assign(committee, first, lee)
    inactive = assign(committee, other, lee)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])

    response = queue(staff_client, call)
    rows = {app.receipt_number: app for app in response.context["page"].object_list}
    names = [str(assignment.expert) for assignment in rows[first.receipt_number].active_assignments]
    assert names == ["김전문", "lee@example.com"]  # in the order of assignment
    assert rows[other.receipt_number].active_assignments == []  # an inactive assignment does not count
    choices = dict(response.context["form"].fields["expert"].choices)
    assert choices == {"": choices[""], str(kim.pk): "김전문", str(lee.pk): "lee@example.com"}
    html = response.content.decode()
    assert f'<option value="{kim.pk}">김전문</option>' in html and "김전문, lee@example.com</td>" in html
    assert receipts(queue(staff_client, call, expert=str(lee.pk))) == [first.receipt_number]


def test_row_values_are_escaped_in_the_table(staff_client, call):
    from applications.models import Application

    first = submitted_application(call=call)
    snapshot = dict(first.snapshot)
    snapshot["company"] = {**snapshot["company"], "name": '<b>"Evil" & Co</b>'}
    Application.objects.filter(pk=first.pk).update(snapshot=snapshot)
    QueueFacts.objects.filter(application=first).delete()
    html = queue(staff_client, call).content.decode()
    assert "&lt;b&gt;&quot;Evil&quot; &amp; Co&lt;/b&gt;" in html and '<b>"Evil"' not in html
    assert '<th scope="col">' in html
