"""The demo tells the whole review: after ``seed_demo`` each open call has applications at every step of the
review, both experts assigned on those in evaluation, and scores, all made through the services."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.demo import DEMO_OWNER_EMAIL
from applications.demo.companies import MORE_COMPANIES
from applications.evaluation.enums import ConflictKind, SheetStatus
from applications.evaluation.models import Assignment, Committee, ScoreSheet
from applications.models import Application, ApplicationStatusChange, Company
from applications.review.demo.story import STORIES, Stage
from applications.review.models import CheckResult, ScreeningCheck
from applications.services.transitions import application_reject
from applications.workflow import ApplicationStatus as S
from portal.accounts.models import User
from programs.demo import open_year
from programs.identifiers import is_valid_business_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())


def statuses(program: str) -> Counter:
    """The statuses of the applications to the program's open call."""
    code = f"{open_year()}-{program}"
    return Counter(Application.objects.filter(call__code=code).values_list("status", flat=True))


def regular_employees(company: Company) -> float:
    counts = [count for count in company.monthly_headcounts if count is not None]
    return sum(counts) / len(counts)


def test_every_call_has_an_application_at_every_step_of_the_review(seeded):
    assert statuses("hvc") == {
        S.SUBMITTED: 1,
        S.SCREENING: 1,
        S.REVISION_REQUESTED: 1,
        S.REVISION_SUBMITTED: 1,
        S.EVALUATION: 2,
    }
    assert statuses("itd") == {
        S.DRAFT: 1,
        S.SUBMITTED: 1,
        S.SCREENING: 1,
        S.REVISION_REQUESTED: 1,
        S.EVALUATION: 2,
    }
    assert not Application.objects.filter(company__members__user__email=DEMO_OWNER_EMAIL).exists()


def test_new_companies_fit_their_call_and_their_owners_log_in(seeded, client, settings):
    for demo in MORE_COMPANIES:
        assert is_valid_business_number(demo.business_number)
        company = Company.objects.get(business_number=demo.business_number)
        application = Application.objects.get(company=company)
        assert application.receipt_number and application.call.year == open_year()
        employees = regular_employees(company)
        if application.call.program.code == "hvc":
            assert employees >= 30 and company.ksic_code.startswith("C")
        else:
            assert employees < 30
        assert "영천시" in company.head_office_address
        assert company.documents.filter(is_current=True).count() >= 5
        owner = User.objects.get(email=demo.owner_email)
        assert owner.email.startswith("owner.") and owner.email.endswith("@demo.yc.kr")
        assert client.login(email=owner.email, password=settings.DEMO_PASSWORD)
        client.logout()


def test_every_status_came_from_a_recorded_move(seeded):
    for application in Application.objects.filter(call__year=open_year()).exclude(status=S.DRAFT):
        last = ApplicationStatusChange.objects.filter(application=application).order_by("changed_at", "pk").last()
        assert last.to_status == application.status, application.receipt_number


def test_screening_and_revisions_are_started_as_a_reviewer_would(seeded):
    for application in Application.objects.filter(status=S.SCREENING):
        results = Counter(ScreeningCheck.objects.filter(application=application).values_list("result", flat=True))
        assert results[CheckResult.CONFIRMED] >= 1 and results[CheckResult.OPEN] >= 1
    requests = ApplicationStatusChange.objects.filter(to_status=S.REVISION_REQUESTED)
    assert requests.count() == 3
    for change in requests:
        assert change.deadline > timezone.now() and change.missing
    sent = Application.objects.get(status=S.REVISION_SUBMITTED)
    assert ApplicationStatusChange.objects.get(application=sent, to_status=S.REVISION_SUBMITTED).snapshot


def test_both_experts_are_assigned_and_scoring_is_under_way(seeded, client, settings):
    in_evaluation = Application.objects.filter(status=S.EVALUATION)
    assert in_evaluation.count() == 4
    for application in in_evaluation:
        experts = set(Assignment.objects.filter(application=application, is_active=True).values_list("expert__email"))
        assert experts == {("expert@demo.yc.kr",), ("expert2@demo.yc.kr",)}
    second = ScoreSheet.objects.filter(assignment__expert__email="expert2@demo.yc.kr")
    assert second.filter(status=SheetStatus.SUBMITTED).count() == 4
    first = Assignment.objects.filter(expert__email="expert@demo.yc.kr")
    assert first.filter(sheet__status=SheetStatus.DRAFT).count() == 1
    assert first.filter(declaration__isnull=True).count() == 1
    assert not Assignment.objects.exclude(declaration__isnull=True).exclude(declaration__kind=ConflictKind.NONE)
    assert not Committee.objects.filter(call__year=open_year(), closed_at__isnull=False).exists()
    assert client.login(email="expert@demo.yc.kr", password=settings.DEMO_PASSWORD)
    page = client.get(reverse("evaluation_expert:home"))
    assert page.status_code == 200
    for assignment in first:
        assert assignment.application.receipt_number in page.content.decode()


def test_an_application_moved_by_hand_is_left_alone_by_the_next_seed(seeded):
    staff = User.objects.get(email="staff@demo.yc.kr")
    screening = Application.objects.get(call__code=f"{open_year()}-itd", status=S.SCREENING)
    application_reject(application=screening, acting_user=staff, reason="사업 범위가 공고와 맞지 않습니다.")
    call_command("seed_demo", stdout=StringIO())
    screening.refresh_from_db()
    assert screening.status == S.NOT_SELECTED
    assert STORIES[screening.company.business_number].stage == Stage.SCREENING
