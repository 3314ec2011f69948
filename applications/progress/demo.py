"""Demo progress reports: on the demo's confirmed agreement (``applications.agreements.demo``), the interim report
is submitted and accepted and the final report is submitted and waits for staff's review. Made through the
services, as the company and staff would; dates follow today (the agreement's own dates do)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.agreements.demo import DEMO_AGREEMENTS, STAFF_EMAIL
from applications.demo.documents import minimal_pdf
from applications.models import Application
from applications.workflow import ApplicationStatus
from portal.accounts.models import User
from programs.demo import call_code, open_year
from programs.enums import ProgramCode

from .models import ProgressReport, ReportKind
from .services import AnswerInput, agreed_milestones, report_accept, report_save, report_submit

TEXTS = {
    ReportKind.INTERIM: (
        "비전 검사 장비 사양을 확정하고 스폿 용접 라인 2호기에 시범 설치했습니다.",
        "시범 라인의 용접 불량 검출률 92% 확인, 검사 시간 1대당 40초 → 12초.",
        "조명 반사로 오검출이 있어 편광 필터를 추가하고, 하반기에 전 라인으로 확대합니다.",
    ),
    ReportKind.FINAL: (
        "비전 검사를 용접 라인 전체(4개 라인)에 적용하고 불량 데이터 수집 체계를 구축했습니다.",
        "용접 불량률 1.8% → 0.6%, 재작업 비용 연 4천만 원 절감, 검사 인력 2명을 품질 개선 업무로 전환.",
        "검사 모델 재학습을 분기마다 자체 수행할 계획이며, 후속으로 국가 R&D 과제를 준비합니다.",
    ),
}


def _evidence(title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{title}.pdf", minimal_pdf("Evidence"), content_type="application/pdf")


def _file(application: Application, kind: str, owner, done_upto: int) -> ProgressReport:
    milestones = agreed_milestones(application)
    work_done, results, plans = TEXTS[kind]
    report = report_save(
        application=application,
        kind=kind,
        acting_user=owner,
        work_done=work_done,
        results=results,
        problems_plans=plans,
        answers=[
            AnswerInput(
                milestone_id=m.pk,
                done=n < done_upto,
                note="완료" if n < done_upto else "진행 중 (최종보고 시 완료 예정)",
                evidence=_evidence(m.deliverable or m.title) if n < done_upto else None,
            )
            for n, m in enumerate(milestones)
        ],
        files=[SimpleUploadedFile("사진대지.pdf", minimal_pdf("Photos"), content_type="application/pdf")],
    )
    return report_submit(report=report, acting_user=owner)


def seed(*, log) -> list[str]:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    business_number = next(number for number, _title, confirmed in DEMO_AGREEMENTS if confirmed)
    application = (
        Application.objects.filter(
            company__business_number=business_number,
            call__code=call_code(ProgramCode.HVC, open_year() - 1),
            status=ApplicationStatus.IN_PROGRESS,
        )
        .select_related("company")
        .first()
    )
    if staff is None or application is None:
        log("skipped demo progress reports: staff or the demo project in progress missing")
        return []
    if application.progress_reports.exists():
        log(f"kept progress reports of {application.company.name}")
        return []
    owner = application.company.members.select_related("user").order_by("joined_at", "id").first().user
    interim = _file(application, ReportKind.INTERIM, owner, done_upto=1)
    comment = "중간보고 확인했습니다. 최종보고 시 전 라인 적용 결과를 포함해 주세요."
    report_accept(report=interim, acting_user=staff, comment=comment)
    _file(application, ReportKind.FINAL, owner, done_upto=99)
    log(f"progress reports of {application.company.name}: interim accepted, final awaiting review")
    return []


def reports_accepted(application: Application, *, owner, staff) -> None:
    """Both reports of a project that has ended filed and accepted (for the other demo seeders' ended projects)."""
    for kind in (ReportKind.INTERIM, ReportKind.FINAL):
        report_accept(report=_file(application, kind, owner, done_upto=99), acting_user=staff, comment="확인했습니다.")
