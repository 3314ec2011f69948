"""Pages: the role walk over every URL, what experts see, forms keeping input, exports, query counts."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.evaluation.enums import SheetStatus
from applications.evaluation.models import ScoreSheet
from applications.models import ApplicationStatusChange
from applications.workflow import ApplicationStatus
from portal.accounts.roles import Role
from tests.programs.factories import CallFactory

from .factories import (
    application,
    assign,
    committee_for,
    company_member,
    expert,
    otp_client,
    scored,
    staff,
    submitted_sheet,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    committee = committee_for(CallFactory(budget_krw=100_000_000))
    app = application(committee.call)
    assigned = expert(committee, full_name="배정위원")
    assignment = assign(committee, app, assigned)
    submitted_sheet(assignment, 0.8)
    return committee, app, assigned, assignment


def urls(committee, assignment):
    code = committee.call.code
    expert_urls = [
        reverse("evaluation_expert:home"),
        reverse("evaluation_expert:assignment", args=[assignment.pk]),
        reverse("evaluation_expert:declare", args=[assignment.pk]),
        reverse("evaluation_expert:results", args=[assignment.pk]),
    ]
    staff_urls = [
        reverse(f"evaluation_staff:{name}", args=[code])
        for name in ("overview", "assignments", "conflicts", "bonus", "ranking")
    ]
    staff_urls += [
        reverse("evaluation_staff:export", args=[code, kind, fmt])
        for kind in ("scores", "ranking")
        for fmt in ("xlsx", "csv")
    ]
    return expert_urls, staff_urls


def logged_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def codes(client, paths):
    return [client.get(path).status_code for path in paths]


def test_role_walk_over_every_url(world):
    from django.test import Client

    committee, _app, assigned, assignment = world
    expert_urls, staff_urls = urls(committee, assignment)
    everything = expert_urls + staff_urls

    anonymous = Client()
    for path in everything:
        response = anonymous.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path

    for user in (company_member(), user_with_role(Role.CITY_OFFICIAL)):
        assert codes(logged_in(user), everything) == [404] * len(everything)

    unassigned = logged_in(expert(committee))
    assert codes(unassigned, expert_urls) == [200, 404, 404, 404]
    assert codes(unassigned, staff_urls) == [404] * len(staff_urls)

    mine = logged_in(assigned)
    # declared already → the declaration page sends to the sheet; results wait for the close
    assert codes(mine, expert_urls) == [200, 200, 302, 404]
    assert codes(mine, staff_urls) == [404] * len(staff_urls)

    no_otp = logged_in(staff())
    assert codes(no_otp, expert_urls) == [404] * len(expert_urls)
    for path in staff_urls:
        response = no_otp.get(path)
        assert response.status_code == 302 and "next=" in response["Location"], path

    for user in (staff(), staff(manager=True)):
        client = otp_client(user)
        assert codes(client, staff_urls) == [200] * len(staff_urls)
        assert codes(client, expert_urls) == [404] * len(expert_urls)


def test_expert_sees_only_title_and_company_before_declaring_and_never_after_a_conflict():
    committee = committee_for()
    app = application(committee.call)
    app.project_summary = "비밀스러운 공정 개선 계획"
    app.save()
    person = expert(committee)
    assignment = assign(committee, app, person, declared=False)
    client = logged_in(person)
    sheet_url = reverse("evaluation_expert:assignment", args=[assignment.pk])
    declare_url = reverse("evaluation_expert:declare", args=[assignment.pk])
    assert client.get(sheet_url)["Location"] == declare_url
    page = client.get(declare_url).content.decode()
    assert app.project_title in page and app.company.name in page and "비밀스러운" not in page
    response = client.post(declare_url, {"kind": "exclusion", "ground": "", "note": "메모 유지"})
    assert response.status_code == 200 and "Choose the ground of the exclusion." in response.content.decode()
    assert "메모 유지" in response.content.decode()
    response = client.post(declare_url, {"kind": "exclusion", "ground": "advised", "note": ""})
    assert response.status_code == 302
    assert client.get(sheet_url).status_code == 404
    assert client.get(declare_url).status_code == 404
    assert app.receipt_number not in client.get(reverse("evaluation_expert:home")).content.decode()


def test_other_experts_scores_and_names_are_hidden_until_the_evaluation_closes(world):
    committee, app, assigned, assignment = world
    other = expert(committee, full_name="다른위원")
    submitted_sheet(assign(committee, app, other), 0.55)
    client = logged_in(assigned)
    pages = [reverse("evaluation_expert:home"), reverse("evaluation_expert:assignment", args=[assignment.pk])]
    for path in pages:
        body = client.get(path).content.decode()
        assert "다른위원" not in body and "55.00" not in body
    results = reverse("evaluation_expert:results", args=[assignment.pk])
    assert client.get(results).status_code == 404
    committee.closed_at = timezone.now()
    committee.save()
    body = client.get(results).content.decode()
    assert "다른위원" in body and "55.00" in body and "67.50" in body  # mean of 80 and 55


def test_score_form_keeps_input_and_names_fields_then_submits_once():
    committee = committee_for()
    person = expert(committee)
    assignment = assign(committee, application(committee.call), person)
    criteria = list(committee.criteria.all())
    client = logged_in(person)
    url = reverse("evaluation_expert:assignment", args=[assignment.pk])
    data = {"action": "submit", "confirm_submit": "on"}
    for c in criteria:
        data[f"score_{c.pk}"] = "5"
        data[f"comment_{c.pk}"] = "충분한 근거가 있는 의견"
    data[f"score_{criteria[0].pk}"] = "99"
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200 and "Give a score between 0 and 40." in body and 'value="99"' in body
    assert not ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED).exists()
    data[f"score_{criteria[0].pk}"] = "35.5"
    assert client.post(url, data).status_code == 302
    sheet = ScoreSheet.objects.get()
    assert sheet.status == SheetStatus.SUBMITTED
    assert client.post(url, data).status_code == 403


def test_ranking_page_bulk_decisions_with_errors_keep_input_then_record_history():
    committee = committee_for(CallFactory(budget_krw=100_000_000))
    a = application(committee.call, city_support=70_000_000)
    b = application(committee.call, city_support=40_000_000)
    scored(committee, a, [90])
    scored(committee, b, [80])
    committee.closed_at = timezone.now()
    committee.save()
    client = otp_client(staff())
    url = reverse("evaluation_staff:ranking", args=[committee.call.code])
    body = client.get(url).content.decode()
    assert "30,000,000" in body and "-10,000,000" in body  # remaining budget down the list
    response = client.post(
        url,
        {
            "pick": [a.pk, b.pk],
            "confirm": "on",
            f"decision_{a.pk}": "select",
            f"reason_{a.pk}": "1위",
            f"decision_{b.pk}": "select",
            f"reason_{b.pk}": "2위",
        },
    )
    assert response.status_code == 400 and "remain" in response.content.decode()
    assert 'value="2위"' in response.content.decode()
    response = client.post(
        url,
        {
            "pick": [a.pk, b.pk],
            "confirm": "on",
            f"decision_{a.pk}": "select",
            f"reason_{a.pk}": "1위",
            f"decision_{b.pk}": "waitlist",
            f"reason_{b.pk}": "",
        },
    )
    assert response.status_code == 400 and "Give the reason of this decision." in response.content.decode()
    response = client.post(
        url,
        {
            "pick": [a.pk, b.pk],
            "confirm": "on",
            f"decision_{a.pk}": "select",
            f"reason_{a.pk}": "1위",
            f"decision_{b.pk}": "waitlist",
            f"reason_{b.pk}": "예산 초과, 예비",
        },
    )
    assert response.status_code == 302
    history = dict(ApplicationStatusChange.objects.filter(application__in=[a, b]).values_list("to_status", "reason"))
    assert history == {ApplicationStatus.SELECTED: "1위", ApplicationStatus.WAITLISTED: "예산 초과, 예비"}


def test_exports_have_headers_and_rows(world):
    committee, app, _assigned, _assignment = world
    client = otp_client(staff())
    code = committee.call.code
    response = client.get(reverse("evaluation_staff:export", args=[code, "scores", "csv"]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1 + committee.criteria.count()
    assert rows[1][0] == app.receipt_number and rows[1][2] == "배정위원"
    response = client.get(reverse("evaluation_staff:export", args=[code, "ranking", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][1] == app.receipt_number and values[1][7] == 80.0


@pytest.mark.parametrize("size", [1, 12])
def test_ranking_page_makes_the_same_number_of_queries_for_one_and_many(size, django_assert_num_queries):
    committee = committee_for()
    for _ in range(size):
        scored(committee, application(committee.call), [70, 80])
    client = otp_client(staff())
    url = reverse("evaluation_staff:ranking", args=[committee.call.code])
    client.get(url)
    # Session, user, OTP device, roles, the call, the committee, the ranking's own three (its rows ranked in the
    # database, whatever their number), the header badge.
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_expert_list_makes_the_same_number_of_queries_for_one_and_many(size, django_assert_num_queries):
    committee = committee_for()
    person = expert(committee)
    for _ in range(size):
        submitted_sheet(assign(committee, application(committee.call), person), 0.7)
    client = logged_in(person)
    with django_assert_num_queries(5):  # session, user, roles, the assignments, the header badge
        assert client.get(reverse("evaluation_expert:home")).status_code == 200


def test_the_ranking_form_carries_each_requests_own_csrf_token_and_shows_a_decision_at_once(db):
    committee = committee_for()
    app = application(committee.call)
    scored(committee, app, [70, 80])
    url = reverse("evaluation_staff:ranking", args=[committee.call.code])
    first, second = otp_client(staff()), otp_client(staff())
    pages = [client.get(url).content.decode() for client in (first, second, first)]
    tokens = [page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0] for page in pages]
    assert all(tokens) and tokens[0] != tokens[1]  # each client its own token
    from applications.models import Application

    Application.objects.filter(pk=app.pk).update(status=ApplicationStatus.SELECTED)
    assert "Selected" in first.get(url).content.decode().split(app.receipt_number, 1)[1].split("</tr>", 1)[0]


def test_the_assignment_list_offers_only_applications_in_evaluation_by_receipt_number_and_company(settings):
    settings.LANGUAGE_CODE = "ko"
    committee = committee_for()
    expert(committee, full_name="배정위원")
    in_evaluation = application(committee.call)
    screening = application(committee.call, status=ApplicationStatus.SCREENING)
    draft = application(committee.call, status=ApplicationStatus.DRAFT)
    draft.receipt_number = None
    draft.save(update_fields=["receipt_number"])
    client = otp_client(staff(language="ko"))
    url = reverse("evaluation_staff:assignments", args=[committee.call.code])
    body = client.get(url, headers={"accept-language": "ko"}).content.decode()
    assert f">{in_evaluation.receipt_number} {in_evaluation.company.name}</option>" in body
    assert screening.receipt_number not in body and draft.company.name not in body
    assert "None" not in body and "Select an option" not in body
    assert "신청을 선택하십시오" in body  # the empty choice, in Korean


def test_the_ranking_column_of_submitted_sheets_says_so(settings):
    settings.LANGUAGE_CODE = "ko"
    committee = committee_for()
    client = otp_client(staff(language="ko"))
    url = reverse("evaluation_staff:ranking", args=[committee.call.code])
    body = client.get(url, headers={"accept-language": "ko"}).content.decode()
    assert "제출된 평가표 수" in body


def test_a_final_submission_without_the_confirmation_is_kept_as_a_draft_and_asks_once():
    committee = committee_for()
    person = expert(committee)
    assignment = assign(committee, application(committee.call), person)
    client = logged_in(person)
    url = reverse("evaluation_expert:assignment", args=[assignment.pk])
    data = {"action": "submit"}
    for c in committee.criteria.all():
        data[f"score_{c.pk}"] = "5"
        data[f"comment_{c.pk}"] = "충분한 근거가 있는 의견"
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200 and "Tick the box to confirm" in body and "cannot be changed" in body
    assert 'value="5"' in body
    assert ScoreSheet.objects.get().status == SheetStatus.DRAFT  # saved, not submitted
    assert client.post(url, {**data, "confirm_submit": "on"}).status_code == 302
    assert ScoreSheet.objects.get().status == SheetStatus.SUBMITTED


def test_closing_says_what_it_leaves_behind_and_needs_the_confirmation():
    committee = committee_for()
    person = expert(committee)
    assign(committee, application(committee.call), person)  # not scored
    application(committee.call, status=ApplicationStatus.SCREENING)
    application(committee.call, status=ApplicationStatus.REVISION_REQUESTED)
    client = otp_client(staff(manager=True))
    url = reverse("evaluation_staff:overview", args=[committee.call.code])
    body = client.get(url).content.decode()
    assert "1 assigned score sheet is not submitted" in body
    assert "2 applications of this call are still in screening: they will not be evaluated." in body
    refused = client.post(url, {"action": "close", "override_reason": "회의 일정"})
    assert "Tick the box to confirm" in refused.content.decode() and "회의 일정" in refused.content.decode()
    committee.refresh_from_db()
    assert not committee.is_closed
    done = client.post(url, {"action": "close", "override_reason": "회의 일정", "confirm": "on"})
    assert done.status_code == 302
    committee.refresh_from_db()
    assert committee.is_closed


def test_bulk_decisions_without_the_confirmation_change_nothing_and_keep_the_input():
    committee = committee_for(CallFactory(budget_krw=100_000_000))
    a = application(committee.call, city_support=30_000_000)
    scored(committee, a, [90])
    committee.closed_at = timezone.now()
    committee.save()
    client = otp_client(staff())
    url = reverse("evaluation_staff:ranking", args=[committee.call.code])
    assert "is told its decision at once" in client.get(url).content.decode()
    response = client.post(url, {"pick": [a.pk], f"decision_{a.pk}": "select", f"reason_{a.pk}": "1위"})
    body = response.content.decode()
    assert response.status_code == 400 and "Tick the box to confirm the decisions" in body and 'value="1위"' in body
    a.refresh_from_db()
    assert a.status == ApplicationStatus.EVALUATION
