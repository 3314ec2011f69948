"""Demo evaluation: a committee per open call (``programs.demo.open_year``) with its rubric and bonus items, two
experts, and on the demo applications that ``applications.review.demo.story`` put into evaluation: both experts
assigned, their declarations and scores as far as the story says (expert2 has scored them all; expert@demo.yc.kr
has a draft on one and has not declared on another). The evaluation stays open. Idempotent: what exists is kept.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction

from applications.review.demo.story import Expert, Stage, story_applications
from applications.workflow import ApplicationStatus
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified, user_upsert
from programs.demo import open_year
from programs.models import Call

from .enums import ConflictKind
from .models import Assignment, BonusItem, Committee, ConflictDeclaration, Criterion, ExpertProfile, ScoreSheet
from .services import CriterionInput, assignment_create, conflict_declare, score_sheet_save

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
    ("expert@demo.yc.kr", "최유진", "경북대학교 기계공학부", "기계, 자동차부품, 공정개선"),
    ("expert2@demo.yc.kr", "한도윤", "한국생산기술연구원 대경본부", "스마트공장, 시제품, 소재"),
]
COMMENT = "기술 개발 목표와 추진 계획이 구체적이며 지역 파급효과가 기대됩니다."
SPREAD = [Decimal("0.03"), Decimal("-0.04"), Decimal("0.05"), Decimal("-0.02")]  # per criterion, around the level


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


def _values(committee: Committee, level: float, *, complete: bool) -> dict[int, CriterionInput]:
    """Scores near ``level`` of each criterion's maximum (a draft scores only the first two criteria)."""
    criteria = list(committee.criteria.order_by("order", "pk"))
    values = {}
    for index, criterion in enumerate(criteria if complete else criteria[:2]):
        share = min(Decimal("1"), Decimal(str(level)) + SPREAD[index % len(SPREAD)])
        values[criterion.pk] = CriterionInput(str((criterion.max_score * share).quantize(Decimal("0.1"))), COMMENT)
    return values


def _expert_acts(assignment: Assignment, expert: User, state: Expert, level: float, log) -> None:
    """Bring the expert's assignment to ``state``: declared no conflict, then a draft or submitted sheet."""
    if state == Expert.UNDECLARED:
        return
    if not ConflictDeclaration.objects.filter(assignment=assignment).exists():
        conflict_declare(assignment=assignment, acting_user=expert, kind=ConflictKind.NONE)
    if ScoreSheet.objects.filter(assignment=assignment).exists():
        return  # a sheet exists: drafted or submitted already (by this seed or by hand)
    submit = state == Expert.SUBMITTED
    values = _values(assignment.committee, level, complete=submit)
    score_sheet_save(assignment=assignment, acting_user=expert, values=values, submit=submit)
    log(f"{'scored' if submit else 'drafted scores of'} {assignment.application.receipt_number} as {expert.email}")


def _assign_and_score(committees: dict[int, Committee], experts: list[User], staff: User, log) -> None:
    """Both experts on each story application in evaluation; each expert as far as the story says."""
    for application, story in story_applications(Stage.EVALUATION):
        committee = committees.get(application.call_id)
        if committee is None or committee.is_closed or application.status != ApplicationStatus.EVALUATION:
            continue
        for expert, state in zip(experts, (story.expert, story.expert2), strict=True):
            assignment = Assignment.objects.filter(application=application, expert=expert).first()
            if assignment is None:
                assignment = assignment_create(
                    committee=committee, application=application, expert=expert, acting_user=staff
                )
                log(f"assigned {expert.email} to {application.receipt_number}")
            if assignment.is_active and state is not None:
                _expert_acts(assignment, expert, state, story.level, log)


@transaction.atomic
def seed(*, log) -> list[str]:
    experts = _experts(log)
    staff = User.objects.filter(email="staff@demo.yc.kr").first()
    committees = {call.pk: _committee(call, experts) for call in Call.objects.filter(year=open_year())}
    if staff is not None:
        _assign_and_score(committees, experts, staff, log)
    return [f"{Role.OUTSIDE_EXPERT.label:<20} {email:<24} {settings.DEMO_PASSWORD}" for email, *_ in EXPERTS]
