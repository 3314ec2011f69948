"""Demo companies of Yeongcheon (made up, with checksum-valid business numbers) and a few vault documents.

Idempotent: a company that exists (by business number) is kept as it is, and a document type already in a
company's vault is not uploaded again, so running ``seed_demo`` twice changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified, user_upsert
from programs.enums import DocumentType

from .models import Company
from .permissions import membership_of
from .services import company_create, vault_document_upload

DEMO_OWNER_EMAIL = "company@demo.yc.kr"


def minimal_pdf(text: str = "Yeongcheon") -> bytes:
    """A small, valid one-page PDF (Helvetica, ASCII text) with a correct cross-reference table."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@dataclass(frozen=True)
class DemoDocument:
    doc_type: DocumentType
    title: str
    filename: str
    issued_days_ago: int
    valid_days: int | None  # None: does not expire


@dataclass(frozen=True)
class DemoCompany:
    owner_email: str
    owner_name: str
    business_number: str
    name: str
    representative: str
    head_office: tuple[str, str]
    factory: tuple[str, str] = ("", "")
    lab: tuple[str, str] = ("", "")
    ksic_code: str = ""
    founded_on: date | None = None
    located_since: date | None = None
    headcounts: tuple[int | None, ...] = ()
    revenues_krw: tuple[int, int, int] = (0, 0, 0)  # last year, the year before, two years before
    total_assets_krw: int | None = None
    sme_certified: bool = True
    contact: tuple[str, str] = ("", "")
    documents: tuple[DemoDocument, ...] = field(default_factory=tuple)


STANDARD_DOCUMENTS = (
    DemoDocument(DocumentType.BUSINESS_REGISTRATION, "사업자등록증", "사업자등록증.pdf", 900, None),
    DemoDocument(DocumentType.SME_CERTIFICATE, "중소기업확인서", "중소기업확인서.pdf", 120, 365),
    DemoDocument(DocumentType.INSURANCE_REGISTER, "4대사회보험 사업장가입자명부", "가입자명부.pdf", 20, 90),
    DemoDocument(DocumentType.NATIONAL_TAX_CLEARANCE, "국세 납세증명서", "국세납세증명서.pdf", 10, 30),
    DemoDocument(DocumentType.LOCAL_TAX_CLEARANCE, "지방세 납세증명서", "지방세납세증명서.pdf", 70, 60),
)

DEMO_COMPANIES = (
    DemoCompany(
        owner_email=DEMO_OWNER_EMAIL,
        owner_name="김민준 (영천정밀)",
        business_number="505-81-27411",
        name="영천정밀 주식회사",
        representative="김민준",
        head_office=("경상북도 영천시 채신공단로 45 (채신동)", "38822"),
        factory=("경상북도 영천시 채신공단로 45 (채신동)", "38822"),
        ksic_code="C29199",
        founded_on=date(2011, 4, 18),
        located_since=date(2014, 9, 1),
        headcounts=(24, 24, 25, 25, 25, 26, 26, 25, 25, 25, 25, 25),
        revenues_krw=(6_820_000_000, 6_310_000_000, 5_940_000_000),
        total_assets_krw=9_400_000_000,
        contact=("이수민", "054-331-2045"),
        documents=STANDARD_DOCUMENTS,
    ),
    DemoCompany(
        owner_email="owner.geumho@demo.yc.kr",
        owner_name="박서준 (금호오토텍)",
        business_number="505-86-33107",
        name="금호오토텍 주식회사",
        representative="박서준",
        head_office=("경상북도 영천시 금호읍 구암공단길 21", "38809"),
        factory=("경상북도 영천시 금호읍 구암공단길 21", "38809"),
        lab=("경상북도 영천시 금호읍 구암공단길 21, 기술연구소", "38809"),
        ksic_code="C30332",
        founded_on=date(2005, 2, 1),
        located_since=date(2005, 2, 1),
        headcounts=(41, 41, 42, 42, 43, 43, 44, 44, 43, 43, 42, 42),
        revenues_krw=(21_300_000_000, 19_850_000_000, 18_400_000_000),
        total_assets_krw=27_000_000_000,
        contact=("정유나", "054-334-7781"),
        documents=STANDARD_DOCUMENTS[:2],
    ),
    DemoCompany(
        owner_email="owner.gogyeong@demo.yc.kr",
        owner_name="최도윤 (고경금속)",
        business_number="505-88-09275",
        name="고경금속 주식회사",
        representative="최도윤",
        head_office=("경상북도 영천시 고경면 용전리 산업단지로 12", "38903"),
        factory=("경상북도 영천시 고경면 용전리 산업단지로 12", "38903"),
        ksic_code="C25913",
        founded_on=date(2016, 6, 1),
        located_since=date(2019, 3, 1),
        headcounts=(11, 11, 12, 12, 12, 12, 12, 13, 13, 12, 12, 12),
        revenues_krw=(2_140_000_000, 1_880_000_000, 1_520_000_000),
        total_assets_krw=3_100_000_000,
        sme_certified=False,
        contact=("최도윤", "054-335-1200"),
    ),
    DemoCompany(
        owner_email="owner.byeolbit@demo.yc.kr",
        owner_name="윤하린 (별빛소프트)",
        business_number="505-01-22845",
        name="별빛소프트",
        representative="윤하린",
        head_office=("경상북도 영천시 시청로 25, 3층 (문외동)", "38852"),
        ksic_code="J58222",
        founded_on=date(2021, 3, 2),
        located_since=date(2021, 3, 2),
        headcounts=(None, None, None, 6, 7, 7, 8, 8, 9, 9, 10, 12),
        revenues_krw=(780_000_000, 410_000_000, 120_000_000),
        total_assets_krw=650_000_000,
        sme_certified=False,
        contact=("윤하린", "054-330-6611"),
    ),
)


