"""Demo applications on the open 2027 calls: submitted ones (with receipt numbers) and drafts.

Run by ``applications.demo.seed`` after the demo companies exist. Idempotent: an application that exists for a
company and call is kept as it is. The demo company ``company@demo.yc.kr`` (영천정밀) gets no application, so that
the apply journey can be walked on the demo from the start; its vault gets the documents the calls require.
Everything goes through the services (draft save, submission), so the demo data obeys every rule.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programs.enums import DocumentType
from programs.models import Call

from .models import Application, Company, VaultDocument
from .services import DraftData, ItemBudget, application_draft_open, application_draft_save, application_submit
from .services.documents import vault_document_replace, vault_document_upload

EXTRA_DOCUMENTS = {
    DocumentType.FINANCIAL_STATEMENTS: ("재무제표 (2025)", 365 * 2),
    DocumentType.PARTICIPATION_PLEDGE: ("참여제한·중복지원 없음 확약서", 365),
    DocumentType.FACTORY_REGISTRATION: ("공장등록증명서", None),
    DocumentType.INSURANCE_REGISTER: ("4대사회보험 사업장가입자명부", 90),
    DocumentType.NATIONAL_TAX_CLEARANCE: ("국세 납세증명서", 30),
    DocumentType.LOCAL_TAX_CLEARANCE: ("지방세 납세증명서", 30),
    DocumentType.BUSINESS_REGISTRATION: ("사업자등록증", None),
    DocumentType.SME_CERTIFICATE: ("중소기업확인서", 365),
}


@dataclass(frozen=True)
class DemoApplication:
    business_number: str
    call_code: str
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
        "2027-hvc",
        True,
        "전기차 부품 용접공정 자동화 및 품질 예측 시스템 구축",
        "구암공단 공장의 스폿 용접 라인에 비전 검사와 공정 데이터 수집을 적용해 불량률을 낮춥니다.",
        (("process-rnd", 50_000_000, 9_000_000, 8_000_000), ("marketing", 20_000_000, 4_000_000, 3_000_000)),
    ),
    DemoApplication(
        "505-88-09275",
        "2027-itd",
        True,
        "경량 알루미늄 브래킷 시제품 제작 및 시험인증",
        "고경면 공장에서 개발한 경량 브래킷의 시제품을 만들고 KS 시험인증을 받습니다.",
        (("prototype-production", 30_000_000, 5_000_000, 5_000_000),),
    ),
    # The companies of ``demo_companies``: one submitted application each, on the call that fits them.
    DemoApplication(
        "505-86-41188",
        "2027-hvc",
        True,
        "CNC 가공라인 공구마모 예측 및 자동보정 기술개발",
        "하이테크파크 공장의 CNC 가공라인에 공구마모 센서와 예측 모델을 적용해 가공 불량과 공구비를 줄입니다.",
        (_share("process-rnd", 45_000_000), _share("process-onsite", 20_000_000)),
    ),
    DemoApplication(
        "505-81-52093",
        "2027-hvc",
        True,
        "고강도 알루미늄 압출재 시제품 개발",
        "전기차 배터리 하우징용 고강도 알루미늄 압출재의 합금 설계와 시제품 개발을 추진합니다.",
        (_share("prototype-dev", 40_000_000), _share("marketing", 15_000_000)),
    ),
    DemoApplication(
        "505-88-63319",
        "2027-hvc",
        True,
        "유압 밸브 조립공정 현장 자동화",
        "화산면 공장의 유압 밸브 수작업 조립공정에 협동로봇과 체결 토크 모니터링을 적용합니다.",
        (_share("process-onsite", 30_000_000),),
    ),
    DemoApplication(
        "505-87-70429",
        "2027-hvc",
        True,
        "전동화 차량용 경량 시트프레임 시제품 제작 및 해외 전시회 참가",
        "경량 시트프레임 시제품을 제작하고 해외 자동차부품 전시회 공동관에 참가해 수출 판로를 엽니다.",
        (_share("prototype-production", 30_000_000), _share("marketing", 20_000_000)),
    ),
    DemoApplication(
        "505-81-81579",
        "2027-hvc",
        True,
        "영천 포도 가공식품 살균공정 개선",
        "본촌 농공단지 공장의 포도즙 살균공정을 개선해 품질 편차와 에너지 사용량을 줄입니다.",
        (_share("process-rnd", 35_000_000),),
    ),
    DemoApplication(
        "505-88-92639",
        "2027-itd",
        True,
        "산업용 고효율 전동기 제어기 스케일업 R&D",
        "도남 농공단지에서 개발한 전동기 제어기의 효율을 높이고 양산형 설계로 스케일업합니다.",
        (_share("scale-up-rnd", 45_000_000), _share("testing-certification", 15_000_000)),
    ),
    DemoApplication(
        "505-86-13741",
        "2027-itd",
        True,
        "천연 유래 작물보호제 시제품 상용화 및 특허출원",
        "북안 농공단지 연구실에서 개발한 천연 유래 작물보호제를 상용화하고 제조 공정을 특허로 출원합니다.",
        (_share("prototype-commercial", 35_000_000), _share("patent", 10_000_000)),
    ),
    DemoApplication(
        "505-87-24852",
        "2027-itd",
        True,
        "소형 스마트팜 양액 공급기 시제품 제작",
        "신녕면 농가의 소형 온실에 맞춘 양액 자동 공급기 시제품을 제작하고 현장 시험을 합니다.",
        (_share("prototype-production", 25_000_000),),
    ),
    DemoApplication(
        "505-88-35962",
        "2027-itd",
        True,
        "내열 세라믹 부품 시험인증 및 수출물류",
        "임고면 공장의 내열 세라믹 부품이 해외 인증을 받고 첫 수출 물량을 선적하도록 지원을 신청합니다.",
        (_share("testing-certification", 20_000_000), _share("export-logistics", 15_000_000)),
    ),
    DemoApplication(
        "505-01-22845",
        "2027-itd",
        False,
        "스마트팩토리 설비 모니터링 앱 상용화",
        "",
        (("prototype-commercial", 20_000_000, 4_000_000, 3_000_000),),
    ),
)


def _owner(company: Company):
    member = company.members.select_related("user").order_by("joined_at", "id").first()
    return member.user if member else None


def ensure_documents(company: Company, owner, codes: list[str], *, today: date, log) -> None:
    """Upload a current, valid document of each type in ``codes`` that the vault lacks (or holds only expired)."""
    from .demo import minimal_pdf

    for code in codes:
        current = VaultDocument.objects.filter(company=company, doc_type=code, is_current=True).first()
        if current is not None and not current.is_expired(today):
            continue
        title, valid_days = EXTRA_DOCUMENTS.get(code, (str(DocumentType(code).label), None))
        upload = SimpleUploadedFile(f"{code}.pdf", minimal_pdf(f"{company.business_number} {code}"), "application/pdf")
        issued = today - timedelta(days=3)
        expires = issued + timedelta(days=valid_days) if valid_days else None
        if current is not None:  # expired: a new version replaces it
            vault_document_replace(
                document=current, acting_user=owner, uploaded_file=upload, issued_on=issued, expires_on=expires
            )
        else:
            vault_document_upload(
                company=company,
                acting_user=owner,
                doc_type=code,
                title=title,
                uploaded_file=upload,
                issued_on=issued,
                expires_on=expires,
            )
        log(f"uploaded {code} for {company.name}")


def _seed_one(demo: DemoApplication, *, today: date, log) -> None:
    company = Company.objects.filter(business_number=demo.business_number).first()
    call = Call.objects.prefetch_related("support_items", "eligibility_rules").filter(code=demo.call_code).first()
    if company is None or call is None:
        log(f"skipped demo application {demo.call_code}: company or call missing")
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
        "milestones": [
            {"title": "설계 및 사양 확정", "starts_on": "2027-04-01", "ends_on": "2027-06-30", "deliverable": "설계서"},
            {"title": "제작 및 시험", "starts_on": "2027-07-01", "ends_on": "2027-10-31", "deliverable": "시험성적서"},
        ]
        if demo.submit
        else [],
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
        for call in Call.objects.filter(code__in=["2027-hvc", "2027-itd"]).prefetch_related("eligibility_rules"):
            codes += list(call.required_documents)
            codes += [rule.evidence_document for rule in call.eligibility_rules.all() if rule.evidence_document]
        missing = [code for code in dict.fromkeys(codes) if code != DocumentType.LOCAL_TAX_CLEARANCE]
        ensure_documents(company, _owner(company), missing, today=today, log=log)
