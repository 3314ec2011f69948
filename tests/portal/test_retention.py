"""Retention per the personal-data consent: what is left of deleted accounts goes after the retention period,
the records the law requires stay (portal/accounts/retention.py, applications/services/retention.py)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from applications.enums import MemberRole
from applications.models import Application, ApplicationDocument, Company, CompanyMember, VaultDocument
from applications.workflow import ApplicationStatus
from portal.accounts.enums import RECORD_RETENTION_YEARS, ConsentKind
from portal.accounts.models import Consent, User
from portal.accounts.services import consent_give, user_anonymise
from portal.accounts.tasks import purge_personal_data
from portal.notifications.models import Notification
from tests.applications.factories import (
    ApplicationDocumentFactory,
    ApplicationFactory,
    CompanyMemberFactory,
    UserFactory,
    VaultDocumentFactory,
)
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db


def deleted_days_ago(user: User, days: int) -> User:
    """Delete the account as the account page does for a user whom records point to, ``days`` ago."""
    user_anonymise(user=user)
    User.objects.filter(pk=user.pk).update(deleted_at=timezone.now() - timedelta(days=days))
    return User.objects.get(pk=user.pk)


def notification_to(user: User) -> Notification:
    return Notification.objects.create(
        recipient=user, event="application.submitted", channel="email", subject="김민준님, 접수되었습니다", body="…"
    )


def submitted(application: Application) -> Application:
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SUBMITTED, receipt_number=f"YC-TEST-{application.pk:04d}", submitted_at=timezone.now()
    )
    return Application.objects.get(pk=application.pk)


def purge(*args: str) -> list[str]:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def orphaned():
    """A company whose only member deleted the account past the retention period: a draft, a recent submitted
    application, one of a program year past the record retention, an unused vault document and a contact person."""
    days = settings.DELETED_ACCOUNT_RETENTION_DAYS + 1
    member = CompanyMemberFactory(role=MemberRole.OWNER, company__contact_name="박지훈", company__contact_phone="010")
    company = member.company
    draft = ApplicationFactory(company=company, call=CallFactory())
    recent = submitted(ApplicationFactory(company=company, call=CallFactory()))
    recent_document = ApplicationDocumentFactory(application=recent).document
    old_year = timezone.localdate().year - RECORD_RETENTION_YEARS - 1
    old = submitted(ApplicationFactory(company=company, call=CallFactory(year=old_year)))
    old_document = ApplicationDocumentFactory(application=old).document
    unused = VaultDocumentFactory(company=company)
    consent_give(user=member.user, kind=ConsentKind.PERSONAL_DATA)
    notification_to(member.user)
    user = deleted_days_ago(member.user, days)
    return {
        "company": company,
        "user": user,
        "draft": draft,
        "recent": recent,
        "recent_document": recent_document,
        "old": old,
        "old_document": old_document,
        "unused": unused,
    }


def test_the_personal_data_of_an_orphaned_company_goes_and_the_records_kept_by_law_stay(
    orphaned, django_capture_on_commit_callbacks
):
    storage = orphaned["unused"].file.storage
    unused_name, old_name = orphaned["unused"].file.name, orphaned["old_document"].file.name
    recent_name = orphaned["recent_document"].file.name

    with django_capture_on_commit_callbacks(execute=True):
        lines = purge()

    assert lines[-1].startswith(f"removed {len(lines) - 1} item(s)")
    # Gone: the draft, the unused document and its file, the contact person, the membership, the consents,
    # the notifications, and the old application's documents and files.
    assert not Application.objects.filter(pk=orphaned["draft"].pk).exists()
    assert not VaultDocument.objects.filter(pk=orphaned["unused"].pk).exists()
    company = Company.objects.get(pk=orphaned["company"].pk)
    assert (company.contact_name, company.contact_phone, company.contact_email) == ("", "", "")
    assert not CompanyMember.objects.filter(company=company).exists()
    assert not Consent.objects.filter(user_id=orphaned["user"].pk).exists()
    assert not Notification.objects.filter(recipient_id=orphaned["user"].pk).exists()
    assert not ApplicationDocument.objects.filter(application=orphaned["old"]).exists()
    assert not VaultDocument.objects.filter(pk=orphaned["old_document"].pk).exists()
    assert not storage.exists(unused_name) and not storage.exists(old_name)
    # Kept: both submitted applications with their status, the recent one with its document and file.
    assert Application.objects.get(pk=orphaned["old"].pk).status == ApplicationStatus.SUBMITTED
    assert Application.objects.get(pk=orphaned["recent"].pk).attachments.get().document == orphaned["recent_document"]
    assert storage.exists(recent_name)
    assert company.name and company.business_number


def test_a_dry_run_lists_what_would_go_and_changes_nothing(orphaned, django_capture_on_commit_callbacks):
    storage = orphaned["unused"].file.storage
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lines = purge("--dry-run")
    assert callbacks == []  # no file deletion queued
    company = orphaned["company"]
    assert f"company #{company.pk}: draft application #{orphaned['draft'].pk} removed with its files" in lines
    assert f"company #{company.pk}: vault document #{orphaned['unused'].pk} removed with its file" in lines
    assert f"company #{company.pk}: contact person removed" in lines
    assert f"user #{orphaned['user'].pk}: 1 notification record(s) removed" in lines
    assert lines[-1].startswith(f"would remove {len(lines) - 1} item(s)")
    assert Application.objects.filter(pk=orphaned["draft"].pk).exists()
    assert VaultDocument.objects.filter(pk=orphaned["unused"].pk).exists()
    assert storage.exists(orphaned["unused"].file.name)
    assert Company.objects.get(pk=company.pk).contact_name == "박지훈"
    assert Consent.objects.filter(user_id=orphaned["user"].pk).exists()
    # The real run removes exactly what the dry run listed.
    assert purge() == [*lines[:-1], lines[-1].replace("would remove", "removed")]


def test_a_second_run_removes_nothing(orphaned):
    assert len(purge()) > 1
    assert purge() == [
        f"removed 0 item(s) of accounts deleted more than {settings.DELETED_ACCOUNT_RETENTION_DAYS} days ago"
    ]


def test_accounts_deleted_within_the_period_and_live_accounts_are_left_alone():
    days = settings.DELETED_ACCOUNT_RETENTION_DAYS
    recent = CompanyMemberFactory(role=MemberRole.OWNER, company__contact_name="최서연")
    consent_give(user=recent.user, kind=ConsentKind.PERSONAL_DATA)
    notification_to(recent.user)
    deleted_days_ago(recent.user, days - 1)
    live = CompanyMemberFactory(role=MemberRole.OWNER, company__contact_name="이도윤")
    partner = CompanyMemberFactory(company=live.company)  # one member left the company, one is live
    deleted_days_ago(partner.user, days + 1)
    draft = ApplicationFactory(company=live.company, call=CallFactory())

    lines = purge()

    assert Consent.objects.filter(user=recent.user).exists() and Notification.objects.filter(recipient=recent.user)
    assert Company.objects.get(pk=recent.company.pk).contact_name == "최서연"
    assert Company.objects.get(pk=live.company.pk).contact_name == "이도윤"
    assert Application.objects.filter(pk=draft.pk).exists()
    assert not any(f"company #{live.company.pk}" in line for line in lines)
    assert not any(f"company #{recent.company.pk}" in line for line in lines)


def test_a_deleted_account_that_nothing_refers_to_loses_its_row_after_the_period():
    user = deleted_days_ago(UserFactory(), settings.DELETED_ACCOUNT_RETENTION_DAYS + 1)
    assert purge()[0] == f"user #{user.pk}: account row removed"
    assert not User.objects.filter(pk=user.pk).exists()


def test_the_daily_beat_task_runs_the_same_purge(orphaned):
    assert settings.CELERY_BEAT_SCHEDULE["personal-data-purge"]["task"] == purge_personal_data.name
    assert purge_personal_data.apply().get() > 0
    assert not Application.objects.filter(pk=orphaned["draft"].pk).exists()
    assert purge_personal_data.apply().get() == 0


def test_anonymising_an_account_records_when_it_was_deleted():
    user = UserFactory()
    before = timezone.now()
    user_anonymise(user=user)
    user.refresh_from_db()
    assert before <= user.deleted_at <= timezone.now()
