"""Demo applications on the open calls (``programs.demo.open_window``): submitted ones (with receipt numbers)
and a draft.

Run by ``applications.demo.seed`` after the demo companies exist. Idempotent: an application that exists for a
company and call is kept as it is. The demo company ``company@demo.yc.kr`` (영천정밀) gets no application, so that
the apply journey can be walked on the demo from the start; its vault gets the documents the calls require.
Everything goes through the services (draft save, submission), so the demo data obeys every rule.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.demo import call_code, open_window
from programs.enums import DocumentType, ProgramCode
from programs.models import Call

from ..models import Application, Company, VaultDocument
from ..services import DraftData, ItemBudget, application_draft_open, application_draft_save, application_submit
from .documents import ensure_documents


@dataclass(frozen=True)
class DemoApplication:
    business_number: str
    program: str  # the open call of this program
    submit: bool
    title: str
    summary: str
    items: tuple[tuple[str, int, int, int], ...]  # (item code, city, cash, in-kind)


def _share(code: str, city: int) -> tuple[str, int, int, int]:
    """(item, city, cash, in-kind): the company pays a third of the city's support (25% of the total), half in
    cash, rounded up to a million won."""
    company = -(-city // 3_000_000) * 1_000_000
    cash = -(-company // 2_000_000) * 1_000_000
    return code, city, cash, company - cash


DEMO_APPLICATIONS = (
    DemoApplication(
        "505-86-33107",
        ProgramCode.HVC,
        True,
        "전기차 부품 용접공정 자동화 및 품질 예측 시스템 구축",
        "구암공단 공장의 스폿 용접 라인에 비전 검사와 공정 데이터 수집을 적용해 불량률을 낮춥니다.",
        (("process-rnd", 50_000_000, 9_000_000, 8_000_000), ("marketing", 20_000_000, 4_000_000, 3_000_000)),
    ),
    DemoApplication(
        "505-88-09275",
        ProgramCode.ITD,
        True,
        "경량 알루미늄 브래킷 시제품 제작 및 시험인증",
        "고경면 공장에서 개발한 경량 브래킷의 시제품을 만들고 KS 시험인증을 받습니다.",
        (("prototype-production", 30_000_000, 5_000_000, 5_000_000),),
    ),
    # The companies of ``MORE_COMPANIES``: one submitted application each, on the call that fits them.
    DemoApplication(
        "505-86-41188",
        ProgramCode.HVC,
        True,
        "CNC 가공라인 공구마모 예측 및 자동보정 기술개발",
        "하이테크파크 공장의 CNC 가공라인에 공구마모 센서와 예측 모델을 적용해 가공 불량과 공구비를 줄입니다.",
        (_share("process-rnd", 45_000_000), _share("process-onsite", 20_000_000)),
    ),
    DemoApplication(
        "505-81-52093",
        ProgramCode.HVC,
        True,
        "고강도 알루미늄 압출재 시제품 개발",
        "전기차 배터리 하우징용 고강도 알루미늄 압출재의 합금 설계와 시제품 개발을 추진합니다.",
        (_share("prototype-dev", 40_000_000), _share("marketing", 15_000_000)),
    ),
    DemoApplication(
        "505-88-63319",
        ProgramCode.HVC,
        True,
        "유압 밸브 조립공정 현장 자동화",
        "화산면 공장의 유압 밸브 수작업 조립공정에 협동로봇과 체결 토크 모니터링을 적용합니다.",
        (_share("process-onsite", 30_000_000),),
    ),
    DemoApplication(
        "505-87-70429",
        ProgramCode.HVC,
        True,
        "전동화 차량용 경량 시트프레임 시제품 제작 및 해외 전시회 참가",
        "경량 시트프레임 시제품을 제작하고 해외 자동차부품 전시회 공동관에 참가해 수출 판로를 엽니다.",
        (_share("prototype-production", 30_000_000), _share("marketing", 20_000_000)),
    ),
    DemoApplication(
        "505-81-81579",
        ProgramCode.HVC,
        True,
        "영천 포도 가공식품 살균공정 개선",
        "본촌 농공단지 공장의 포도즙 살균공정을 개선해 품질 편차와 에너지 사용량을 줄입니다.",
        (_share("process-rnd", 35_000_000),),
    ),
    DemoApplication(
        "505-88-92639",
        ProgramCode.ITD,
        True,
        "산업용 고효율 전동기 제어기 스케일업 R&D",
        "도남 농공단지에서 개발한 전동기 제어기의 효율을 높이고 양산형 설계로 스케일업합니다.",
        (_share("scale-up-rnd", 45_000_000), _share("testing-certification", 15_000_000)),
    ),
    DemoApplication(
        "505-86-13741",
        ProgramCode.ITD,
        True,
        "천연 유래 작물보호제 시제품 상용화 및 특허출원",
        "북안 농공단지 연구실에서 개발한 천연 유래 작물보호제를 상용화하고 제조 공정을 특허로 출원합니다.",
        (_share("prototype-commercial", 35_000_000), _share("patent", 10_000_000)),
    ),
    DemoApplication(
        "505-87-24852",
        ProgramCode.ITD,
        True,
        "소형 스마트팜 양액 공급기 시제품 제작",
        "신녕면 농가의 소형 온실에 맞춘 양액 자동 공급기 시제품을 제작하고 현장 시험을 합니다.",
        (_share("prototype-production", 25_000_000),),
    ),
    DemoApplication(
        "505-88-35962",
        ProgramCode.ITD,
        True,
        "내열 세라믹 부품 시험인증 및 수출물류",
        "임고면 공장의 내열 세라믹 부품이 해외 인증을 받고 첫 수출 물량을 선적하도록 지원을 신청합니다.",
        (_share("testing-certification", 20_000_000), _share("export-logistics", 15_000_000)),
    ),
    DemoApplication(
        "505-01-22845",
        ProgramCode.ITD,
        False,
        "스마트팩토리 설비 모니터링 앱 상용화",
        "",
        (("prototype-commercial", 20_000_000, 4_000_000, 3_000_000),),
    ),
)


def _owner(company: Company):
    member = company.members.select_related("user").order_by("joined_at", "id").first()
    return member.user if member else None


def _milestones(today: date) -> list[dict]:
    """Two milestones of a project that starts the month after the open call's agreement is due."""
    start = (open_window(today).agreement_due_on.replace(day=1) + timedelta(days=31)).replace(day=1)
    middle = (start + timedelta(days=92)).replace(day=1)
    end = (middle + timedelta(days=123)).replace(day=1) - timedelta(days=1)
    return [
        {"title": "설계 및 사양 확정", "deliverable": "설계서", "starts_on": start.isoformat(),
         "ends_on": (middle - timedelta(days=1)).isoformat()},
        {"title": "제작 및 시험", "deliverable": "시험성적서", "starts_on": middle.isoformat(),
         "ends_on": end.isoformat()},
    ]  # fmt: skip


