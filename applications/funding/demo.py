"""Demo payments and settlements (after the agreements seeder):

- the project of last year's call of program A whose agreement the agreements demo confirmed gets its first
  tranche (half the city support);
- on the call of program A two years ago, two projects whose period ended three weeks ago are paid in full: one
  has submitted its settlement and waits for staff's review; the other was reviewed with part of its spending
  disallowed and 3,000,000 won unspent, so a refund of 5,000,000 won is open.

Applications of a closed call are written as history (as ``applications.agreements.demo`` does); agreements,
payments, settlements and reviews go through the services. Dates follow today; a second run adds nothing.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.agreements.models import Agreement
from applications.agreements.services import (
    LineInput,
    agreement_confirm,
    agreement_draft,
    agreement_version_issue,
    agreement_version_save,
)
from applications.demo import minimal_pdf
from applications.models import Application, ApplicationItem, ApplicationStatusChange, Company
from applications.progress.demo import reports_accepted
from applications.services.submission import receipt_number_for
from applications.workflow import Actor, ApplicationStatus
from portal.accounts.models import User
from programs.demo import call_code, open_year
from programs.enums import ProgramCode
from programs.models import Call

from .models import Payment
from .services import (
    LineDecision,
    SpendingInput,
    payment_record,
    settlement_review_finish,
    settlement_save,
    settlement_submit,
)

S = ApplicationStatus
STAFF_EMAIL = "staff@demo.yc.kr"
# (business number, project, reviewed?)
ENDED_PROJECTS = (
    ("505-86-33107", "사출 성형 공정 데이터 수집 시스템 구축", False),
    ("505-88-09275", "도장 라인 에너지 절감 설비 개선", True),
)


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


def _pay(application: Application, staff: User, item_id: int, amount: int, tranche: int, days_ago: int) -> None:
    payment_record(
        application=application,
        acting_user=staff,
        support_item_id=item_id,
        tranche=tranche,
        paid_on=timezone.localdate() - timedelta(days=days_ago),
        amount_krw=amount,
        evidence=_pdf(f"transfer-{tranche}.pdf", f"Transfer {application.receipt_number} {tranche}"),
        note=f"{tranche}차 사업비 지급",
    )


def _ended_project(company: Company, call: Call, title: str, number: int, staff: User) -> Application | None:
    """A project whose agreement period ended three weeks ago (in progress)."""
    item = call.support_items.order_by("order").first()
    owner = company.members.select_related("user").order_by("joined_at", "id").first()
    if item is None or owner is None:
        return None
    today = timezone.localdate()
    city = min(item.max_support_krw, 24_000_000)
    cash = -(-city // 2_000_000) * 1_000_000  # a company share of at least a third, half of it cash
    submitted_at = call.closes_at - timedelta(days=3)
    application = Application.objects.create(
        company=company,
        call=call,
        status=S.SELECTED,
        project_title=title,
        project_summary="공정 효율을 높이고 에너지 사용을 줄입니다.",
        receipt_number=receipt_number_for(call, 950 + number),
        submitted_at=submitted_at,
        snapshot={"content": {}, "company": {}},
        created_at=submitted_at - timedelta(days=5),
        updated_at=submitted_at,
    )
    ApplicationItem.objects.create(
        application=application, support_item=item, city_support_krw=city, company_cash_krw=cash, company_inkind_krw=0
    )
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=S.EVALUATION,
        to_status=S.SELECTED,
        changed_by=staff,
        actor=Actor.STAFF,
        changed_at=call.closes_at + timedelta(days=35),
        reason="평가위원회 심의 결과 선정",
    )
    version = agreement_draft(application=application, acting_user=staff)
    agreement_version_save(
        version=version,
        acting_user=staff,
        starts_on=today - timedelta(days=260),
        ends_on=today - timedelta(days=21),
        special_conditions="사업 종료 후 30일 이내 정산서를 제출한다.",
        change_reason="",
        lines=[LineInput(item.pk, city, cash, 0)],
        milestones=[],
    )
    version = agreement_version_issue(version=version, acting_user=staff)
    agreement_confirm(version=version, acting_user=owner.user)
    application.refresh_from_db()
    return application


def _settle(application: Application, staff: User, reviewed: bool) -> None:
    owner = application.company.members.select_related("user").order_by("joined_at", "id").first().user
    line = Agreement.objects.get(application=application).versions.get(number=1).lines.get()
    item, city = line.support_item_id, line.city_support_krw
    _pay(application, staff, item, city // 2, 1, 230)
    _pay(application, staff, item, city - city // 2, 2, 100)
    spent = city - 3_000_000 if reviewed else city
    settlement_save(
        application=application,
        acting_user=owner,
        lines=[SpendingInput(item, spent, line.company_cash_krw, 0)],
        receipts={item: [_pdf("세금계산서.pdf", "Tax invoice"), _pdf("이체확인증.pdf", "Bank transfer")]},
    )
    settlement = settlement_submit(application=application, acting_user=owner)
    if reviewed:
        settlement_review_finish(
            settlement=settlement,
            acting_user=staff,
            decisions=[LineDecision(item, spent - 2_000_000, "사업 기간 이후 지출 2건(2,000,000원)은 인정하지 않음")],
        )


def seed(*, log) -> list[str]:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    call = Call.objects.filter(code=call_code(ProgramCode.HVC, open_year() - 1)).first()
    if staff is None or call is None:
        log("skipped demo payments: staff or last year's call missing")
        return []
    running = (
        Application.objects.filter(call=call, status=S.IN_PROGRESS, agreement__isnull=False).order_by("pk").first()
    )
    if running is not None and not Payment.objects.filter(agreement__application=running).exists():
        line = running.agreement.versions.filter(confirmed_at__isnull=False).order_by("-number").first().lines.first()
        _pay(running, staff, line.support_item_id, line.city_support_krw // 2, 1, 50)
        log(f"first tranche paid to {running.receipt_number}")
    ended_call = Call.objects.filter(code=call_code(ProgramCode.HVC, open_year() - 2)).first()
    for number, (business_number, title, reviewed) in enumerate(ENDED_PROJECTS, start=1):
        company = Company.objects.filter(business_number=business_number).first()
        if (
            ended_call is None
            or company is None
            or Application.objects.filter(company=company, call=ended_call).exists()
        ):
            log(f"kept (or skipped) the demo settlement of {business_number}")
            continue
        try:
            application = _ended_project(company, ended_call, title, number, staff)
            if application is not None:
                owner = company.members.select_related("user").order_by("joined_at", "id").first().user
                reports_accepted(application, owner=owner, staff=staff)  # an ended project reported in full
                _settle(application, staff, reviewed)
                log(f"settlement of {company.name}: {'reviewed, refund open' if reviewed else 'waiting for review'}")
        except ValidationError as error:  # e.g. the call's budget is spent: the demo goes without this project
            log(f"skipped the demo settlement of {business_number}: {' '.join(error.messages)}")
    return []
