"""A selected application with a budget that meets the co-funding rules, its company's member, staff."""

from datetime import timedelta

from django.utils import timezone

from applications.models import Application, ApplicationItem
from applications.workflow import ApplicationStatus
from tests.applications.factories import CompanyFactory, CompanyMemberFactory
from tests.evaluation.factories import staff  # noqa: F401  (re-exported for the tests)
from tests.programs.factories import CallFactory, SupportItemFactory

S = ApplicationStatus
_numbers = iter(range(1, 1_000_000))


def selected_application(
    call=None, *, lines: int = 1, city: int = 20_000_000, cash: int = 5_000_000, inkind: int = 2_000_000
):
    """A selected application with ``lines`` support items (cap 30,000,000, company share ≥ 25 %, cash ≥ 50 %
    of it); each line asks ``city`` with ``cash`` and ``inkind``."""
    call = call or CallFactory()
    number = next(_numbers)
    today = timezone.localdate()
    application = Application.objects.create(
        company=CompanyFactory(),
        call=call,
        status=S.SELECTED,
        project_title=f"스마트 공정개선 {number}",
        receipt_number=f"{call.code}-A{number:05d}",
        submitted_at=timezone.now(),
        snapshot={"content": {}, "company": {}},
        milestones=[
            {
                "title": "시제품 제작",
                "starts_on": (today + timedelta(days=30)).isoformat(),
                "ends_on": (today + timedelta(days=120)).isoformat(),
                "deliverable": "시제품 1식",
            },
            {
                "title": "성능 시험",
                "starts_on": (today + timedelta(days=121)).isoformat(),
                "ends_on": (today + timedelta(days=240)).isoformat(),
                "deliverable": "시험성적서",
            },
        ],
    )
    for _ in range(lines):
        ApplicationItem.objects.create(
            application=application,
            support_item=SupportItemFactory(call=call),
            city_support_krw=city,
            company_cash_krw=cash,
            company_inkind_krw=inkind,
        )
    return application


def member_of(application):
    return CompanyMemberFactory(company=application.company).user
