"""The public programs pages: catalogue, call page and eligibility self-check."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.enums import CallStatus, DocumentType, ProgramCode, RuleType
from programs.selectors import PHASE_CLOSED, PHASE_OPEN, PHASE_UPCOMING, catalogue_calls
from programs.views import apply_url
from tests.programs.factories import CallFactory, EligibilityRuleFactory, ProgramFactory, SupportItemFactory

pytestmark = pytest.mark.django_db

MACHINERY_MAKER = {
    "address": "경상북도 영천시 금호읍 금호로 100",
    "regular_employees": "25",
    "ksic_code": "C29",
    "annual_revenue_krw": "4,500,000,000",
    "sme_certified": "yes",
    "located_since_year": "2018",
    "located_since_month": "3",
    "business_number": "123-45-67891",
}


def open_call(program_code=ProgramCode.HVC, *, year, days_left=12, rules=(), items=2, **kwargs):
    """A call open now that closes ``days_left`` days from now, with the given (rule_type, params) rules."""
    now = timezone.now()
    call = CallFactory(
        program=ProgramFactory(code=program_code),
        year=year,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=days_left),
        **kwargs,
    )
    for rule_type, params in rules:
        EligibilityRuleFactory(call=call, rule_type=rule_type, params=params)
    SupportItemFactory.create_batch(items, call=call)
    return call


def employee_rules(minimum=None, below=None):
    rules = [(RuleType.LOCATION, {"sites": ["head_office"]})]
    if minimum is not None:
        rules.append((RuleType.EMPLOYEES_MIN, {"min": minimum}))
    if below is not None:
        rules.append((RuleType.EMPLOYEES_MAX, {"below": below}))
    return rules


def page_verdicts(html: str) -> dict[str, str]:
    """{call code: verdict} as the self-check page shows them."""
    return dict(re.findall(r'data-call="([^"]+)".*?data-verdict="([^"]+)"', html, flags=re.S))


# --- catalogue ------------------------------------------------------------------------------


def test_catalogue_orders_open_calls_by_deadline_then_upcoming_then_closed_by_year():
    now = timezone.now()
    later = open_call(ProgramCode.HVC, year=2031, days_left=40)
    sooner = open_call(ProgramCode.ITD, year=2031, days_left=5)
    upcoming = CallFactory(
        program=ProgramFactory(code=ProgramCode.HVC),
        year=2032,
        opens_at=now + timedelta(days=30),
        closes_at=now + timedelta(days=60),
    )
    closed_old = CallFactory(
        program=ProgramFactory(code=ProgramCode.HVC),
        year=2020,
        opens_at=now - timedelta(days=2000),
        closes_at=now - timedelta(days=1900),
        status=CallStatus.CLOSED,
    )
    closed_new = CallFactory(
        program=ProgramFactory(code=ProgramCode.ITD),
        year=2024,
        opens_at=now - timedelta(days=900),
        closes_at=now - timedelta(days=800),
    )
    CallFactory(program=ProgramFactory(code=ProgramCode.ITD), year=2033, status=CallStatus.DRAFT)

    calls = list(catalogue_calls(at=now))

    assert [c.code for c in calls] == [sooner.code, later.code, upcoming.code, closed_new.code, closed_old.code]
    assert [c.phase for c in calls] == [PHASE_OPEN, PHASE_OPEN, PHASE_UPCOMING, PHASE_CLOSED, PHASE_CLOSED]


def test_catalogue_shows_deadline_in_seoul_time_and_days_left(client):
    call = open_call(year=2031, days_left=12)
    response = client.get(reverse("programs:catalogue"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "D-12" in html
    deadline = timezone.localtime(call.closes_at, timezone.get_fixed_timezone(9 * 60)).strftime("%Y-%m-%d %H:%M")
    assert f"Closes {deadline} (Korea time)" in html
    assert "12 days left" in html
    assert reverse("programs:call", args=[call.code]) in html


@pytest.mark.parametrize("calls", [1, 6])
def test_catalogue_makes_a_fixed_number_of_queries(client, django_assert_num_queries, calls):
    now = timezone.now()
    for index in range(calls):
        code = ProgramCode.HVC if index % 2 else ProgramCode.ITD
        open_call(code, year=2040 + index, rules=employee_rules(minimum=30), items=4)
        CallFactory(
            program=ProgramFactory(code=code),
            year=2000 + index,
            opens_at=now - timedelta(days=900),
            closes_at=now - timedelta(days=800),
        )
    with django_assert_num_queries(2):  # the calls with their programs; their support items
        response = client.get(reverse("programs:catalogue"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card h-100 call-card"') == calls


@pytest.mark.parametrize("language", ["ko", "en"])
def test_pages_render_in_korean_and_english(client, language):
    call = open_call(year=2031, rules=employee_rules(minimum=30))
    program = call.program
    for url in (
        reverse("programs:catalogue"),
        reverse("programs:call", args=[call.code]),
        reverse("programs:eligibility"),
        "answers",  # the self-check's answer to the posted form
    ):
        if url == "answers":
            response = client.post(reverse("programs:eligibility"), MACHINERY_MAKER, HTTP_ACCEPT_LANGUAGE=language)
        else:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in html
        if "eligibility" not in url:
            assert (program.name_en if language == "en" else program.name_ko) in html, url
            assert (program.name_ko if language == "en" else program.name_en) not in html, url


# --- call page ------------------------------------------------------------------------------


def test_call_page_shows_who_may_apply_items_documents_timeline_and_contact(client):
    call = open_call(year=2031, items=0, required_documents=[DocumentType.BUSINESS_REGISTRATION.value])
    EligibilityRuleFactory(
        call=call,
        rule_type=RuleType.EMPLOYEES_MIN,
        params={"min": 30},
        message_en="30 or more regular employees",
        message_ko="상시근로자 30인 이상",
    )
    EligibilityRuleFactory(call=call, rule_type=RuleType.NO_SANCTION, params={}, is_active=False, message_en="OFF")
    SupportItemFactory(call=call, name_en="Prototype production", max_support_krw=30_000_000, combinable=False)
    response = client.get(reverse("programs:call", args=[call.code]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "30 or more regular employees" in html
    assert "OFF" not in html  # an inactive rule is not a condition
    assert "Prototype production" in html
    assert "KRW 30,000,000" in html
    assert "Company share of the project cost" in html and "25%" in html
    assert "Cash part of the company share, at least" in html and "50%" in html
    assert "One item only" in html
    assert "Business registration certificate" in html
    assert "Applications open" in html and "Applications close" in html
    assert "Evaluation" in html and "Results" in html
    assert call.contact_phone in html and call.contact_email in html
    assert reverse("programs:eligibility") in html


def test_call_page_offers_apply_only_when_the_applications_app_has_an_apply_page(client):
    call = open_call(year=2031)
    html = client.get(reverse("programs:call", args=[call.code])).content.decode()
    url = apply_url(call.code)
    if url is None:
        assert "applications/" not in html
    else:
        assert f'href="{url}"' in html


@pytest.mark.parametrize("status", [CallStatus.DRAFT, None])
def test_call_page_of_a_draft_or_unknown_call_is_404(client, status):
    code = "no-such-call"
    if status:
        code = CallFactory(status=status).code
    assert client.get(reverse("programs:call", args=[code])).status_code == 404


# --- self-check -----------------------------------------------------------------------------


def test_self_check_form_without_answers_shows_the_form_only(client):
    open_call(year=2031)
    response = client.get(reverse("programs:eligibility"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="address"' in html
    assert 'id="results"' not in html
    assert "error-summary" not in html


def test_self_check_keeps_what_was_typed_and_names_each_wrong_field(client):
    open_call(year=2031)
    typed = {
        "address": "서울특별시 중구 영천동 1",
        "regular_employees": "-3",
        "ksic_code": "C99",
        "annual_revenue_krw": "lots",
        "business_number": "106-86-14245",
        "month_3": "12",
    }
    response = client.post(reverse("programs:eligibility"), typed, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="results"' not in html
    summary = html[html.index('id="error-summary"') : html.index("</ul>", html.index('id="error-summary"'))]
    for label, anchor in [
        ("Average yearly revenue of the last 3 years (KRW)", "id_annual_revenue_krw"),
        ("Business registration number (optional)", "id_business_number"),
    ]:
        assert f'href="#{anchor}"' in summary and label in summary
    assert "check digit does not match" in html
    # what was typed is still there
    assert 'value="서울특별시 중구 영천동 1"' in html
    assert 'value="-3"' in html
    assert 'value="C99"' in html
    assert 'value="lots"' in html
    assert 'value="106-86-14245"' in html
    assert 'value="12"' in html and '<details class="monthly-headcounts mb-2" open>' in html
    assert html.count("is-invalid") >= 2


def test_self_check_reports_facts_errors_next_to_the_field(client):
    open_call(year=2031)
    typed = {**MACHINERY_MAKER, "regular_employees": "-1", "ksic_code": "04"}
    html = client.post(reverse("programs:eligibility"), typed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="#id_regular_employees"' in html
    assert "Regular employees cannot be negative." in html
    assert 'href="#id_ksic_code"' in html
    assert "There is no KSIC division 04." in html
    assert 'id="results"' not in html


def test_self_check_refuses_a_gap_in_the_monthly_headcounts(client):
    open_call(year=2031)
    typed = {**MACHINERY_MAKER, "regular_employees": "", "month_1": "30", "month_3": "31"}
    html = client.post(reverse("programs:eligibility"), typed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="#monthly-headcounts"' in html
    assert "February is empty" in html
    assert 'id="results"' not in html


def test_self_check_averages_monthly_headcounts_at_the_30_boundary(client):
    hvc = open_call(ProgramCode.HVC, year=2031, rules=employee_rules(minimum=30))
    itd = open_call(ProgramCode.ITD, year=2031, rules=employee_rules(below=30))
    months = {f"month_{n}": "30" for n in range(1, 13)} | {"month_12": "29"}  # 359 / 12 = 29.9
    typed = {**MACHINERY_MAKER, "regular_employees": ""} | months
    html = client.post(reverse("programs:eligibility"), typed).content.decode()
    assert page_verdicts(html) == {itd.code: "eligible", hvc.code: "ineligible"}


def test_self_check_shows_each_rule_with_icon_and_word_and_the_evidence_to_bring(client):
    call = open_call(year=2031, rules=employee_rules(minimum=30))
    typed = {"address": "경상북도 영천시 금호읍 금호로 100"}  # employees not known
    html = client.post(reverse("programs:eligibility"), typed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page_verdicts(html) == {call.code: "needs_evidence"}
    assert '<span class="verdict-icon" aria-hidden="true">?</span>' in html
    assert "Evidence needed" in html  # the word, not only the colour
    assert '<span class="rule-icon" aria-hidden="true">✓</span>' in html
    assert "Social-insurance enrollee register" in html


# --- every site the rules consider ------------------------------------------------------------

SEOUL = "서울특별시 중구 영천동 1"
ITD_RULES = [
    (RuleType.LOCATION, {"sites": ["head_office", "factory", "lab"], "require": "any"}),
    (RuleType.LOCATED_MIN_YEARS, {"years": 1}),
    (RuleType.EMPLOYEES_MAX, {"below": 30}),
]
SEOUL_COMPANY = {
    "address": SEOUL,
    "factory_address": SEOUL,
    "regular_employees": "12",
    "located_since_year": "2015",
}


def rule_outcomes(html: str, code: str) -> list[str]:
    card = html[html.index(f'data-call="{code}"') :]
    card = card[: card.index("</article>")]
    return re.findall(r'class="rule rule-(\w+)"', card)


def test_self_check_asks_for_every_site_with_a_none_choice(client):
    html = client.get(reverse("programs:eligibility"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for name, none_label in [
        ("address", "No head office"),
        ("factory_address", "No factory"),
        ("lab_address", "No research lab"),
    ]:
        assert f'name="{name}"' in html
        assert f'name="{name}_none"' in html
        assert none_label in html


def test_an_address_and_none_for_the_same_site_is_an_error_on_that_field(client):
    typed = {**MACHINERY_MAKER, "lab_address": "경북 영천시 금호읍 구암리 1", "lab_address_none": "on"}
    html = client.post(reverse("programs:eligibility"), typed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="#id_lab_address"' in html
    assert "Research lab address: Give this address or choose “none”, not both." in html
    assert 'value="경북 영천시 금호읍 구암리 1"' in html
    assert 'id="results"' not in html


def test_seoul_yeongcheon_dong_without_a_lab_is_not_eligible_and_not_located_in_yeongcheon(client):
    itd = open_call(ProgramCode.ITD, year=2031, rules=ITD_RULES)
    typed = {**SEOUL_COMPANY, "lab_address_none": "on"}
    html = client.post(reverse("programs:eligibility"), typed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page_verdicts(html) == {itd.code: "ineligible"}
    assert rule_outcomes(html, itd.code) == ["fail", "fail", "pass"]  # location, years located, employees
    card = html[html.index(f'data-call="{itd.code}"') :]
    assert 'href="/applications/apply/' not in card[: card.index("</article>")]


def test_seoul_yeongcheon_dong_with_the_lab_not_answered_needs_evidence_and_never_passes_the_years(client):
    itd = open_call(ProgramCode.ITD, year=2031, rules=ITD_RULES)
    html = client.post(reverse("programs:eligibility"), SEOUL_COMPANY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page_verdicts(html) == {itd.code: "needs_evidence"}
    assert rule_outcomes(html, itd.code) == ["unknown", "unknown", "pass"]


def test_a_lab_in_yeongcheon_makes_the_company_located_there(client):
    itd = open_call(ProgramCode.ITD, year=2031, rules=ITD_RULES)
    typed = {**SEOUL_COMPANY, "lab_address": "경상북도 영천시 금호읍 금호로 100"}
    html = client.post(reverse("programs:eligibility"), typed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page_verdicts(html) == {itd.code: "eligible"}


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "<title>Error: 1 answer to correct · Eligibility self-check"), ("ko", "<title>오류: 고칠 답 1개 · ")],
)
def test_self_check_error_is_in_the_title_and_the_summary_takes_the_focus(client, language, title):
    typed = {**MACHINERY_MAKER, "ksic_code": "C99"}
    html = client.post(reverse("programs:eligibility"), typed, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert title in html
    assert re.search(r'<div[^>]*id="error-summary"[^>]*tabindex="-1" autofocus>', html)
    assert html.count("autofocus") == 1


def test_self_check_in_korean_puts_no_particle_after_the_division(client):
    """No "29은(는)": the Korean messages never put a particle after an inserted value."""
    open_call(ProgramCode.HVC, year=2031, rules=[(RuleType.MANUFACTURING, {"divisions": [10, 34]})])
    html = client.post(reverse("programs:eligibility"), MACHINERY_MAKER, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "중분류 29, 제조업은 10~34" in html
    assert "은(는)" not in html


def test_the_self_check_posts_with_a_csrf_token_and_keeps_the_business_number_out_of_urls(db):
    """The business number a company types goes in the body of a POST, never in a URL (access logs keep URLs);
    the answer is rendered from the POST; a GET with answers in its query string answers nothing."""
    from django.test import Client

    open_call(year=2031, rules=employee_rules(minimum=30))
    client = Client(enforce_csrf_checks=True)
    url = reverse("programs:eligibility")
    page = client.get(url)
    html = page.content.decode()
    form = html[html.index('class="self-check-form"') - 80 : html.index("</form>", html.index("self-check-form"))]
    assert 'method="post"' in form and 'name="csrfmiddlewaretoken"' in form
    typed = MACHINERY_MAKER  # with its business number, 123-45-67891

    assert 'id="results"' not in client.get(url, typed).content.decode()
    assert client.post(url, typed).status_code == 403  # no token
    token = page.cookies["csrftoken"].value
    answered = client.post(url, {**typed, "csrfmiddlewaretoken": token}, HTTP_ACCEPT_LANGUAGE="en")
    assert answered.status_code == 200 and not answered.has_header("Location")
    html = answered.content.decode()
    assert 'id="results"' in html
    assert 'value="123-45-67891"' in html  # kept in the form, not in a link
    links = "".join(re.findall(r'(?:href|action|src)="([^"]*)"', html))
    assert "67891" not in links and links
