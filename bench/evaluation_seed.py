"""Benchmark data of the evaluation: a call with 10,000 applications in evaluation, 5 experts, 5 submitted
score sheets per application (50,000 sheets, 200,000 criterion scores), totals stored by one UPDATE.

The applications reuse the companies of the review queue's benchmark call (one application per company and
call); without them, companies are created here.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

RANKING_CALL_CODE = "bench-ranking"
RANKING_YEAR = 2098
SIZE = 10_000
EXPERTS = 5
RUBRIC = [
    ("기술성", "Technology", 40),
    ("사업성", "Business feasibility", 30),
    ("역량", "Capability", 20),
    ("지역기여", "Regional contribution", 10),
]


def ranking_applications(*, log, size: int = SIZE, seed: int = 2027) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from applications.evaluation.enums import ConflictKind, SheetStatus
    from applications.evaluation.models import (
        Assignment,
        Committee,
        ConflictDeclaration,
        Criterion,
        CriterionScore,
        ExpertProfile,
        ScoreSheet,
    )
    from applications.evaluation.services import sheet_totals_store
    from applications.models import Application, ApplicationItem, Company
    from portal.accounts.roles import Role
    from programs.models import Call, Program, SupportItem

    program = Program.objects.order_by("letter").first()
    if program is None:
        log("evaluation ranking: no program (demo data missing), skipped")
        return
    now = timezone.now()
    call, _created = Call.objects.get_or_create(
        code=RANKING_CALL_CODE,
        defaults={
            "program": program,
            "year": RANKING_YEAR,
            "title_ko": "벤치마크 평가 공고 (1만 건)",
            "title_en": "Benchmark evaluation call (10,000 applications)",
            "opens_at": now - timedelta(days=90),
            "closes_at": now - timedelta(days=60),
            "budget_krw": 1_000_000_000,
            "status": "closed",
        },
    )
    if Application.objects.filter(call=call).count() >= size:
        log(f"evaluation ranking: {size} applications already in {RANKING_CALL_CODE}")
        return
    rng = random.Random(seed)
    with transaction.atomic():
        item, _ = SupportItem.objects.get_or_create(
            call=call,
            code="prototype",
            defaults={
                "name_ko": "시제품 제작",
                "name_en": "Prototype production",
                "max_support_krw": 50_000_000,
                "company_share_pct": 25,
                "min_cash_pct": 50,
            },
        )
        companies = list(Company.objects.filter(applications__call__code="bench-queue").order_by("pk")[:size])
        if len(companies) < size:
            companies += Company.objects.bulk_create(
                [
                    Company(
                        business_number=f"{700 + n // 100000:03d}-88-{n % 100000:05d}",
                        name=f"영천평가 {n:05d} 주식회사",
                        representative="홍길동",
                        founded_on=date(2012, 3, 1),
                        monthly_headcounts=[20] * 12,
                    )
                    for n in range(size - len(companies))
                ],
                batch_size=2000,
            )
        applications = Application.objects.bulk_create(
            [
                Application(
                    company=company,
                    call=call,
                    status="evaluation",
                    project_title=f"공정 고도화 {n:05d}",
                    receipt_number=f"YC-{RANKING_YEAR}-BR-{n:05d}",
                    submitted_at=now - timedelta(days=61),
                )
                for n, company in enumerate(companies, start=1)
            ],
            batch_size=2000,
        )
        ApplicationItem.objects.bulk_create(
            [
                ApplicationItem(application=a, support_item=item, city_support_krw=rng.randint(5, 50) * 1_000_000)
                for a in applications
            ],
            batch_size=2000,
        )
        committee, _ = Committee.objects.get_or_create(call=call, defaults={"cutoff_score": Decimal("70")})
        criteria = [
            Criterion.objects.get_or_create(
                committee=committee, order=order, defaults={"name_ko": ko, "name_en": en, "weight": w, "max_score": w}
            )[0]
            for order, (ko, en, w) in enumerate(RUBRIC)
        ]
        user_model = get_user_model()
        group, _ = Group.objects.get_or_create(name=Role.OUTSIDE_EXPERT.value)
        password = make_password("bench-password-not-for-production")
        experts = []
        for n in range(EXPERTS):
            user, _ = user_model.objects.get_or_create(
                email=f"bench-expert-{n}@bench.yc.kr", defaults={"full_name": f"평가위원 {n}", "password": password}
            )
            user.groups.add(group)
            profile, _ = ExpertProfile.objects.get_or_create(user=user, defaults={"organisation": "벤치마크"})
            committee.members.add(profile)
            experts.append(user)
        assignments = Assignment.objects.bulk_create(
            [
                Assignment(committee=committee, application=a, expert=e, assigned_at=now)
                for a in applications
                for e in experts
            ],
            batch_size=5000,
        )
        ConflictDeclaration.objects.bulk_create(
            [ConflictDeclaration(assignment=a, kind=ConflictKind.NONE, declared_at=now) for a in assignments],
            batch_size=5000,
        )
        sheets = ScoreSheet.objects.bulk_create(
            [ScoreSheet(assignment=a, updated_at=now) for a in assignments], batch_size=5000
        )
        CriterionScore.objects.bulk_create(
            [
                CriterionScore(
                    sheet=sheet,
                    criterion=c,
                    comment="벤치마크 평가 의견입니다.",
                    score=Decimal(rng.randint(c.weight * 4, c.weight * 10)) / 10,
                )
                for sheet in sheets
                for c in criteria
            ],
            batch_size=5000,
        )
        sheet_totals_store(
            ScoreSheet.objects.filter(assignment__committee=committee), status=SheetStatus.SUBMITTED, submitted_at=now
        )
    log(f"evaluation ranking: {size} applications x {EXPERTS} submitted sheets in {RANKING_CALL_CODE}")
