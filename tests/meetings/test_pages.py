"""The pages of the results meeting: the permission walk, registering, cancelling and answering through the
company page (bad input kept, errors naming the field), staff editing and check-in, fixed query counts for one and
many rows, and the export."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reports.meetings.enums import RegistrationState
from reports.meetings.models import AgendaItem, Question, Registration, Response
from reports.meetings.services import registration_register, survey_answer
from tests.applications.factories import UserFactory
from tests.evaluation.factories import otp_client

from .factories import meeting, meeting_input, member, staff, survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
R = RegistrationState


def staff_urls(year: int) -> list[str]:
    return [
        reverse("meetings_staff:list"),
        reverse("meetings_staff:meeting", args=[year]),
        reverse("meetings_staff:registrations", args=[year]),
        reverse("meetings_staff:results", args=[year]),
        reverse("meetings_staff:export", args=[year, "csv"]),
        reverse("meetings_staff:export", args=[year, "xlsx"]),
    ]


def company_url(m) -> str:
    return reverse("meetings:company", args=[m.year])


def register(m, user, attendees=1):
    company = user.company_membership.company
    return registration_register(meeting=m, company=company, acting_user=user, attendees=attendees)


def test_permission_walk():
    m = meeting(agenda=2)
    anonymous = Client()
    for url in [*staff_urls(m.year), company_url(m)]:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    # The public page is public.
    assert "Results 0" in anonymous.get(reverse("meetings:public", args=[m.year])).content.decode()
    assert anonymous.get(reverse("meetings:latest"))["Location"] == reverse("meetings:public", args=[m.year])
    company_member = Client()
    company_member.force_login(member())
    for url in staff_urls(m.year):
        assert company_member.get(url).status_code == 404, url
    assert company_member.get(reverse("meetings:company", args=[m.year + 1])).status_code == 404
    without_company = Client()
    without_company.force_login(UserFactory())
    assert without_company.get(company_url(m))["Location"] == reverse("applications:company_create")
    unverified = Client()
    unverified.force_login(staff())
    assert "/staff/two-factor/" in unverified.get(staff_urls(m.year)[0])["Location"]
    verified = otp_client(staff())
    for url in staff_urls(m.year):
        assert verified.get(url).status_code == 200, url
    assert verified.get(reverse("meetings_staff:meeting", args=[m.year + 1])).status_code == 404
    assert verified.get(reverse("meetings_staff:export", args=[m.year, "pdf"])).status_code == 404


def test_staff_cannot_check_in_a_registration_of_another_meeting():
    m, other = meeting(), meeting()
    registration = register(other, member())
    client = otp_client(staff())
    url = reverse("meetings_staff:registrations", args=[m.year])
    assert client.post(url, {"registration": registration.pk, "action": "check_in"}).status_code == 404
    assert client.post(url, {"registration": "x", "action": "check_in"}).status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_company_registers_answers_and_cancels_through_the_page():
    m = meeting()
    questions = survey(m)
    user = member()
    client = Client()
    client.force_login(user)
    page = client.get(company_url(m)).content.decode()
    assert "registration-form" in page and "survey-form" not in page
    response = client.post(company_url(m), {"action": "register", "attendees": "2", "attendee_names": "김민준"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.state == R.REGISTERED and registration.attendees == 2
    assert "survey-form" in client.get(company_url(m)).content.decode()
    data = {
        "action": "survey",
        f"question_{questions[0].pk}": "마케팅",
        f"question_{questions[1].pk}": "5",
        f"question_{questions[2].pk}": "좋았습니다",
    }
    assert client.post(company_url(m), data).status_code == 302
    page = client.get(company_url(m)).content.decode()
    assert "survey-answered" in page and "좋았습니다" in page
    assert client.post(company_url(m), data).status_code == 400  # once per company
    assert Response.objects.count() == 1
    assert client.post(company_url(m), {"action": "cancel"}).status_code == 302
    registration.refresh_from_db()
    assert registration.state == R.CANCELLED


def test_company_bad_input_is_kept_and_names_the_field():
    m = meeting()
    questions = survey(m)
    user = member()
    client = Client()
    client.force_login(user)
    response = client.post(company_url(m), {"action": "register", "attendees": "9", "attendee_names": "홍길동"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Number of attendees" in content and "홍길동" in content and "is-invalid" in content
    assert not Registration.objects.exists()
    register(m, user)
    data = {"action": "survey", f"question_{questions[1].pk}": "3", f"question_{questions[2].pk}": "남긴 의견"}
    response = client.post(company_url(m), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Answer the question “Which support do you need most?”." in content and "남긴 의견" in content
    assert not Response.objects.exists()


def test_a_full_meeting_puts_the_company_on_the_waiting_list():
    m = meeting(capacity=1)
    register(m, member())
    client = Client()
    client.force_login(member())
    client.post(company_url(m), {"action": "register", "attendees": "1"})
    page = client.get(company_url(m)).content.decode()
    assert 'data-state="waitlisted"' in page and "survey-form" not in page


def test_staff_create_a_meeting_edit_agenda_and_questions_and_check_in():
    client = otp_client(staff())
    data = meeting_input()
    post = {
        "year": data.year,
        "title_ko": "성과보고회",
        "title_en": "Results meeting",
        "starts_at": data.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "place": "대회의실",
        "capacity": "50",
        "registration_opens": data.registration_opens.strftime("%Y-%m-%dT%H:%M"),
        "registration_closes": data.registration_closes.strftime("%Y-%m-%dT%H:%M"),
    }
    assert client.post(reverse("meetings_staff:list"), post).status_code == 302
    url = reverse("meetings_staff:meeting", args=[data.year])
    agenda = {
        "action": "agenda_add",
        "agenda-order": "1",
        "agenda-starts_at": "14:00",
        "agenda-kind": "lecture",
        "agenda-title_ko": "국가 R&D 동향 특강",
        "agenda-title_en": "",
        "agenda-speaker": "강사",
    }
    assert client.post(url, agenda).status_code == 302
    question = {
        "action": "question_add",
        "question-order": "1",
        "question-text_ko": "무엇이 필요합니까?",
        "question-kind": "choice",
        "question-choices": "하나뿐",
        "question-required": "on",
    }
    response = client.post(url, question)
    assert response.status_code == 400
    assert "at least two choices" in response.content.decode() and "하나뿐" in response.content.decode()
    question["question-choices"] = "하나\n둘"
    assert client.post(url, question).status_code == 302
    assert AgendaItem.objects.get().title_ko == "국가 R&D 동향 특강"
    assert Question.objects.get().choice_list == ["하나", "둘"]
    bad = {
        **post,
        "action": "meeting",
        "registration_closes": post["starts_at"],
        "registration_opens": post["starts_at"],
    }
    response = client.post(url, bad)
    assert response.status_code == 400 and "Registration must close after it opens." in response.content.decode()
    user = member()
    m = Question.objects.get().meeting
    registration = register(m, user)
    registrations = reverse("meetings_staff:registrations", args=[m.year])
    assert client.post(registrations, {"registration": registration.pk, "action": "check_in"}).status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def _with_rows(rows: int):
    by = staff()
    m = meeting(by=by, agenda=rows)
    questions = survey(m, by=by)
    for n in range(rows):
        user = member()
        register(m, user)
        survey_answer(
            meeting=m,
            company=user.company_membership.company,
            acting_user=user,
            answers={questions[0].pk: "마케팅", questions[1].pk: str(n % 5 + 1), questions[2].pk: f"의견 {n}"},
        )
    return m, by


@pytest.mark.parametrize("rows", [1, 7])
def test_staff_pages_make_a_fixed_number_of_queries(django_assert_num_queries, rows):
    m, by = _with_rows(rows)
    meeting(by=by)  # a second meeting on the list
    client = otp_client(by)
    for name, args, queries in (
        ("list", [], LIST_QUERIES),
        ("registrations", [m.year], REGISTRATIONS_QUERIES),
        ("results", [m.year], RESULTS_QUERIES),
        ("meeting", [m.year], MEETING_QUERIES),
    ):
        url = reverse(f"meetings_staff:{name}", args=args)
        client.get(url)
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 7])
def test_public_and_company_pages_make_a_fixed_number_of_queries(django_assert_num_queries, rows):
    m, _by = _with_rows(rows)
    client = Client()
    client.force_login(Registration.objects.first().registered_by)
    with django_assert_num_queries(PUBLIC_QUERIES):
        assert client.get(reverse("meetings:public", args=[m.year])).status_code == 200
    with django_assert_num_queries(COMPANY_QUERIES):
        assert client.get(company_url(m)).status_code == 200


LIST_QUERIES = 6
REGISTRATIONS_QUERIES = 9
RESULTS_QUERIES = 11
MEETING_QUERIES = 9
PUBLIC_QUERIES = 6
COMPANY_QUERIES = 11


def test_the_results_aggregate_and_the_export_lists_every_answer():
    m, by = _with_rows(3)
    client = otp_client(by)
    page = client.get(reverse("meetings_staff:results", args=[m.year])).content.decode()
    assert "Average 2.0 of 5 (3 answers)" in page and "의견 2" in page
    response = client.get(reverse("meetings_staff:export", args=[m.year, "csv"]))
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{m.year}-survey.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][3:] == ["Which support do you need most?", "Satisfaction", "Other opinions"]
    assert [row[3:] for row in rows[1:]] == [
        ["마케팅", "1", "의견 0"],
        ["마케팅", "2", "의견 1"],
        ["마케팅", "3", "의견 2"],
    ]
    response = client.get(reverse("meetings_staff:export", args=[m.year, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][3:] == rows[0][3:] and values[3][3:] == ["마케팅", 3, "의견 2"]
