"""Demo evaluation: a committee per 2027 call with its rubric and bonus items, two experts, assignments, scores.

Idempotent: what exists is kept; applications are moved into evaluation only when a call has none there yet.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction

from applications.models import Application
from applications.services.transitions import application_evaluation_start
from applications.workflow import ApplicationStatus
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified, user_upsert
from programs.models import Call

from .enums import ConflictKind
from .models import Assignment, BonusItem, Committee, Criterion, ExpertProfile
from .services import CriterionInput, conflict_declare, score_sheet_save

DEMO_YEAR = 2027
RUBRIC = [
    ("기술성", "Technology", 40, Decimal("40")),
    ("사업성", "Business feasibility", 30, Decimal("30")),
    ("수행역량", "Capability", 20, Decimal("20")),
    ("지역기여도", "Regional contribution", 10, Decimal("10")),
]
BONUS = [
    ("지역 연구기관·대학 위탁 참여", "Local research institute or university as subcontractor", Decimal("2")),
    ("영천 거주 직원 90% 이상", "At least 90% of staff living in Yeongcheon", Decimal("1")),
]
EXPERTS = [
    ("expert@demo.yc.kr", "최유진 (외부전문가)", "경북대학교 기계공학부", "기계, 자동차부품, 공정개선"),
    ("expert2@demo.yc.kr", "한도윤 (외부전문가)", "한국생산기술연구원 대경본부", "스마트공장, 시제품, 소재"),
]
COMMENT = "기술 개발 목표와 추진 계획이 구체적이며 지역 파급효과가 기대됩니다."


def _experts(log) -> list[User]:
    users = []
    for email, name, organisation, fields in EXPERTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user, _created = user_upsert(
                email=email, password=settings.DEMO_PASSWORD, full_name=name, roles=[Role.OUTSIDE_EXPERT]
            )
            user_email_mark_verified(user=user)
            log(f"created user {email}")
        ExpertProfile.objects.get_or_create(user=user, defaults={"organisation": organisation, "fields": fields})
        users.append(user)
    return users


def _committee(call: Call, experts: list[User]) -> Committee:
    committee, created = Committee.objects.get_or_create(
        call=call,
        defaults={"cutoff_score": Decimal("70"), "meeting_on": call.evaluation_on, "experts_per_application": 2},
    )
    if created:
        for order, (ko, en, weight, max_score) in enumerate(RUBRIC):
            Criterion.objects.create(
                committee=committee, name_ko=ko, name_en=en, weight=weight, max_score=max_score, order=order
            )
        for order, (ko, en, points) in enumerate(BONUS):
            BonusItem.objects.create(committee=committee, name_ko=ko, name_en=en, points=points, order=order)
        committee.members.add(*ExpertProfile.objects.filter(user__in=experts))
    return committee


def _into_evaluation(call: Call, staff: User, log) -> None:
    if Application.objects.filter(call=call, status=ApplicationStatus.EVALUATION).exists():
        return
    screening = list(
        Application.objects.filter(call=call, status=ApplicationStatus.SCREENING).order_by("receipt_number")
    )
    for application in screening[: max(1, len(screening) // 2)]:
        application_evaluation_start(application=application, acting_user=staff)
        log(f"moved {application.receipt_number} into evaluation")


def _assign_and_score(committee: Committee, experts: list[User], staff: User, log) -> None:
    applications = list(
        Application.objects.filter(call=committee.call, status=ApplicationStatus.EVALUATION).order_by("receipt_number")
    )
    for application in applications:
        for expert in experts:
            if not Assignment.objects.filter(application=application, expert=expert).exists():
                Assignment.objects.create(
                    committee=committee, application=application, expert=expert, assigned_by=staff
                )
                log(f"assigned {expert.email} to {application.receipt_number}")
    if not applications or committee.is_closed:
        return
    # The second expert has declared and scored the first application; the first expert is left to do it.
    assignment = Assignment.objects.get(application=applications[0], expert=experts[1])
    if not hasattr(assignment, "declaration"):
        conflict_declare(assignment=assignment, acting_user=experts[1], kind=ConflictKind.NONE)
        values = {
            criterion.pk: CriterionInput(str((criterion.max_score * Decimal("0.8")).quantize(Decimal("0.1"))), COMMENT)
            for criterion in committee.criteria.all()
        }
        score_sheet_save(assignment=assignment, acting_user=experts[1], values=values, submit=True)
        log(f"scored {applications[0].receipt_number} as {experts[1].email}")


@transaction.atomic
def seed(*, log) -> list[str]:
    experts = _experts(log)
    staff = User.objects.filter(email="staff@demo.yc.kr").first()
    calls = list(Call.objects.filter(year=DEMO_YEAR))
    for call in calls:
        committee = _committee(call, experts)
        if staff is not None:
            _into_evaluation(call, staff, log)
            _assign_and_score(committee, experts, staff, log)
    return [f"{Role.OUTSIDE_EXPERT.label:<20} {email:<24} {settings.DEMO_PASSWORD}" for email, *_ in EXPERTS]