def _company_data(demo: DemoCompany, today: date) -> dict:
    last_year = today.year - 1
    headcounts = list(demo.headcounts) + [None] * (12 - len(demo.headcounts))
    sme_from = date(today.year if today >= date(today.year, 4, 1) else today.year - 1, 4, 1)
    return {
        "business_number": demo.business_number,
        "name": demo.name,
        "representative": demo.representative,
        "head_office_address": demo.head_office[0],
        "head_office_postcode": demo.head_office[1],
        "factory_address": demo.factory[0],
        "factory_postcode": demo.factory[1],
        "lab_address": demo.lab[0],
        "lab_postcode": demo.lab[1],
        "ksic_code": demo.ksic_code,
        "ksic_revision": 11,
        "founded_on": demo.founded_on,
        "located_since": demo.located_since,
        "headcount_year": last_year,
        "monthly_headcounts": headcounts,
        "total_assets_krw": demo.total_assets_krw,
        "sme_certificate_valid_from": sme_from if demo.sme_certified else None,
        "sme_certificate_valid_until": sme_from.replace(year=sme_from.year + 1) - timedelta(days=1)
        if demo.sme_certified
        else None,
        "contact_name": demo.contact[0],
        "contact_phone": demo.contact[1],
        "contact_email": demo.owner_email,
        "revenues": [
            {"year": last_year - offset, "amount_krw": amount}
            for offset, amount in enumerate(demo.revenues_krw)
            if amount
        ],
    }


@transaction.atomic
def _seed_company(demo: DemoCompany, *, log, today: date) -> Company:
    owner = User.objects.filter(email=demo.owner_email).first()
    if owner is None:  # the accounts seeder made company@demo.yc.kr; the other owners are made here
        owner, _created = user_upsert(
            email=demo.owner_email,
            password=settings.DEMO_PASSWORD,
            full_name=demo.owner_name,
            roles=[Role.COMPANY_MEMBER],
        )
        # Demo users log in at once: their address counts as verified.
        user_email_mark_verified(user=owner)
    company = Company.objects.filter(business_number=demo.business_number).first()
    if company is None:
        if membership_of(owner) is not None:
            log(f"skipped company {demo.name}: {owner.email} already belongs to another company")
            return owner.company_membership.company
        company = company_create(user=owner, data=_company_data(demo, today))
        log(f"created company {demo.name} ({demo.business_number}), owner {owner.email}")
    else:
        log(f"kept company {demo.name} ({demo.business_number})")
    present = set(company.documents.values_list("doc_type", flat=True))
    for document in demo.documents:
        if document.doc_type in present:
            continue
        issued = today - timedelta(days=document.issued_days_ago)
        vault_document_upload(
            company=company,
            acting_user=owner,
            doc_type=document.doc_type,
            title=document.title,
            uploaded_file=SimpleUploadedFile(
                document.filename, minimal_pdf(f"{demo.business_number} {document.doc_type}"), "application/pdf"
            ),
            issued_on=issued,
            expires_on=issued + timedelta(days=document.valid_days) if document.valid_days else None,
        )
        log(f"uploaded {document.doc_type} for {demo.name}")
    return company


def seed(*, log) -> list[str]:
    """Create the demo companies, their owners and vault documents; return the login lines to print."""
    from .demo_applications import seed_applications
    from .demo_companies import MORE_COMPANIES

    today = timezone.localdate()
    for demo in (*DEMO_COMPANIES, *MORE_COMPANIES):
        _seed_company(demo, log=log, today=today)
    seed_applications(log=log, demo_owner_email=DEMO_OWNER_EMAIL)
    lines = [
        f"{'Company owner':<20} {demo.owner_email:<26} {settings.DEMO_PASSWORD}  ({demo.name})"
        for demo in DEMO_COMPANIES
    ]
    names = ", ".join(demo.owner_email.split("@")[0].removeprefix("owner.") for demo in MORE_COMPANIES)
    lines.append(f"{'Company owners':<20} owner.<name>@demo.yc.kr    (same password; <name>: {names})")
    return lines
