"""Demo companies of Yeongcheon (made up, with checksum-valid business numbers and addresses in Yeongcheon's
industrial areas, DOMAIN.md), their owners and a few vault documents.

Idempotent: a company that exists (by business number) is kept as it is, and a document type already in a
company's vault is not uploaded again. Dates (revenue years, certificates, documents) are counted from today.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified, user_upsert
from programs.enums import DocumentType

from ..models import Company
from ..permissions import membership_of
from ..services import company_create, vault_document_upload
from .documents import minimal_pdf

DEMO_OWNER_EMAIL = "company@demo.yc.kr"


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
        owner_name="김민준",
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
        owner_name="박서준",
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
        owner_name="최도윤",
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
        owner_name="윤하린",
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


# More companies for the demo of the review: each applies to the open call that fits it. Program A (high
# value-added conversion): manufacturers with 30 or more regular employees; program B (innovative technology):
# fewer than 30. Owners are ``owner.<name>@demo.yc.kr``.


def _flat(count: int) -> tuple[int, ...]:
    return (count,) * 12


MORE_COMPANIES = (
    # --- program A: 30 or more regular employees, manufacturing ---
    DemoCompany(
        owner_email="owner.nokjeon@demo.yc.kr",
        owner_name="이정훈",
        business_number="505-86-41188",
        name="녹전하이텍 주식회사",
        representative="이정훈",
        head_office=("경상북도 영천시 녹전동 하이테크파크로 30", "38820"),
        factory=("경상북도 영천시 녹전동 하이테크파크로 30", "38820"),
        ksic_code="C29172",
        founded_on=date(2009, 8, 3),
        located_since=date(2017, 5, 2),
        headcounts=(36, 36, 37, 37, 38, 38, 38, 39, 39, 38, 38, 38),
        revenues_krw=(14_200_000_000, 13_100_000_000, 12_600_000_000),
        total_assets_krw=17_800_000_000,
        contact=("강지호", "054-336-1180"),
        documents=STANDARD_DOCUMENTS,
    ),
    DemoCompany(
        owner_email="owner.goeyeon@demo.yc.kr",
        owner_name="서예린",
        business_number="505-81-52093",
        name="괴연소재 주식회사",
        representative="서예린",
        head_office=("경상북도 영천시 괴연동 첨단소재로 88", "38824"),
        factory=("경상북도 영천시 괴연동 첨단소재로 88", "38824"),
        ksic_code="C24222",
        founded_on=date(2012, 3, 15),
        located_since=date(2012, 3, 15),
        headcounts=_flat(54),
        revenues_krw=(31_500_000_000, 29_900_000_000, 27_400_000_000),
        total_assets_krw=41_000_000_000,
        contact=("문태오", "054-337-2290"),
        documents=STANDARD_DOCUMENTS,
    ),
    DemoCompany(
        owner_email="owner.daegi@demo.yc.kr",
        owner_name="오승현",
        business_number="505-88-63319",
        name="대기정공 주식회사",
        representative="오승현",
        head_office=("경상북도 영천시 화산면 대기리 하이테크길 14", "38833"),
        factory=("경상북도 영천시 화산면 대기리 하이테크길 14", "38833"),
        ksic_code="C29142",
        founded_on=date(2014, 11, 20),
        located_since=date(2018, 1, 8),
        headcounts=(31, 31, 32, 32, 32, 33, 33, 33, 34, 34, 33, 33),
        revenues_krw=(9_700_000_000, 9_050_000_000, 8_300_000_000),
        total_assets_krw=11_200_000_000,
        contact=("오승현", "054-338-4410"),
        documents=STANDARD_DOCUMENTS,
    ),
    DemoCompany(
        owner_email="owner.guam@demo.yc.kr",
        owner_name="장하준",
        business_number="505-87-70429",
        name="구암모빌리티 주식회사",
        representative="장하준",
        head_office=("경상북도 영천시 금호읍 구암리 첨단부품로 52", "38808"),
        factory=("경상북도 영천시 금호읍 구암리 첨단부품로 52", "38808"),
        lab=("경상북도 영천시 금호읍 구암리 첨단부품로 52, 연구동", "38808"),
        ksic_code="C30392",
        founded_on=date(2007, 6, 11),
        located_since=date(2010, 4, 1),
        headcounts=(61, 61, 62, 62, 62, 63, 63, 64, 64, 63, 62, 62),
        revenues_krw=(38_900_000_000, 36_200_000_000, 33_700_000_000),
        total_assets_krw=52_000_000_000,
        contact=("배수아", "054-339-5520"),
        documents=STANDARD_DOCUMENTS,
    ),
    DemoCompany(
        owner_email="owner.bonchon@demo.yc.kr",
        owner_name="한지우",
        business_number="505-81-81579",
        name="본촌식품 주식회사",
        representative="한지우",
        head_office=("경상북도 영천시 본촌동 농공단지길 7", "38812"),
        factory=("경상북도 영천시 본촌동 농공단지길 7", "38812"),
        ksic_code="C10301",
        founded_on=date(2003, 9, 1),
        located_since=date(2003, 9, 1),
        headcounts=(45, 45, 46, 47, 48, 49, 49, 48, 47, 47, 46, 46),
        revenues_krw=(16_400_000_000, 15_800_000_000, 15_100_000_000),
        total_assets_krw=19_500_000_000,
        contact=("류민서", "054-333-6630"),
        documents=STANDARD_DOCUMENTS,
    ),
    # --- program B: fewer than 30 regular employees ---
    DemoCompany(
        owner_email="owner.donam@demo.yc.kr",
        owner_name="신재원",
        business_number="505-88-92639",
        name="도남에코텍 주식회사",
        representative="신재원",
        head_office=("경상북도 영천시 도남동 도남농공길 23", "38817"),
        factory=("경상북도 영천시 도남동 도남농공길 23", "38817"),
        ksic_code="C28111",
        founded_on=date(2017, 2, 13),
        located_since=date(2017, 2, 13),
        headcounts=(17, 17, 17, 18, 18, 18, 18, 19, 19, 18, 18, 18),
        revenues_krw=(3_300_000_000, 2_900_000_000, 2_450_000_000),
        total_assets_krw=4_100_000_000,
        contact=("신재원", "054-332-7740"),
        documents=STANDARD_DOCUMENTS,
    ),
    DemoCompany(
        owner_email="owner.bugan@demo.yc.kr",
        owner_name="조아영",
        business_number="505-86-13741",
        name="북안바이오 주식회사",
        representative="조아영",
        head_office=("경상북도 영천시 북안면 북안농공길 41", "38880"),
        factory=("경상북도 영천시 북안면 북안농공길 41", "38880"),
        ksic_code="C20423",
        founded_on=date(2019, 7, 1),
        located_since=date(2019, 7, 1),
        headcounts=(13, 13, 13, 14, 14, 14, 14, 15, 15, 15, 14, 14),
        revenues_krw=(1_650_000_000, 1_240_000_000, 860_000_000),
        total_assets_krw=2_300_000_000,
        contact=("조아영", "054-335-8850"),
        documents=STANDARD_DOCUMENTS,
    ),
    DemoCompany(
        owner_email="owner.sinnyeong@demo.yc.kr",
        owner_name="임태윤",
        business_number="505-87-24852",
        name="신녕스마트팜 주식회사",
        representative="임태윤",
        head_office=("경상북도 영천시 신녕면 신녕로 118", "38869"),
        factory=("경상북도 영천시 신녕면 신녕로 118", "38869"),
        ksic_code="C29210",
        founded_on=date(2020, 10, 5),
        located_since=date(2020, 10, 5),
        headcounts=(8, 8, 8, 9, 9, 9, 9, 9, 10, 10, 10, 10),
        revenues_krw=(940_000_000, 610_000_000, 380_000_000),
        total_assets_krw=1_200_000_000,
        contact=("임태윤", "054-336-9960"),
        documents=STANDARD_DOCUMENTS,
    ),
    DemoCompany(
        owner_email="owner.imgo@demo.yc.kr",
        owner_name="권나은",
        business_number="505-88-35962",
        name="임고세라믹 주식회사",
        representative="권나은",
        head_office=("경상북도 영천시 임고면 임고로 205", "38805"),
        factory=("경상북도 영천시 임고면 임고로 205", "38805"),
        ksic_code="C23221",
        founded_on=date(2015, 5, 18),
        located_since=date(2016, 1, 4),
        headcounts=(21, 21, 22, 22, 22, 23, 23, 23, 22, 22, 22, 22),
        revenues_krw=(4_800_000_000, 4_350_000_000, 4_020_000_000),
        total_assets_krw=5_600_000_000,
        contact=("권나은", "054-334-1070"),
        documents=STANDARD_DOCUMENTS,
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
def seed_company(demo: DemoCompany, *, log, today: date) -> Company:
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
