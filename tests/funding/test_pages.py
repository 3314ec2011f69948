"""The funding pages: who may open them (anonymous → login, other companies' ids → 404, non-staff on staff
pages → 404), the forms keep what was typed with errors naming the field, fixed query counts for 1 and many
rows."""

import pytest
from django.urls import URLPattern, reverse

from applications.funding import urls as funding_urls
from applications.funding.models import Payment, Refund, Settlement, SettlementReceipt, SettlementState
from applications.funding.services import LineDecision, project_cancel, settlement_review_finish
from tests.evaluation.factories import otp_client
from tests.programs.factories import CallFactory

from .factories import items, member_of, pdf, project, staff, today
from .test_services import pay, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def staff_url(application) -> str:
    return reverse("funding:staff_application", args=[application.pk])


def company_url(application) -> str:
    return reverse("funding:company", args=[application.pk])


@pytest.fixture
def theirs():
    """Another company's project with a payment, a settlement with a receipt, and a refund."""
    application = project(city=10_000_000)
    item = items(application)[0]
    payment = pay(application, 10_000_000, item=item)
    settlement = submitted(application, {item: 10_000_000})
    settlement_review_finish(settlement=settlement, acting_user=staff(), decisions=[LineDecision(item, 8_000_000, "x")])
    receipt = SettlementReceipt.objects.get()
    return application, payment, receipt


def _urls(application, payment, receipt) -> dict[str, str]:
    pk = application.pk
    return {
        "summary": reverse("funding:summary"),
        "staff_application": reverse("funding:staff_application", args=[pk]),
        "staff_file": reverse("funding:staff_file", args=[pk, "payment", payment.pk]),
        "company": reverse("funding:company", args=[pk]),
        "company_receipt": reverse("funding:company_receipt", args=[pk, receipt.pk]),
    }


def test_every_pattern_is_covered(theirs):
    names = {p.name for p in funding_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(_urls(*theirs))


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, theirs, method):
    for url in _urls(*theirs).values():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "login" in response["Location"], url


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_companys_member_gets_404_everywhere(theirs, method):
    mine = project()
    client = otp_client(member_of(mine))
    for url in _urls(*theirs).values():
        response = getattr(client, method)(url, {"action": "save"} if method == "post" else None)
        assert response.status_code == 404, url
    application = theirs[0]
    assert Settlement.objects.get(agreement__application=application).state == SettlementState.REVIEWED


def test_staff_pages_are_404_for_members_and_ask_staff_for_the_second_factor(client, theirs):
    application, payment, _receipt = theirs
    urls = _urls(*theirs)
    member = otp_client(member_of(application))
    for name in ("summary", "staff_application", "staff_file"):
        assert member.get(urls[name]).status_code == 404
    assert member.get(urls["company"]).status_code == 200
    assert member.get(urls["company_receipt"]).status_code == 200
    client.force_login(staff())
    response = client.get(urls["staff_application"])
    assert response.status_code == 302 and reverse("review:otp_verify") in response["Location"]
    staff_client = otp_client(staff())
    assert staff_client.get(urls["staff_file"]).status_code == 200
    other_file = reverse("funding:staff_file", args=[project().pk, "payment", payment.pk])
    assert staff_client.get(other_file).status_code == 404


def test_links_from_the_application_and_agreement_pages():
    application = project()
    staff_client = otp_client(staff())
    assert (
        staff_url(application)
        in staff_client.get(reverse("review:application", args=[application.pk])).content.decode()
    )
    assert (
        staff_url(application) in staff_client.get(reverse("review:agreement", args=[application.pk])).content.decode()
    )
    member = otp_client(member_of(application))
    page = member.get(reverse("applications:application_detail", args=[application.pk])).content.decode()
    assert company_url(application) in page


def test_staff_record_a_payment_and_an_amount_over_the_agreement_keeps_the_input():
    application = project(city=10_000_000)
    item = items(application)[0]
    client = otp_client(staff())
    data = {"action": "payment", "support_item": item, "tranche": 1, "paid_on": today().isoformat(), "note": "1차"}
    response = client.post(staff_url(application), {**data, "amount_krw": "10000001", "evidence": pdf()})
    assert response.status_code == 400
    content = response.content.decode()
    assert "is above what remains" in content and 'value="10000001"' in content and "is-invalid" in content
    assert not Payment.objects.exists()
    response = client.post(staff_url(application), {**data, "amount_krw": "abc", "evidence": pdf()})
    assert response.status_code == 400 and "Enter a whole number" in response.content.decode()
    response = client.post(staff_url(application), {**data, "amount_krw": "6000000", "evidence": pdf()})
    assert response.status_code == 302
    assert Payment.objects.get().amount_krw == 6_000_000
    assert "6,000,000" in client.get(staff_url(application)).content.decode()