def _seed_one(demo: DemoApplication, *, today: date, log) -> None:
    code = call_code(demo.program, open_window(today).year)
    company = Company.objects.filter(business_number=demo.business_number).first()
    call = Call.objects.prefetch_related("support_items", "eligibility_rules").filter(code=code).first()
    if company is None or call is None:
        log(f"skipped demo application {code}: company or call missing")
        return
    owner = _owner(company)
    if Application.objects.filter(company=company, call=call).exists():
        log(f"kept application of {company.name} to {call.code}")
        return
    if not call.is_open():
        log(f"skipped application of {company.name} to {call.code}: the call is not open now")
        return
    evidence = [rule.evidence_document for rule in call.eligibility_rules.all() if rule.evidence_document]
    ensure_documents(company, owner, list(dict.fromkeys([*call.required_documents, *evidence])), today=today, log=log)
    application, _created = application_draft_open(call=call, acting_user=owner)
    items = {item.code: item for item in call.support_items.all()}
    documents = {
        document.doc_type: document for document in VaultDocument.objects.filter(company=company, is_current=True)
    }
    content = {
        "project_title": demo.title,
        "project_summary": demo.summary,
        "current_state": "수작업 중심의 공정으로 불량률과 납기 지연이 문제입니다." if demo.submit else "",
        "objective": "불량률 50% 감소, 신규 매출 10억 원, 신규 고용 3명." if demo.submit else "",
        "milestones": _milestones(today) if demo.submit else [],
        "uses_experts": demo.submit,
        "expert_field": "생산자동화" if demo.submit else "",
        "expert_name": "경북하이브리드연구원" if demo.submit else "",
        "expected_sales_krw": 1_000_000_000 if demo.submit else None,
        "expected_hires": 3 if demo.submit else None,
        "expected_patents": 1 if demo.submit else None,
        "expected_certifications": 1 if demo.submit else None,
        "expected_exports_krw": None,
        "declares_no_tax_arrears": demo.submit,
        "declares_no_duplicate_funding": demo.submit,
        "declares_truthful": demo.submit,
    }
    data = DraftData(
        content=content,
        items=[ItemBudget(items[code], city, cash, inkind) for code, city, cash, inkind in demo.items if code in items],
        attachments={code: documents.get(code) for code in call.required_documents} if demo.submit else {},
    )
    application = application_draft_save(
        application=application, acting_user=owner, data=data, expected_version=application.version
    )
    if not demo.submit:
        log(f"created draft of {company.name} for {call.code}")
        return
    try:
        submitted = application_submit(application=application, acting_user=owner)
    except ValidationError as error:
        log(f"left the application of {company.name} to {call.code} as a draft: {' '.join(error.messages)}")
        return
    log(f"submitted application of {company.name} to {call.code}: {submitted.receipt_number}")


def seed_applications(*, log, demo_owner_email: str) -> None:
    today = timezone.localdate()
    for demo in DEMO_APPLICATIONS:
        _seed_one(demo, today=today, log=log)
    # The demo company of the apply journey: the documents the open calls require, nothing else.
    company = Company.objects.filter(members__user__email=demo_owner_email).first()
    if company is not None:
        codes = []
        year = open_window(today).year
        open_calls = Call.objects.filter(code__in=[call_code(program, year) for program in ProgramCode])
        for call in open_calls.prefetch_related("eligibility_rules"):
            codes += list(call.required_documents)
            codes += [rule.evidence_document for rule in call.eligibility_rules.all() if rule.evidence_document]
        missing = [code for code in dict.fromkeys(codes) if code != DocumentType.LOCAL_TAX_CLEARANCE]
        ensure_documents(company, _owner(company), missing, today=today, log=log)
