"""Demo outcome reports: a project of program A's call two years ago, completed in November of that year, with
its reports: the year of completion verified, the year after submitted and waiting for staff, this year's due
(not submitted). Dates follow today. (Past years' verified history is seeded by the history import, not here.)

The application of a closed call cannot be submitted any more, so it is written as history (a snapshot of its
content, the move to *selected*); the project then moves on through ``transitions.move`` as staff would move it,
and the reports are filed, submitted and verified through the services.
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.demo import minimal_pdf
from applications.models import Application, ApplicationItem, ApplicationStatusChange, Company
from applications.services.submission import receipt_number_for
from applications.services.transitions import move
from applications.snapshot import company_json, content_json
from applications.workflow import Actor, ApplicationStatus
from portal.accounts.models import User
from programs.demo import call_code
from programs.enums import ProgramCode
from programs.models import Call

from .models import ReportState
from .services import (
    Figures,
    evidence_add,
    outcome_report_save,
    outcome_report_submit,
    outcome_report_verify,
    rd_task_add,
    reports_schedule,
)

S = ApplicationStatus
STAFF_EMAIL = "staff@demo.yc.kr"
BUSINESS_NUMBER = "505-86-33107"  # 금호오토텍 (its other demo project is in progress)
TITLE = "사출 금형 냉각 채널 최적화로 사이클 타임 단축"
EVIDENCE_FIELDS = ["sales_krw", "exports_krw", "patents_registered", "certifications", "rd_tasks"]


def _completed_project(company: Company, call: Call, staff: User) -> Application | None:
    item = call.support_items.order_by("order").first()
    if item is None:
        return None
    submitted_at = call.closes_at - timedelta(days=3)
    city = min(item.max_support_krw, 40_000_000)
    application = Application.objects.create(
        company=company,
        call=call,
        status=S.SELECTED,
        project_title=TITLE,
        project_summary="금형 냉각 채널을 재설계하여 사출 사이클 타임을 20% 단축합니다.",
        expected_sales_krw=1_500_000_000,
        expected_hires=4,
        expected_patents=1,
        expected_certifications=1,
        expected_exports_krw=300_000_000,
        receipt_number=receipt_number_for(call, 950),
        submitted_at=submitted_at,
        created_at=submitted_at - timedelta(days=10),
        updated_at=submitted_at,
    )
    ApplicationItem.objects.create(
        application=application,
        support_item=item,
        city_support_krw=city,
        company_cash_krw=city // 4,
        company_inkind_krw=city // 8,
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
    for status in (S.AGREEMENT, S.IN_PROGRESS, S.COMPLETED):
        move(application=application, acting_user=staff, to=status, reason="데모: 사업 완료")
    application.completed_on = date(call.year, 11, 30)
    application.save(update_fields=["completed_on"])
    return application


def _file(report, owner, *, sales, exports, employees, hires, local, patents, registered, certs, prototypes):
    outcome_report_save(
        report=report,
        acting_user=owner,
        figures=Figures(
            values={
                "sales_krw": sales,
                "exports_krw": exports,
                "employees": employees,
                "new_hires": hires,
                "new_hires_local": local,
                "patents_filed": patents,
                "patents_registered": registered,
                "certifications": certs,
                "prototypes": prototypes,
                "follow_on_investment_krw": 0,
            },
            note="매출은 부가세 신고 기준입니다.",
        ),
    )
    for figure in ("sales_krw", "exports_krw", "patents_registered", "certifications"):
        upload = SimpleUploadedFile(f"{figure}-{report.year}.pdf", minimal_pdf(f"{figure} {report.year}"))
        evidence_add(report=report, acting_user=owner, figure=figure, upload=upload)


def seed(*, log) -> list[str]:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    today = timezone.localdate()
    call = Call.objects.filter(code=call_code(ProgramCode.HVC, today.year - 2)).first()
    company = Company.objects.filter(business_number=BUSINESS_NUMBER).first()
    owner = company.members.select_related("user").order_by("joined_at", "id").first() if company else None
    if staff is None or call is None or owner is None:
        log("skipped demo outcome reports: staff, the call of two years ago or the company missing")
        return []
    if Application.objects.filter(company=company, call=call).exists():
        log(f"kept the outcome reports of {company.name} on {call.code}")
        return []
    if not call.outcome_evidence_fields:
        call.outcome_evidence_fields = EVIDENCE_FIELDS
        call.save(update_fields=["outcome_evidence_fields"])
    application = _completed_project(company, call, staff)
    if application is None:
        return []
    reports = {report.year: report for report in reports_schedule(application=application)}
    user = owner.user
    first = reports[call.year]
    # Figures in proportion to the company's own figures before support (its frozen application).
    base_sales = first.baseline_sales_krw or 5_000_000_000
    base_staff = int(first.baseline_employees or 30)
    _file(
        first,
        user,
        sales=base_sales * 106 // 100 // 1_000_000 * 1_000_000,
        exports=base_sales * 12 // 100 // 1_000_000 * 1_000_000,
        employees=base_staff + 3,
        hires=5,
        local=4,
        patents=1,
        registered=0,
        certs=1,
        prototypes=2,
    )
    rd_task_add(
        report=first,
        acting_user=user,
        name="사출 금형 스마트 냉각 제어 기술 개발",
        agency="한국산업기술평가관리원",
        amount_krw=480_000_000,
    )
    evidence_add(
        report=first,
        acting_user=user,
        figure="rd_tasks",
        upload=SimpleUploadedFile("rd-agreement.pdf", minimal_pdf("R&D agreement")),
    )
    outcome_report_submit(report=first, acting_user=user)
    outcome_report_verify(report=first, acting_user=staff, comment="세금계산서 합계와 일치함")
    second = reports[call.year + 1]
    _file(
        second,
        user,
        sales=base_sales * 113 // 100 // 1_000_000 * 1_000_000,
        exports=base_sales * 15 // 100 // 1_000_000 * 1_000_000,
        employees=base_staff + 6,
        hires=4,
        local=3,
        patents=1,
        registered=1,
        certs=0,
        prototypes=1,
    )
    outcome_report_submit(report=second, acting_user=user)
    states = ", ".join(
        f"{report.year}: {ReportState(report.state).name.lower()}" for report in application.outcome_reports.all()
    )
    log(f"outcome reports of {company.name} on {call.code}: {states}")
    return []