def test_staff_review_through_the_page_with_a_missing_reason_named():
    application = project(city=10_000_000)
    item = items(application)[0]
    pay(application, 10_000_000, item=item)
    submitted(application, {item: 10_000_000})
    client = otp_client(staff())
    response = client.post(staff_url(application), {"action": "finish", f"review-accepted_{item}": "7000000"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Give the reason for disallowing" in content and 'value="7000000"' in content
    response = client.post(
        staff_url(application),
        {"action": "finish", f"review-accepted_{item}": "7000000", f"review-reason_{item}": "증빙 부족"},
    )
    assert response.status_code == 302
    assert Refund.objects.get().amount_krw == 3_000_000


def test_staff_return_void_repay_and_cancel_through_the_page():
    application = project(city=10_000_000)
    item = items(application)[0]
    payment = pay(application, 4_000_000, item=item)
    submitted(application, {item: 1_000_000})
    client = otp_client(staff())
    assert client.post(staff_url(application), {"action": "return", "return-comment": ""}).status_code == 400
    assert client.post(staff_url(application), {"action": "return", "return-comment": "보완"}).status_code == 302
    assert Settlement.objects.get().state == SettlementState.RETURNED
    response = client.post(staff_url(application), {"action": "void", "payment": payment.pk, "void-reason": ""})
    assert response.status_code == 400
    assert (
        client.post(staff_url(application), {"action": "void", "payment": 999999, "void-reason": "x"}).status_code
        == 404
    )
    pay(application, 2_000_000, item=item, tranche=2)
    response = client.post(staff_url(application), {"action": "cancel", "cancel-reason": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert client.post(staff_url(application), {"action": "cancel", "cancel-reason": "포기"}).status_code == 302
    refund = Refund.objects.get()
    assert refund.amount_krw == 6_000_000
    prefix = f"refund{refund.pk}"
    response = client.post(
        staff_url(application),
        {
            "action": "repayment",
            "refund": refund.pk,
            f"{prefix}-paid_on": today().isoformat(),
            f"{prefix}-amount_krw": "7000000",
        },
    )
    assert response.status_code == 400 and 'value="7000000"' in response.content.decode()
    response = client.post(
        staff_url(application),
        {
            "action": "repayment",
            "refund": refund.pk,
            f"{prefix}-paid_on": today().isoformat(),
            f"{prefix}-amount_krw": "6000000",
        },
    )
    assert response.status_code == 302
    refund.refresh_from_db()
    assert not refund.is_open


def test_company_saves_and_submits_the_settlement_and_a_missing_receipt_is_named():
    application = project(city=10_000_000)
    item = items(application)[0]
    client = otp_client(member_of(application))
    data = {f"city_{item}": "5000000", f"cash_{item}": "1000000", f"inkind_{item}": "0"}
    response = client.post(company_url(application), {**data, "action": "submit"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "attach at least one receipt" in content and 'value="5000000"' in content
    assert Settlement.objects.get().state == SettlementState.DRAFT  # the draft is saved all the same
    response = client.post(company_url(application), {**data, f"inkind_{item}": "x", "action": "save"})
    assert response.status_code == 400 and "Enter a whole number" in response.content.decode()
    response = client.post(
        company_url(application), {**data, f"receipts_{item}": [pdf("a.pdf"), pdf("b.pdf")], "action": "save"}
    )
    assert response.status_code == 302
    assert SettlementReceipt.objects.count() == 2
    receipt = SettlementReceipt.objects.first()
    assert client.post(company_url(application), {"action": "remove_receipt", "receipt": receipt.pk}).status_code == 302
    assert SettlementReceipt.objects.count() == 1
    assert client.post(company_url(application), {**data, "action": "submit"}).status_code == 302
    assert Settlement.objects.get().state == SettlementState.SUBMITTED
    content = client.get(company_url(application)).content.decode()
    assert "Submitted, waiting for review" in content and "settlement-form" not in content
    assert client.post(company_url(application), {**data, "action": "save"}).status_code == 404


def test_company_sees_its_refund_after_cancellation():
    application = project(city=10_000_000)
    pay(application, 2_500_000)
    project_cancel(application=application, acting_user=staff(), reason="포기")
    content = otp_client(member_of(application)).get(company_url(application)).content.decode()
    assert "2,500,000" in content and "Open" in content


def _project_with_rows(call, rows: int):
    application = project(call, lines=rows, city=10_000_000)
    for n, item in enumerate(items(application), start=1):
        pay(application, 1_000_000, item=item, tranche=n)
    submitted(application, dict.fromkeys(items(application), 1_000_000))
    return application


@pytest.mark.parametrize("rows", [1, 5])
def test_staff_application_page_makes_a_fixed_number_of_queries(django_assert_num_queries, rows):
    application = _project_with_rows(CallFactory(budget_krw=10**10), rows)
    item = items(application)[0]
    settlement_review_finish(
        settlement=Settlement.objects.get(),
        acting_user=staff(),
        decisions=[LineDecision(i, 500_000 if i == item else 1_000_000, "x") for i in items(application)],
    )
    client = otp_client(staff())
    client.get(staff_url(application))
    with django_assert_num_queries(STAFF_QUERIES):
        response = client.get(staff_url(application))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 5])
def test_company_page_makes_a_fixed_number_of_queries(django_assert_num_queries, rows):
    application = _project_with_rows(CallFactory(budget_krw=10**10), rows)
    client = otp_client(member_of(application))
    client.get(company_url(application))
    with django_assert_num_queries(COMPANY_QUERIES):
        response = client.get(company_url(application))
    assert response.status_code == 200


@pytest.mark.parametrize("projects", [1, 6])
def test_summary_page_makes_a_fixed_number_of_queries(django_assert_num_queries, projects):
    call = CallFactory(budget_krw=10**10)
    CallFactory(budget_krw=10**9)  # a call without projects
    for n in range(projects):
        application = _project_with_rows(call, 1)
        if n % 2:
            project_cancel(application=application, acting_user=staff(), reason="취소")
    client = otp_client(staff())
    client.get(reverse("funding:summary"))
    with django_assert_num_queries(SUMMARY_QUERIES):
        response = client.get(reverse("funding:summary"))
    assert response.status_code == 200
    assert f"{projects * 10_000_000:,}" in response.content.decode()


STAFF_QUERIES = 16
COMPANY_QUERIES = 16
SUMMARY_QUERIES = 11
