"""Submitting: the one door. Receipt numbers, idempotence, eligibility, documents, deadline, snapshot, queries."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application, ApplicationStatusChange, SnapshotFrozenError
from applications.services import application_submit
from applications.workflow import ApplicationStatus
from programs.enums import DocumentType, RuleType
from tests.programs.factories import EligibilityRuleFactory

from .apply_setup import open_call, ready_application
from .factories import ApplicationDocumentFactory, OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _owner(application):
    return application.company.members.get().user


def test_submission_gives_the_first_receipt_number_freezes_content_and_records_history():
    application = ready_application()
    user = _owner(application)
    submitted = application_submit(application=application, acting_user=user)
    call = application.call
    assert submitted.receipt_number == f"YC-{call.year}-HVC-0001"
    stored = Application.objects.get(pk=application.pk)
    assert stored.status == ApplicationStatus.SUBMITTED and stored.submitted_at is not None
    snapshot = stored.snapshot
    assert snapshot["receipt_number"] == submitted.receipt_number
    assert snapshot["company"]["business_number"] == application.company.business_number
    assert snapshot["content"]["project_title"] == "스마트 공정개선"
    assert snapshot["content"]["items"][0]["city_support_krw"] == 30_000_000
    assert {row["doc_type"] for row in snapshot["content"]["attachments"]} == {
        "business_registration",
        "sme_certificate",
    }
    assert snapshot["eligibility"]["verdict"] == "eligible"
    assert snapshot["eligibility"]["rules"][0]["outcome"] == "pass"
    [change] = ApplicationStatusChange.objects.filter(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == ("draft", "submitted", user)


def test_submitting_twice_returns_the_same_submission_without_a_second_number():
    application = ready_application()
    first = application_submit(application=application, acting_user=_owner(application))
    again = application_submit(application=application, acting_user=_owner(application))
    assert again.receipt_number == first.receipt_number
    assert ApplicationStatusChange.objects.filter(application=application).count() == 1
    assert application.call.receipt_counter.last_number == 1


def test_numbers_follow_each_other_per_call():
    call = open_call()
    numbers = [
        application_submit(application=app, acting_user=_owner(app)).receipt_number
        for app in (ready_application(call=call) for _ in range(3))
    ]
    assert [number[-4:] for number in numbers] == ["0001", "0002", "0003"]
    other = ready_application()
    assert application_submit(application=other, acting_user=_owner(other)).receipt_number.endswith("-0001")


def test_the_snapshot_cannot_be_changed_after_submission():
    application = ready_application()
    application_submit(application=application, acting_user=_owner(application))
    stored = Application.objects.get(pk=application.pk)
    stored.snapshot = {**stored.snapshot, "content": {}}
    with pytest.raises(SnapshotFrozenError):
        stored.save()
    # Later changes of the company profile do not reach the snapshot.
    application.company.name = "바뀐 이름"
    application.company.save()
    assert Application.objects.get(pk=application.pk).snapshot["company"]["name"] != "바뀐 이름"


def test_an_ineligible_company_is_refused_with_the_reasons_and_nothing_changes():
    call = open_call()
    EligibilityRuleFactory(call=call, rule_type=RuleType.EMPLOYEES_MIN, params={"min": 30})
    application = ready_application(call=call)
    with pytest.raises(ValidationError) as error:
        application_submit(application=application, acting_user=_owner(application))
    assert any(message.startswith("Not eligible:") for message in error.value.messages)
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.receipt_number, stored.snapshot) == ("draft", None, None)
    assert not ApplicationStatusChange.objects.exists()


def test_needs_evidence_requires_the_named_documents():
    call = open_call()
    EligibilityRuleFactory(
        call=call, rule_type=RuleType.NO_TAX_ARREARS, params={}, evidence_document=DocumentType.NATIONAL_TAX_CLEARANCE
    )
    application = ready_application(call=call)
    with pytest.raises(ValidationError) as error:
        application_submit(application=application, acting_user=_owner(application))
    assert "Evidence needed for eligibility: attach the National tax payment certificate." in error.value.messages
    ApplicationDocumentFactory(application=application, doc_type=DocumentType.NATIONAL_TAX_CLEARANCE)
    submitted = application_submit(application=application, acting_user=_owner(application))
    assert submitted.snapshot["eligibility"]["verdict"] == "needs_evidence"


def test_missing_required_documents_budget_and_declarations_block():
    application = ready_application(documents=False)
    application.declares_truthful = False
    application.save()
    application.items.update(company_cash_krw=0)
    with pytest.raises(ValidationError) as error:
        application_submit(application=application, acting_user=_owner(application))
    text = " ".join(error.value.messages)
    assert "Required document missing: Business registration certificate." in text
    assert "company share" in text and "Declarations" in text


def test_a_draft_opened_before_the_deadline_and_sent_after_it_is_refused_and_kept():
    application = ready_application()
    deadline = application.call.closes_at
    with time_machine.travel(deadline - timedelta(minutes=5), tick=False):
        version = Application.objects.get(pk=application.pk).version  # the page is opened before the deadline
    with time_machine.travel(deadline, tick=False), pytest.raises(ValidationError) as error:
        application_submit(application=application, acting_user=_owner(application), expected_version=version)
    message = error.value.messages[0]
    assert "deadline" in message and "Korea time" in message
    assert f"{deadline.astimezone(application.call.closes_at.tzinfo):%Y}" in message
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.version, stored.receipt_number) == ("draft", version, None)
    with time_machine.travel(deadline - timedelta(seconds=1), tick=False):
        assert application_submit(application=application, acting_user=_owner(application)).receipt_number


def test_the_deadline_is_read_in_seoul_time():
    application = ready_application()
    call = application.call
    with (
        time_machine.travel(call.closes_at + timedelta(seconds=1), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        application_submit(application=application, acting_user=_owner(application))
    seoul = call.closes_at.astimezone(ZoneInfo("Asia/Seoul"))
    assert seoul.strftime("%Y-%m-%d %H:%M") in error.value.messages[0]


def test_an_old_page_cannot_submit_content_it_did_not_see():
    application = ready_application()
    with pytest.raises(ValidationError) as error:
        application_submit(application=application, acting_user=_owner(application), expected_version=0)
    assert error.value.code == "version" and "Review it again" in error.value.messages[0]
    assert Application.objects.get(pk=application.pk).status == "draft"


def test_another_company_cannot_submit():
    application = ready_application()
    with pytest.raises(PermissionDenied):
        application_submit(application=application, acting_user=OwnerFactory().user)
    with pytest.raises(PermissionDenied):
        application_submit(application=application, acting_user=UserFactory())


@pytest.mark.parametrize("items", [1, 5])
def test_submission_makes_a_fixed_number_of_queries(django_assert_num_queries, items):
    application = ready_application(items=items)
    user = _owner(application)
    user.company_membership  # noqa: B018 - the membership is read once per request by the view
    with django_assert_num_queries(19):
        application_submit(application=application, acting_user=user)


def test_query_count_does_not_depend_on_the_number_of_documents():
    counts = []
    for extra in (0, 4):
        application = ready_application()
        for code in [DocumentType.INSURANCE_REGISTER, DocumentType.FINANCIAL_STATEMENTS,
                     DocumentType.LOCAL_TAX_CLEARANCE, DocumentType.OTHER][:extra]:  # fmt: skip
            ApplicationDocumentFactory(application=application, doc_type=code)
        user = _owner(application)
        user.company_membership  # noqa: B018
        with CaptureQueriesContext(connection) as captured:
            application_submit(application=application, acting_user=user)
        counts.append(len(captured))
    assert counts[0] == counts[1]
