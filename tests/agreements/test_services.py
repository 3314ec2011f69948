"""The agreement's services: draft from the budget, the rules at issue (caps, co-funding, the call's budget,
also under concurrent issue), confirmation by a member only with the state moves, changes as new versions."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from applications.agreements.models import Agreement, AgreementItem, AgreementVersion
from applications.agreements.services import (
    LineInput,
    MilestoneInput,
    agreed_city_total,
    agreement_change,
    agreement_confirm,
    agreement_draft,
    agreement_version_issue,
    agreement_version_save,
)
from applications.demo import minimal_pdf
from applications.models import ApplicationStatusChange
from portal.notifications.models import Notification
from tests.applications.factories import CompanyMemberFactory
from tests.programs.factories import CallFactory

from .factories import S, member_of, selected_application, staff

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> list[str]:
    return [e.code for e in error.error_dict.get("lines", [])] if hasattr(error, "error_dict") else [error.code]


def save(version, user, **changes):
    lines = [
        LineInput(
            support_item_id=line.support_item_id,
            city=line.city_support_krw,
            cash=line.company_cash_krw,
            inkind=line.company_inkind_krw,
        )
        for line in version.lines.all()
    ]
    kwargs = {
        "starts_on": version.starts_on,
        "ends_on": version.ends_on,
        "special_conditions": version.special_conditions,
        "change_reason": version.change_reason,
        "lines": lines,
        "milestones": [MilestoneInput(m.title, m.due_on, m.deliverable) for m in version.milestones.all()],
    }
    kwargs.update(changes)
    return agreement_version_save(version=version, acting_user=user, **kwargs)


def issued(application, user=None):
    user = user or staff()
    version = agreement_draft(application=application, acting_user=user)
    return agreement_version_issue(version=version, acting_user=user)


def test_draft_is_prefilled_from_the_applications_budget_and_milestones():
    application = selected_application(lines=2)
    version = agreement_draft(application=application, acting_user=staff())
    assert version.number == 1 and version.issued_at is None
    rows = sorted(
        version.lines.values_list("support_item_id", "city_support_krw", "company_cash_krw", "company_inkind_krw")
    )
    expected = sorted(
        application.items.values_list("support_item_id", "city_support_krw", "company_cash_krw", "company_inkind_krw")
    )
    assert rows == expected
    assert [m.title for m in version.milestones.all()] == ["시제품 제작", "성능 시험"]
    first, last = application.milestones[0], application.milestones[-1]
    assert version.starts_on.isoformat() == first["starts_on"] and version.ends_on.isoformat() == last["ends_on"]
    # Asked again: the same draft, not a second agreement.
    assert agreement_draft(application=application, acting_user=staff()) == version
    assert Agreement.objects.count() == 1


def test_only_staff_draft_and_only_for_a_selected_application():
    application = selected_application()
    with pytest.raises(PermissionDenied):
        agreement_draft(application=application, acting_user=member_of(application))
    application.status = S.EVALUATION
    application.save()
    with pytest.raises(ValidationError):
        agreement_draft(application=application, acting_user=staff())
    assert not Agreement.objects.exists()


def test_issue_refuses_city_support_above_the_items_cap_naming_the_field():
    application = selected_application()
    user = staff()
    version = agreement_draft(application=application, acting_user=user)
    line = version.lines.get()
    save(version, user, lines=[LineInput(line.support_item_id, 31_000_000, 9_000_000, 2_000_000)])
    with pytest.raises(ValidationError) as caught:
        agreement_version_issue(version=version, acting_user=user)
    assert f"city_{line.support_item_id}" in caught.value.message_dict
    version.refresh_from_db()
    assert version.issued_at is None
    # The draft was kept as typed.
    assert version.lines.get().city_support_krw == 31_000_000
    assert not Notification.objects.filter(event="agreement_issued").exists()


def test_issue_refuses_a_company_share_below_the_co_funding_rule():
    application = selected_application()
    user = staff()
    version = agreement_draft(application=application, acting_user=user)
    line = version.lines.get()
    save(version, user, lines=[LineInput(line.support_item_id, 30_000_000, 1_000_000, 0)])
    with pytest.raises(ValidationError) as caught:
        agreement_version_issue(version=version, acting_user=user)
    assert f"cash_{line.support_item_id}" in caught.value.message_dict


def test_issue_needs_a_period_that_ends_after_it_starts():
    application = selected_application()
    user = staff()
    version = agreement_draft(application=application, acting_user=user)
    save(version, user, starts_on=version.ends_on, ends_on=version.starts_on)
    with pytest.raises(ValidationError) as caught:
        agreement_version_issue(version=version, acting_user=user)
    assert "ends_on" in caught.value.message_dict
    save(version, user, starts_on=None)
    with pytest.raises(ValidationError) as caught:
        agreement_version_issue(version=version, acting_user=user)
    assert "starts_on" in caught.value.message_dict


def test_issue_refuses_what_would_push_the_calls_agreed_total_over_its_budget():
    call = CallFactory(budget_krw=40_000_000)
    first, second = selected_application(call), selected_application(call, city=25_000_000, cash=9_000_000)
    issued(first)
    assert agreed_city_total(call=call) == 20_000_000
    with pytest.raises(ValidationError) as caught:
        issued(second)
    assert codes(caught.value) == ["over_budget"]
    assert agreed_city_total(call=call) == 20_000_000


def test_issue_tells_the_company_and_confirmation_moves_the_application_to_in_progress(
    django_capture_on_commit_callbacks,
):
    application = selected_application()
    member = member_of(application)
    with django_capture_on_commit_callbacks(execute=False):
        version = issued(application)
    assert Notification.objects.filter(event="agreement_issued", recipient=member).exists()
    agreement_confirm(version=version, acting_user=member)
    version.refresh_from_db()
    application.refresh_from_db()
    assert version.confirmed_by == member and version.confirmed_at is not None
    assert application.status == S.IN_PROGRESS
    moves = list(application.status_changes.values_list("from_status", "to_status", "changed_by"))
    assert moves == [(S.SELECTED, S.AGREEMENT, member.pk), (S.AGREEMENT, S.IN_PROGRESS, member.pk)]
    assert Notification.objects.filter(event="agreement_confirmed").exists()


def test_only_a_member_of_the_company_confirms():
    application = selected_application()
    version = issued(application)
    outsider = CompanyMemberFactory().user
    for user in (outsider, staff()):
        with pytest.raises(PermissionDenied):
            agreement_confirm(version=version, acting_user=user)
    version.refresh_from_db()
    application.refresh_from_db()
    assert version.confirmed_at is None and application.status == S.SELECTED
    assert not ApplicationStatusChange.objects.filter(application=application).exists()


def test_a_draft_cannot_be_confirmed_and_a_confirmed_version_not_twice():
    application = selected_application()
    member = member_of(application)
    draft = agreement_draft(application=application, acting_user=staff())
    with pytest.raises(ValidationError):
        agreement_confirm(version=draft, acting_user=member)
    version = agreement_version_issue(version=draft, acting_user=staff())
    agreement_confirm(version=version, acting_user=member)
    with pytest.raises(ValidationError):
        agreement_confirm(version=version, acting_user=member)


def test_a_signed_pdf_is_checked_by_its_content():
    application = selected_application()
    member = member_of(application)
    version = issued(application)
    fake = SimpleUploadedFile("협약서.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        agreement_confirm(version=version, acting_user=member, signed_pdf=fake)
    version.refresh_from_db()
    assert version.confirmed_at is None and not version.signed_pdf
    real = SimpleUploadedFile("협약서.pdf", minimal_pdf(), content_type="application/pdf")
    agreement_confirm(version=version, acting_user=member, signed_pdf=real)
    version.refresh_from_db()
    assert version.signed_pdf and version.signed_pdf_name == "협약서.pdf" and len(version.signed_pdf_sha256) == 64


def test_a_change_is_a_new_version_with_its_reason_and_the_history_stays():
    application = selected_application()
    member = member_of(application)
    user = staff()
    first = issued(application, user)
    agreement_confirm(version=first, acting_user=member)
    with pytest.raises(ValidationError) as caught:
        agreement_change(agreement=first.agreement, acting_user=user, reason="  ")
    assert "change_reason" in caught.value.message_dict
    second = agreement_change(agreement=first.agreement, acting_user=user, reason="사업기간 연장")
    assert second.number == 2 and second.change_reason == "사업기간 연장"
    new_end = first.ends_on + timedelta(days=60)
    line = second.lines.get()
    save(second, user, ends_on=new_end, lines=[LineInput(line.support_item_id, 15_000_000, 5_000_000, 0)])
    agreement_version_issue(version=second, acting_user=user)
    # The application stays in progress; the company confirms again.
    agreement_confirm(version=second, acting_user=member)
    application.refresh_from_db()
    assert application.status == S.IN_PROGRESS
    first.refresh_from_db()
    assert first.confirmed_at is not None and first.lines.get().city_support_krw == 20_000_000
    assert list(first.agreement.versions.values_list("number", flat=True)) == [1, 2]
    # Only the latest issued version counts in the call's agreed total.
    assert agreed_city_total(call=application.call) == 15_000_000


def test_a_change_from_version_2_needs_its_reason_at_issue():
    application = selected_application()
    user = staff()
    first = issued(application, user)
    agreement_confirm(version=first, acting_user=member_of(application))
    second = agreement_change(agreement=first.agreement, acting_user=user, reason="금액 조정")
    save(second, user, change_reason="")
    with pytest.raises(ValidationError) as caught:
        agreement_version_issue(version=second, acting_user=user)
    assert "change_reason" in caught.value.message_dict


def test_a_change_waits_for_the_confirmation_of_the_previous_version():
    application = selected_application()
    version = issued(application)
    with pytest.raises(ValidationError):
        agreement_change(agreement=version.agreement, acting_user=staff(), reason="변경")
    assert AgreementVersion.objects.count() == 1


def test_save_refuses_a_support_item_of_another_call_and_saves_nothing():
    application = selected_application()
    user = staff()
    version = agreement_draft(application=application, acting_user=user)
    foreign = selected_application().items.get().support_item_id
    with pytest.raises(ValidationError) as caught:
        save(version, user, special_conditions="바뀜", lines=[LineInput(foreign, 1, 1, 1)])
    assert "lines" in caught.value.message_dict
    version.refresh_from_db()
    assert version.special_conditions == "" and not AgreementItem.objects.filter(support_item_id=foreign).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_that_together_exceed_the_budget_let_exactly_one_through(require_postgres):
    call = CallFactory(budget_krw=30_000_000)
    applications = [selected_application(call) for _ in range(2)]
    drafts = [agreement_draft(application=a, acting_user=staff()) for a in applications]
    users = [staff(), staff()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def issue(version, user) -> None:
        try:
            barrier.wait(timeout=10)
            agreement_version_issue(version=version, acting_user=user)
            outcomes.append("issued")
        except ValidationError as error:
            outcomes.extend(codes(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=pair) for pair in zip(drafts, users, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["issued", "over_budget"]
    assert agreed_city_total(call=call) == 20_000_000
    assert AgreementVersion.objects.filter(issued_at__isnull=False).count() == 1
