"""Demo agreements: on last year's (closed) call of program A, three demo companies were selected; one agreement
is confirmed (the project runs), one is sent and waits for the company's confirmation, and for the third staff
have not drafted the agreement yet. Dates follow today.

The applications of a closed call cannot be submitted any more, so they are written as history (a snapshot of
their content, the move to *selected*); the agreements are made through the services, as staff and the company
would.
"""

from datetime import date, timedelta

from django.utils import timezone

from applications.demo.companies import STANDARD_DOCUMENTS, DemoCompany, seed_company
from applications.models import Application, ApplicationItem, ApplicationStatusChange, Company
from applications.services.submission import receipt_number_for
from applications.snapshot import company_json, content_json
from applications.workflow import Actor, ApplicationStatus
from portal.accounts.models import User
from programs.demo import call_code, open_year
from programs.enums import ProgramCode
from programs.models import Call

from .services import (
    LineInput,
    MilestoneInput,
    agreement_confirm,
    agreement_draft,
    agreement_version_issue,
    agreement_version_save,
)

S = ApplicationStatus
STAFF_EMAIL = "staff@demo.yc.kr"
# (business number, project, confirmed?); ``None``: selected, no agreement drafted yet.
DEMO_AGREEMENTS = (
    ("505-86-33107", "스폿 용접 라인 비전 검사 도입", True),
    ("505-88-09275", "경량 브래킷 금형 개선 및 시험", False),
    ("505-81-94318", "정밀 가공 라인 공정 데이터 수집 체계 구축", None),
)
# The company selected without an agreement yet (its only application, on last year's call).
HWASAN = DemoCompany(
    owner_email="owner.hwasan@demo.yc.kr",
    owner_name="문태호",
    business_number="505-81-94318",
    name="화산정밀기계 주식회사",
    representative="문태호",
    head_office=("경상북도 영천시 화산면 대기리 하이테크파크2로 12", "38821"),
    factory=("경상북도 영천시 화산면 대기리 하이테크파크2로 12", "38821"),
    ksic_code="C29199",
    founded_on=date(2011, 4, 18),
    located_since=date(2016, 9, 1),
    headcounts=(44, 44, 45, 45, 45, 46, 46, 46, 47, 47, 47, 48),
    revenues_krw=(18_400_000_000, 17_200_000_000, 16_900_000_000),
    total_assets_krw=21_300_000_000,
    contact=("문지윤", "054-335-4410"),
    documents=STANDARD_DOCUMENTS,
)


def _selected(company: Company, call: Call, title: str, number: int, staff: User) -> Application | None:
    item = call.support_items.order_by("order").first()
    if item is None:
        return None
    today = timezone.localdate()
    city = min(item.max_support_krw, 30_000_000)
    company_share = -(-city // 3_000_000) * 1_000_000
    cash = -(-company_share // 2_000_000) * 1_000_000
    submitted_at = call.closes_at - timedelta(days=2)
    application = Application.objects.create(
        company=company,
        call=call,
        status=S.SELECTED,
        project_title=title,
        project_summary="생산 공정의 불량률을 낮추고 납기를 단축합니다.",
        milestones=[
            {
                "title": "설계 및 사양 확정",
                "deliverable": "설계서",
                "starts_on": (today - timedelta(days=60)).isoformat(),
                "ends_on": (today + timedelta(days=30)).isoformat(),
            },
            {
                "title": "제작 및 시험",
                "deliverable": "시험성적서",
                "starts_on": (today + timedelta(days=31)).isoformat(),
                "ends_on": (today + timedelta(days=150)).isoformat(),
            },
        ],
        receipt_number=receipt_number_for(call, 900 + number),
        submitted_at=submitted_at,
        created_at=submitted_at - timedelta(days=7),
        updated_at=submitted_at,
    )
    ApplicationItem.objects.create(
        application=application,
        support_item=item,
        city_support_krw=city,
        company_cash_krw=cash,
        company_inkind_krw=company_share - cash,
    )
    application.snapshot = {
        "receipt_number": application.receipt_number,
        "submitted_at": submitted_at.isoformat(),
        "call": {"code": call.code, "year": call.year, "title_ko": call.title_ko, "title_en": call.title_en},
        "company": company_json(company),
        "content": content_json(application),
        "eligibility": {},
    }
    application.save(update_fields=["snapshot"])
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=S.EVALUATION,
        to_status=S.SELECTED,
        changed_by=staff,
        actor=Actor.STAFF,
        changed_at=call.closes_at + timedelta(days=35),
        reason="평가위원회 심의 결과 선정",
    )
    return application


def seed(*, log) -> list[str]:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    call = Call.objects.filter(code=call_code(ProgramCode.HVC, open_year() - 1)).first()
    if staff is None or call is None:
        log("skipped demo agreements: staff or last year's call missing")
        return []
    today = timezone.localdate()
    seed_company(HWASAN, log=log, today=today)
    for number, (business_number, title, confirmed) in enumerate(DEMO_AGREEMENTS, start=1):
        company = Company.objects.filter(business_number=business_number).first()
        owner = company.members.select_related("user").order_by("joined_at", "id").first() if company else None
        if owner is None:
            log(f"skipped demo agreement {business_number}: company missing")
            continue
        if Application.objects.filter(company=company, call=call).exists():
            log(f"kept application of {company.name} to {call.code}")
            continue
        application = _selected(company, call, title, number, staff)
        if application is None:
            continue
        if confirmed is None:
            log(f"{company.name} selected on {call.code}: the agreement is for staff to draft")
            continue
        version = agreement_draft(application=application, acting_user=staff)
        starts_on = today - timedelta(days=60) if confirmed else today + timedelta(days=14)
        agreement_version_save(
            version=version,
            acting_user=staff,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=240),
            special_conditions="중간보고 승인 후 잔여 사업비를 지급한다.",
            change_reason="",
            lines=[
                LineInput(line.support_item_id, line.city_support_krw, line.company_cash_krw, line.company_inkind_krw)
                for line in version.lines.all()
            ],
            milestones=[MilestoneInput(m.title, m.due_on, m.deliverable) for m in version.milestones.all()],
        )
        version = agreement_version_issue(version=version, acting_user=staff)
        if confirmed:
            agreement_confirm(version=version, acting_user=owner.user)
        log(f"agreement of {company.name} on {call.code}: {'confirmed' if confirmed else 'sent, not confirmed'}")
    return []
