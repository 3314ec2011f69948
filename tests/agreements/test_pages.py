"""The staff and company agreement pages: what each sees, bad input kept with errors naming the field, fixed
query counts for one and many lines."""

import pytest
from django.urls import reverse

from applications.agreements.models import AgreementVersion
from applications.agreements.services import (
    agreement_change,
    agreement_confirm,
    agreement_draft,
    agreement_version_issue,
)
from tests.evaluation.factories import otp_client
from tests.programs.factories import CallFactory

from .factories import S, member_of, selected_application, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def staff_url(application) -> str:
    return reverse("review:agreement", args=[application.pk])


def company_url(application) -> str:
    return reverse("applications:agreement", args=[application.pk])


def form_data(version, **changes) -> dict:
    data = {
        "starts_on": version.starts_on.isoformat() if version.starts_on else "",
        "ends_on": version.ends_on.isoformat() if version.ends_on else "",
        "special_conditions": version.special_conditions,
        "change_reason": version.change_reason,
    }
    for line in version.lines.all():
        data[f"city_{line.support_item_id}"] = line.city_support_krw
        data[f"cash_{line.support_item_id}"] = line.company_cash_krw
        data[f"inkind_{line.support_item_id}"] = line.company_inkind_krw
    for n, milestone in enumerate(version.milestones.all()):
        data[f"ms{n}_title"] = milestone.title
        data[f"ms{n}_due"] = milestone.due_on.isoformat() if milestone.due_on else ""
        data[f"ms{n}_deliverable"] = milestone.deliverable
    data.update(changes)
    return data


