"""Factories and helpers of the evaluation tests: applications in evaluation, experts, committees, scores."""

from decimal import Decimal
from itertools import count

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.evaluation.enums import ConflictKind, SheetStatus
from applications.evaluation.models import (
    Assignment,
    BonusItem,
    Committee,
    ConflictDeclaration,
    Criterion,
    CriterionScore,
    ExpertProfile,
    ScoreSheet,
)
from applications.evaluation.services import sheet_totals_store
from applications.models import Application, ApplicationItem
from applications.workflow import ApplicationStatus
from portal.accounts.roles import Role
from programs.models import Call
from tests.accounts.factories import UserFactory
from tests.applications.factories import CompanyFactory, CompanyMemberFactory
from tests.programs.factories import CallFactory, SupportItemFactory

_receipts = count(1)

# technology 40 (max 40), business feasibility 30 (max 30), capability 20 (max 20), regional contribution 10 (max 10)
RUBRIC = (
    ("기술성", "Technology", 40, 40),
    ("사업성", "Business feasibility", 30, 30),
    ("역량", "Capability", 20, 20),
    ("지역기여", "Regional contribution", 10, 10),
)


def user_with_role(role: Role, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def expert(committee: Committee | None = None, **kwargs):
    user = user_with_role(Role.OUTSIDE_EXPERT, **kwargs)
    profile = ExpertProfile.objects.create(user=user, organisation="경북대학교", fields="기계, 자동차부품")
    if committee is not None:
        committee.members.add(profile)
    return user


def staff(*, manager: bool = False, **kwargs):
    return user_with_role(Role.STAFF_MANAGER if manager else Role.TECHNOPARK_STAFF, **kwargs)


def committee_for(call: Call | None = None, *, cutoff: str = "70", rubric=RUBRIC) -> Committee:
    call = call or CallFactory()
    committee = Committee.objects.create(call=call, cutoff_score=Decimal(cutoff))
    for order, (ko, en, weight, max_score) in enumerate(rubric):
        Criterion.objects.create(
            committee=committee, name_ko=ko, name_en=en, weight=weight, max_score=Decimal(max_score), order=order
        )
    BonusItem.objects.create(committee=committee, name_ko="지역 연구기관 참여", name_en="Local institute", points=2)
    return committee


def application(call: Call, *, city_support: int = 30_000_000, status=ApplicationStatus.EVALUATION, company=None):
    company = company or CompanyFactory()
    number = next(_receipts)
    app = Application.objects.create(
        company=company,
        call=call,
        status=status,
        project_title=f"스마트 공정개선 {number}",
        project_summary="생산 라인 자동화로 불량률을 낮춥니다.",
        receipt_number=f"{call.code}-{number:05d}",
        submitted_at=timezone.now(),
    )
    item = SupportItemFactory(call=call)
    ApplicationItem.objects.create(application=app, support_item=item, city_support_krw=city_support)
    return app


def assign(committee: Committee, app: Application, user, *, declared: bool = True) -> Assignment:
    assignment = Assignment.objects.create(committee=committee, application=app, expert=user)
    if declared:
        ConflictDeclaration.objects.create(assignment=assignment, kind=ConflictKind.NONE)
    return assignment


def submitted_sheet(assignment: Assignment, fractions) -> ScoreSheet:
    """A submitted sheet scoring each criterion at ``fraction`` of its maximum (one per criterion, or one for all)."""
    criteria = list(assignment.committee.criteria.all())
    if not isinstance(fractions, list | tuple):
        fractions = [fractions] * len(criteria)
    sheet = ScoreSheet.objects.create(assignment=assignment)
    CriterionScore.objects.bulk_create(
        CriterionScore(
            sheet=sheet,
            criterion=criterion,
            score=(criterion.max_score * Decimal(str(fraction))).quantize(Decimal("0.1")),
            comment="충분히 검토한 의견입니다.",
        )
        for criterion, fraction in zip(criteria, fractions, strict=True)
    )
    sheet_totals_store(
        ScoreSheet.objects.filter(pk=sheet.pk), status=SheetStatus.SUBMITTED, submitted_at=timezone.now()
    )
    sheet.refresh_from_db()
    return sheet


def scored(committee: Committee, app: Application, totals) -> list:
    """One new expert per total, each with a submitted sheet whose weighted total is exactly ``total``."""
    return [submitted_sheet(assign(committee, app, expert(committee)), total / 100) for total in totals]


def company_member():
    member = CompanyMemberFactory(user=UserFactory())
    member.user.groups.add(Group.objects.get_or_create(name=Role.COMPANY_MEMBER.value)[0])
    return member.user


def otp_client(user) -> Client:
    """A client logged in as ``user`` with a session verified by a TOTP device (as django_otp.login does)."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
