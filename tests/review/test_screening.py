"""Screening: the checklist, the three actions with their history rows, comments and messages, bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatusChange
from applications.review.models import CheckResult, CompanyMessage, InternalComment, ScreeningCheck
from applications.review.services import screening_pass, screening_start
from applications.workflow import ApplicationStatus

S = ApplicationStatus


@pytest.fixture
def application(db):
    from .helpers import submitted_application

    return submitted_application()


def detail(client, application):
    return client.get(reverse("review:application", args=[application.pk]))


def start(client, application):
    response = client.post(reverse("review:screening_start", args=[application.pk]))
    assert response.status_code == 302
    return list(ScreeningCheck.objects.filter(application=application).order_by("order"))


def mark_all(client, application, result=CheckResult.CONFIRMED, **overrides):
    data = {}
    for check in ScreeningCheck.objects.filter(application=application):
        data[f"check-{check.pk}-result"] = overrides.get(check.key, result)
        data[f"check-{check.pk}-note"] = "사본 불명확" if overrides.get(check.key) == CheckResult.MISSING else ""
    return client.post(reverse("review:checklist", args=[application.pk]), data)


def test_the_detail_shows_the_snapshot_budget_documents_rules_and_history(staff_client, application):
    page = detail(staff_client, application).content.decode()
    assert application.snapshot["company"]["name"] in page
    assert application.snapshot["content"]["project_title"] in page
    item = application.snapshot["content"]["items"][0]
    assert f"{item['city_support_krw']:,}" in page
    for rule in application.snapshot["eligibility"]["rules"]:
        assert rule["message"] in page
    document = application.attachments.first()
    response = staff_client.get(reverse("review:document", args=[application.pk, document.document_id]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert staff_client.get(reverse("review:document", args=[application.pk, 999999])).status_code == 404


def test_start_lays_out_one_line_per_required_document_and_rule(staff_client, application):
    checks = start(staff_client, application)
    assert Application.objects.get(pk=application.pk).status == S.SCREENING
    assert [check.kind for check in checks] == ["document"] * len(application.call.required_documents) + ["rule"] * len(
        application.snapshot["eligibility"]["rules"]
    )
    assert ApplicationStatusChange.objects.filter(application=application, to_status=S.SCREENING).count() == 1
    # a second start is refused with a message, not a 500
    again = staff_client.post(reverse("review:screening_start", args=[application.pk]))
    assert again.status_code == 400 and "may not move" in again.content.decode()


def test_the_checklist_records_who_and_when_and_refuses_bad_values(staff_client, staff, application):
    checks = start(staff_client, application)
    missing_key = checks[0].key
    response = mark_all(staff_client, application, **{missing_key: CheckResult.MISSING})
    assert response.status_code == 302
    saved = ScreeningCheck.objects.get(pk=checks[0].pk)
    assert (saved.result, saved.note, saved.checked_by) == (CheckResult.MISSING, "사본 불명확", staff)
    assert saved.checked_at is not None

    bad = staff_client.post(
        reverse("review:checklist", args=[application.pk]),
        {f"check-{checks[1].pk}-result": "perhaps", f"check-{checks[1].pk}-note": "x" * 501},
    )
    assert bad.status_code == 400
    assert ScreeningCheck.objects.get(pk=checks[1].pk).result == CheckResult.CONFIRMED  # nothing half-saved


def test_pass_is_refused_while_a_line_is_missing_then_allowed(staff_client, staff, application):
    checks = start(staff_client, application)
    mark_all(staff_client, application, **{checks[0].key: CheckResult.MISSING})
    refused = staff_client.post(reverse("review:pass", args=[application.pk]))
    assert refused.status_code == 400 and "Still missing" in refused.content.decode()
    assert Application.objects.get(pk=application.pk).status == S.SCREENING
    mark_all(staff_client, application)
    assert staff_client.post(reverse("review:pass", args=[application.pk])).status_code == 302
    assert Application.objects.get(pk=application.pk).status == S.EVALUATION
    assert ApplicationStatusChange.objects.filter(application=application, to_status=S.EVALUATION).count() == 1


def test_pass_is_refused_while_a_line_is_unchecked(staff, application):
    screening_start(application=application, acting_user=staff)
    with pytest.raises(ValidationError, match="Not checked yet"):
        screening_pass(application=application, acting_user=staff)


def test_revision_request_is_prefilled_from_missing_lines_and_reaches_the_history(staff_client, application):
    checks = start(staff_client, application)
    mark_all(staff_client, application, **{checks[0].key: CheckResult.MISSING})
    form = detail(staff_client, application).context["revision_form"]
    assert form.initial["missing"] == f"{checks[0].label}: 사본 불명확"

    url = reverse("review:request_revision", args=[application.pk])
    past = staff_client.post(url, {"missing": "", "deadline": "2000-01-01T10:00"})
    assert past.status_code == 400
    errors = past.context["revision_form"].errors
    assert "missing" in errors and "deadline" in errors
    assert Application.objects.get(pk=application.pk).status == S.SCREENING

    deadline = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    done = staff_client.post(
        url, {"missing": "사업자등록증 사본\n4대보험 가입자명부", "deadline": deadline, "reason": "보완"}
    )
    assert done.status_code == 302
    change = ApplicationStatusChange.objects.get(application=application, to_status=S.REVISION_REQUESTED)
    assert change.missing == ["사업자등록증 사본", "4대보험 가입자명부"] and change.deadline is not None


def test_reject_at_screening_needs_a_reason(staff_client, application):
    start(staff_client, application)
    url = reverse("review:reject", args=[application.pk])
    empty = staff_client.post(url, {"reason": "   "})
    assert empty.status_code == 400 and "reason" in empty.context["reject_form"].errors
    assert Application.objects.get(pk=application.pk).status == S.SCREENING
    assert staff_client.post(url, {"reason": "영천시 소재 요건 미충족"}).status_code == 302
    change = ApplicationStatusChange.objects.get(application=application, to_status=S.NOT_SELECTED)
    assert change.reason == "영천시 소재 요건 미충족"


def test_reject_of_a_submitted_application_is_refused(staff_client, application):
    response = staff_client.post(reverse("review:reject", args=[application.pk]), {"reason": "x"})
    assert response.status_code == 400
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED


def test_internal_comments_never_reach_the_company_but_messages_do(staff_client, client, application):
    assert (
        staff_client.post(
            reverse("review:comment_add", args=[application.pk]), {"body": "INTERNAL-ONLY-9731"}
        ).status_code
        == 302
    )
    sent = staff_client.post(
        reverse("review:message_send", args=[application.pk]),
        {"subject": "서류 안내", "body": "MESSAGE-FOR-COMPANY-4242"},
    )
    assert sent.status_code == 302
    assert InternalComment.objects.count() == 1 and CompanyMessage.objects.count() == 1
    assert "INTERNAL-ONLY-9731" in detail(staff_client, application).content.decode()

    from django.template import Context, Template

    rendered = Template('{% include "review/includes/company_messages.html" with messages_for=application %}').render(
        Context({"application": application})
    )
    assert "MESSAGE-FOR-COMPANY-4242" in rendered and "INTERNAL-ONLY-9731" not in rendered

    owner = application.company.members.get().user
    client.force_login(owner)
    for name, args in (
        ("applications:dashboard", []),
        ("applications:application_detail", [application.pk]),
        ("applications:application_receipt", [application.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert "INTERNAL-ONLY-9731" not in response.content.decode(), name


def test_comment_and_message_forms_answer_bad_input(staff_client, application):
    empty = staff_client.post(reverse("review:comment_add", args=[application.pk]), {"body": ""})
    assert empty.status_code == 400 and "body" in empty.context["comment_form"].errors
    long = staff_client.post(
        reverse("review:message_send", args=[application.pk]), {"subject": "s" * 201, "body": "본문"}
    )
    assert long.status_code == 400 and "subject" in long.context["message_form"].errors
    assert long.context["message_form"]["body"].value() == "본문"  # what was typed is kept
    assert InternalComment.objects.count() == CompanyMessage.objects.count() == 0


def test_services_refuse_non_staff(application):
    owner = application.company.members.get().user
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        screening_start(application=application, acting_user=owner)
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED


def test_a_message_to_the_company_is_emailed_notified_in_app_and_on_its_dashboard(
    staff_client, client, application, django_capture_on_commit_callbacks
):
    from portal.notifications.enums import ChannelKind
    from portal.notifications.models import Notification
    from portal.notifications.rendering import render

    with django_capture_on_commit_callbacks() as callbacks:
        sent = staff_client.post(
            reverse("review:message_send", args=[application.pk]),
            {"subject": "서류 안내", "body": "MESSAGE-FOR-COMPANY-5151"},
        )
    assert sent.status_code == 302 and len(callbacks) == 1
    owner = application.company.members.get().user
    rows = list(Notification.objects.filter(event="company_message"))
    assert {(row.recipient_id, row.channel) for row in rows} == {
        (owner.pk, ChannelKind.EMAIL),
        (owner.pk, ChannelKind.IN_APP),
    }
    link = reverse("applications:application_detail", args=[application.pk]) + "#technopark-messages"
    assert {row.link for row in rows} == {link}
    rendered = render(rows[0])
    assert "MESSAGE-FOR-COMPANY-5151" in rendered.text and "서류 안내" in rendered.subject

    client.force_login(owner)
    dashboard = client.get(reverse("applications:dashboard")).content.decode()
    assert "MESSAGE-FOR-COMPANY-5151" in dashboard and link in dashboard


def test_the_company_message_event_is_required():
    from portal.notifications.events import event_get

    assert event_get("company_message").required


def test_the_checklist_names_documents_in_the_readers_language(staff_client, staff, application):
    """A checklist started in Korean reads in English on an English page (the document types are the portal's
    own words)."""
    from django.utils import translation

    with translation.override("ko"):
        screening_start(application=application, acting_user=staff)
    documents = list(ScreeningCheck.objects.filter(application=application, kind="document"))
    assert documents and all(not check.label.isascii() for check in documents)
    english = staff_client.get(
        reverse("review:application", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    for check in documents:
        with translation.override("en"):
            assert check.display_label in english
        assert f"</span> {check.label}</th>" not in english  # the checklist line
        assert f"“{check.label}”" not in english  # its note's label