def test_staff_draft_edit_and_issue_through_the_page():
    application = selected_application()
    client = otp_client(staff())
    page = client.get(reverse("review:application", args=[application.pk]))
    assert staff_url(application) in page.content.decode()
    response = client.post(staff_url(application), {"action": "draft"})
    assert response.status_code == 302
    version = AgreementVersion.objects.get()
    data = form_data(version, special_conditions="중간보고 후 2차 지급", ms2_title="양산 준비", action="issue")
    response = client.post(staff_url(application), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    version.refresh_from_db()
    assert version.issued_at is not None and version.special_conditions == "중간보고 후 2차 지급"
    assert [m.title for m in version.milestones.all()] == ["시제품 제작", "성능 시험", "양산 준비"]
    assert "Sent to the company" in client.get(staff_url(application)).content.decode()


def test_staff_issue_with_a_broken_rule_keeps_the_draft_and_names_the_field():
    application = selected_application()
    user = staff()
    client = otp_client(user)
    version = agreement_draft(application=application, acting_user=user)
    item_id = version.lines.get().support_item_id
    data = form_data(version, **{f"city_{item_id}": "45000000", "action": "issue"})
    response = client.post(staff_url(application), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "is above the cap" in content and 'value="45000000"' in content and "is-invalid" in content
    version.refresh_from_db()
    assert version.issued_at is None and version.lines.get().city_support_krw == 45_000_000


def test_staff_form_refuses_text_in_an_amount_and_keeps_what_was_typed():
    application = selected_application()
    user = staff()
    client = otp_client(user)
    version = agreement_draft(application=application, acting_user=user)
    item_id = version.lines.get().support_item_id
    data = form_data(version, **{f"cash_{item_id}": "오백만", "ms0_title": "", "action": "save"})
    response = client.post(staff_url(application), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="오백만"' in content and "company cash (KRW)" in content and "Give the milestone a title." in content


def test_company_reads_and_confirms_the_issued_version():
    application = selected_application()
    member = member_of(application)
    user = staff()
    draft = agreement_draft(application=application, acting_user=user)
    version = agreement_version_issue(version=draft, acting_user=user)
    client = otp_client(member)
    detail = client.get(reverse("applications:application_detail", args=[application.pk])).content.decode()
    assert company_url(application) in detail
    page = client.get(company_url(application)).content.decode()
    assert f"on behalf of {application.company.name}" in page
    refused = client.post(company_url(application), {})
    assert refused.status_code == 400 and "Tick the box to confirm the agreement." in refused.content.decode()
    response = client.post(company_url(application), {"confirm": "on"})
    assert response.status_code == 302
    version.refresh_from_db()
    application.refresh_from_db()
    assert version.confirmed_by == member and application.status == S.IN_PROGRESS
    assert (
        member.get_full_name() in client.get(company_url(application)).content.decode()
        or str(member) in client.get(company_url(application)).content.decode()
    )


def test_company_does_not_see_a_draft():
    application = selected_application()
    agreement_draft(application=application, acting_user=staff())
    client = otp_client(member_of(application))
    content = client.get(company_url(application)).content.decode()
    assert "has not sent you an agreement yet" in content and "agreement-confirm" not in content
    assert client.post(company_url(application), {"confirm": "on"}).status_code == 404


def test_a_wrong_signed_file_is_refused_beside_its_field():
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = selected_application()
    user = staff()
    agreement_version_issue(version=agreement_draft(application=application, acting_user=user), acting_user=user)
    client = otp_client(member_of(application))
    fake = SimpleUploadedFile("signed.pdf", b"not a pdf, really", content_type="application/pdf")
    response = client.post(company_url(application), {"confirm": "on", "signed_pdf": fake})
    assert response.status_code == 400
    assert "whatever its name says" in response.content.decode()
    assert AgreementVersion.objects.get().confirmed_at is None


def _with_versions(lines: int):
    call = CallFactory(budget_krw=10_000_000_000)
    application = selected_application(call, lines=lines)
    user = staff()
    member = member_of(application)
    draft = agreement_draft(application=application, acting_user=user)
    version = agreement_version_issue(version=draft, acting_user=user)
    agreement_confirm(version=version, acting_user=member)
    agreement_change(agreement=version.agreement, acting_user=user, reason="변경")
    return application, user, member


@pytest.mark.parametrize("lines", [1, 6])
def test_staff_agreement_page_makes_a_fixed_number_of_queries(django_assert_num_queries, lines):
    application, user, _member = _with_versions(lines)
    client = otp_client(user)
    client.get(staff_url(application))  # warm the session
    with django_assert_num_queries(STAFF_QUERIES):
        response = client.get(staff_url(application))
    assert response.status_code == 200


@pytest.mark.parametrize("lines", [1, 6])
def test_company_agreement_page_makes_a_fixed_number_of_queries(django_assert_num_queries, lines):
    application, _user, member = _with_versions(lines)
    client = otp_client(member)
    client.get(company_url(application))
    with django_assert_num_queries(COMPANY_QUERIES):
        response = client.get(company_url(application))
    assert response.status_code == 200


STAFF_QUERIES = 12
COMPANY_QUERIES = 11


def test_staff_and_the_company_open_the_signed_pdf_and_nobody_else_does():
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = selected_application()
    user = staff()
    agreement_version_issue(version=agreement_draft(application=application, acting_user=user), acting_user=user)
    member = member_of(application)
    signed = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%signed agreement\n%%EOF\n", content_type="application/pdf")
    version = agreement_confirm(version=AgreementVersion.objects.get(), acting_user=member, signed_pdf=signed)
    staff_pdf = reverse("review:agreement_signed_pdf", args=[application.pk, version.pk])
    company_pdf = reverse("applications:agreement_signed_pdf", args=[application.pk, version.pk])

    staff_client = otp_client(user)
    assert staff_pdf in staff_client.get(staff_url(application)).content.decode()
    response = staff_client.get(staff_pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert otp_client(member).get(company_pdf).status_code == 200
    assert otp_client(member).get(staff_pdf).status_code == 404
    other_version = reverse("review:agreement_signed_pdf", args=[application.pk, version.pk + 1])
    assert staff_client.get(other_version).status_code == 404
