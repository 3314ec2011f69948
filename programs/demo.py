"""Demo data: the two programs and one call of each per year since 2019, with support items and eligibility rules.

Figures follow DOMAIN.md: KRW 1 billion a year for both programs together (600 million for A, 400 million
for B); a company share of 25% with at least half of it in cash; caps of KRW 20-50 million per item. Calls
before 2022 allowed one support item per company; from 2022 items may be combined. Program B's calls asked
for manufacturers until 2021 and for SMEs from 2022.

The calendar follows today (``timezone.localdate()``), so that the demo never ages: the open calls run from the
first day of last month, 09:00, to the last day of next month, 18:00 (Asia/Seoul), and carry the year
they close in (on 2026-12-05: open 2026-11-01 to 2027-01-31, the 2027 calls; on 2028-06-01: 2028-05-01 to
2028-07-31, the 2028 calls). Every earlier year has closed calls. Running the seed again the same day changes
nothing; on a later day it moves the open calls' dates along, and once a new year's calls open, the previous
ones become closed calls.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from .enums import CallStatus, DocumentType, ProgramCode, RuleType, SiteKind
from .models import Call, EligibilityRule, Program, SupportItem

SEOUL = ZoneInfo("Asia/Seoul")
FIRST_YEAR = 2019  # the first call of both programs
COMBINABLE_FROM = 2022
B_SMES_FROM = 2022  # before, program B's calls asked for manufacturers
BUDGET = {ProgramCode.HVC: 600_000_000, ProgramCode.ITD: 400_000_000}  # together KRW 1 billion a year
# No contact person: the page names the program's operator, in the reader's language.
CONTACT = {"contact_name": "", "contact_phone": "054-000-0000"}
CONTACT_EMAIL = "green-center@example.org"

PROGRAMS = {
    ProgramCode.HVC: {
        "letter": "A",
        "name_ko": "고부가가치 전환육성 지원사업",
        "name_en": "High value-added conversion support",
        "summary_ko": "영천 소재 상시근로자 30인 이상 중소 제조기업의 공정개선, 시제품, 마케팅 지원",
        "summary_en": "Process improvement, prototypes and marketing for Yeongcheon SME manufacturers "
        "with 30 or more regular employees",
    },
    ProgramCode.ITD: {
        "letter": "B",
        "name_ko": "혁신기술개발 지원사업",
        "name_en": "Innovative technology development support",
        "summary_ko": "영천 소재 상시근로자 30인 미만 중소기업의 기술개발, 시제품, 인증, 특허, 수출 지원",
        "summary_en": "R&D, prototypes, certification, patents and export logistics for Yeongcheon SMEs "
        "with fewer than 30 regular employees",
    },
}
COMMON_PROGRAM = {
    "operator_ko": "경북테크노파크 그린기업지원센터",
    "operator_en": "Gyeongbuk Technopark, Green Enterprise Support Center",
    "funder_ko": "영천시 기업유치과",
    "funder_en": "Yeongcheon City, Corporate Attraction Division",
}

# (code, name_ko, name_en, R&D, cap in KRW)
ITEMS = {
    ProgramCode.HVC: [
        ("process-rnd", "공정개선형 기술개발", "Process-improvement technology development", True, 50_000_000),
        ("prototype-dev", "시제품 개발", "Prototype development", True, 40_000_000),
        ("process-onsite", "공정개선형 기술 현장적용", "On-site application of process improvement", False, 30_000_000),
        ("prototype-production", "시제품 제작", "Prototype production", False, 30_000_000),
        ("marketing", "마케팅", "Marketing", False, 20_000_000),
    ],
    ProgramCode.ITD: [
        ("scale-up-rnd", "스케일업 R&D", "Scale-up R&D", True, 50_000_000),
        ("prototype-commercial", "시제품 상용화", "Prototype commercialization", True, 40_000_000),
        ("prototype-production", "시제품 제작", "Prototype production", False, 30_000_000),
        ("testing-certification", "시험·인증", "Testing and certification", False, 20_000_000),
        ("patent", "특허출원", "Patent application", False, 20_000_000),
        ("export-logistics", "수출물류비", "Export logistics costs", False, 20_000_000),
    ],
}
COMPANY_SHARE_PCT = Decimal("25.00")
MIN_CASH_PCT = Decimal("50.00")

# (rule type, params, evidence, message_ko, message_en)
_LOCATION_A = {"sites": [SiteKind.HEAD_OFFICE.value, SiteKind.FACTORY.value], "require": "any"}
_LOCATION_B = {"sites": [s.value for s in SiteKind], "require": "any"}
_RULES = {
    "location_a": (RuleType.LOCATION, _LOCATION_A, DocumentType.BUSINESS_REGISTRATION,
                   "영천시에 본사 또는 공장 소재", "Head office or factory in Yeongcheon-si"),
    "location_b": (RuleType.LOCATION, _LOCATION_B, DocumentType.BUSINESS_REGISTRATION,
                   "영천시에 본사, 공장 또는 연구소 소재", "Head office, factory or lab in Yeongcheon-si"),
    "located": (RuleType.LOCATED_MIN_YEARS, {"years": 1}, DocumentType.BUSINESS_REGISTRATION,
                "영천시 소재 1년 이상", "Located in Yeongcheon-si for at least 1 year"),
    "employees_min": (RuleType.EMPLOYEES_MIN, {"min": 30}, DocumentType.INSURANCE_REGISTER,
                      "상시근로자 30인 이상", "30 or more regular employees"),
    "employees_max": (RuleType.EMPLOYEES_MAX, {"below": 30}, DocumentType.INSURANCE_REGISTER,
                      "상시근로자 30인 미만", "Fewer than 30 regular employees"),
    "manufacturing": (RuleType.MANUFACTURING, {"divisions": [10, 34]}, DocumentType.BUSINESS_REGISTRATION,
                      "제조업(한국표준산업분류 C, 10~34) 영위", "Manufacturer (KSIC section C, divisions 10-34)"),
    "sme": (RuleType.SME_SIZE, {}, DocumentType.SME_CERTIFICATE,
            "중소기업기본법상 중소기업", "SME under the Framework Act on Small and Medium Enterprises"),
    "active": (RuleType.BUSINESS_ACTIVE, {}, DocumentType.BUSINESS_REGISTRATION,
               "휴·폐업 중이 아닌 기업", "Business active (not suspended or closed)"),
    "taxes": (RuleType.NO_TAX_ARREARS, {}, DocumentType.NATIONAL_TAX_CLEARANCE,
              "국세·지방세 체납이 없는 기업", "No unpaid national or local taxes"),
    "sanction": (RuleType.NO_SANCTION, {}, DocumentType.PARTICIPATION_PLEDGE,
                 "국가연구개발사업 등 참여제한 중이 아닌 기업", "No sanction barring participation"),
    "duplicate": (RuleType.NO_DUPLICATE_FUNDING, {}, DocumentType.PARTICIPATION_PLEDGE,
                  "동일 과제로 타 기관 지원을 받지 않은 기업", "The same task not funded by another program"),
}  # fmt: skip
DOCUMENTS_COMMON = [
    DocumentType.BUSINESS_REGISTRATION,
    DocumentType.SME_CERTIFICATE,
    DocumentType.INSURANCE_REGISTER,
    DocumentType.NATIONAL_TAX_CLEARANCE,
    DocumentType.LOCAL_TAX_CLEARANCE,
    DocumentType.FINANCIAL_STATEMENTS,
    DocumentType.PARTICIPATION_PLEDGE,
]


def rule_keys(program: str, year: int) -> list[str]:
    if program == ProgramCode.HVC:
        return ["location_a", "located", "employees_min", "manufacturing", "sme", "active", "taxes", "sanction",
                "duplicate"]  # fmt: skip
    keys = ["location_b", "located", "employees_max"]
    if year < B_SMES_FROM:
        keys.append("manufacturing")
    return [*keys, "sme", "active", "taxes", "sanction"]


def rule_specs(program: str, year: int) -> list[dict]:
    """The field values of each eligibility rule of a program's call that year (used by the seed and the bench)."""
    specs = []
    for order, key in enumerate(rule_keys(program, year), start=1):
        rule_type, params, evidence, message_ko, message_en = _RULES[key]
        specs.append(
            {
                "rule_type": rule_type.value,
                "params": dict(params),
                "evidence_document": evidence.value,
                "message_ko": message_ko,
                "message_en": message_en,
                "order": order * 10,
            }
        )
    return specs


def _dt(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=SEOUL)


def _month_start(year: int, month: int) -> date:
    """The first day of a month; ``month`` may run past 12 or below 1 (into the next or the previous year)."""
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@dataclass(frozen=True)
class OpenWindow:
    """When the demo's open calls run, seen from ``today``."""

    opens_at: datetime
    closes_at: datetime

    @property
    def year(self) -> int:
        """A call carries the year it closes in."""
        return self.closes_at.year

    @property
    def evaluation_on(self) -> date:
        return self.closes_at.date() + timedelta(weeks=3)

    @property
    def results_on(self) -> date:
        return self.evaluation_on + timedelta(weeks=2)

    @property
    def agreement_due_on(self) -> date:
        return self.results_on + timedelta(weeks=3)  # the selected sign within three weeks


def open_window(today: date | None = None) -> OpenWindow:
    """From the first day of last month, 09:00, to the last day of next month, 18:00 (Asia/Seoul)."""
    today = today or timezone.localdate()
    opens_on = _month_start(today.year, today.month - 1)
    closes_on = _month_start(today.year, today.month + 2) - timedelta(days=1)
    return OpenWindow(
        opens_at=datetime.combine(opens_on, time(9), tzinfo=SEOUL),
        closes_at=datetime.combine(closes_on, time(18), tzinfo=SEOUL),
    )


def open_year(today: date | None = None) -> int:
    """The year of the demo's open calls (this year, or next year in December)."""
    return open_window(today).year


def call_code(program: str, year: int) -> str:
    return f"{year}-{program}"


def call_fields(program: str, year: int, *, today: date | None = None) -> dict:
    """The field values of a program's call that year: open when ``year`` is the open year, else closed."""
    name_ko, name_en = PROGRAMS[program]["name_ko"], PROGRAMS[program]["name_en"]
    window = open_window(today)
    if year == window.year:
        opens_at, closes_at, status = window.opens_at, window.closes_at, CallStatus.PUBLISHED
        evaluation_on, results_on, agreement_due_on = window.evaluation_on, window.results_on, window.agreement_due_on
    else:
        # A in February (R&D), B in March (non-R&D), as in 2020.
        month = 2 if program == ProgramCode.HVC else 3
        opens_at, closes_at = _dt(year, month, 3, 9), _dt(year, month, 24, 18)
        evaluation_on, results_on, status = date(year, month + 1, 14), date(year, month + 1, 28), CallStatus.CLOSED
        agreement_due_on = None
    if year >= COMBINABLE_FROM:
        combine_ko, combine_en = "여러 지원항목을 함께 신청할 수 있습니다.", "Several support items may be combined."
    else:
        combine_ko, combine_en = "기업당 1개 지원항목만 신청할 수 있습니다.", "One support item per company."
    documents = DOCUMENTS_COMMON + ([DocumentType.FACTORY_REGISTRATION] if program == ProgramCode.HVC else [])
    return {
        "program_code": program,
        "code": call_code(program, year),
        "title_ko": f"{year}년 영천시 {name_ko} 공고",
        "title_en": f"{year} Yeongcheon-si call: {name_en}",
        "description_ko": f"{PROGRAMS[program]['summary_ko']}. 기업부담금 25%(현금 50% 이상). {combine_ko}",
        "description_en": f"{PROGRAMS[program]['summary_en']}. Company share 25% (at least half in cash). {combine_en}",
        "opens_at": opens_at,
        "closes_at": closes_at,
        "evaluation_on": evaluation_on,
        "results_on": results_on,
        "agreement_due_on": agreement_due_on,
        "budget_krw": BUDGET[program],
        "status": status,
        "required_documents": [d.value for d in documents],
        "contact_email": CONTACT_EMAIL,
        **CONTACT,
    }


@transaction.atomic
def seed(*, log) -> list[str]:
    """Create or update the programs, their calls from 2019 to the open year, their support items and rules."""
    today = timezone.localdate()
    last_year = open_year(today)
    lines = []
    for program_code, fields in PROGRAMS.items():
        program, created = Program.objects.update_or_create(
            code=program_code, defaults={**fields, **COMMON_PROGRAM, "description_ko": "", "description_en": ""}
        )
        log(f"{'created' if created else 'kept'} program {program_code}")
        for year in range(FIRST_YEAR, last_year + 1):
            values = call_fields(program_code, year, today=today)
            values.pop("program_code")
            call, created = Call.objects.update_or_create(
                code=values.pop("code"), defaults={"program": program, "year": year, **values}
            )
            _seed_items(call, program_code, year)
            _seed_rules(call, program_code, year)
            log(f"{'created' if created else 'kept'} call {call.code}")
        lines.append(f"{program.letter}. {program.name_ko}: calls {FIRST_YEAR}-{last_year}, {last_year} open")
    return lines


def _seed_items(call: Call, program: str, year: int) -> None:
    for order, (code, name_ko, name_en, is_rnd, cap) in enumerate(ITEMS[program], start=1):
        SupportItem.objects.update_or_create(
            call=call,
            code=code,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "is_rnd": is_rnd,
                "max_support_krw": cap,
                "company_share_pct": COMPANY_SHARE_PCT,
                "min_cash_pct": MIN_CASH_PCT,
                "combinable": year >= COMBINABLE_FROM,
                "order": order * 10,
            },
        )


def _seed_rules(call: Call, program: str, year: int) -> None:
    """One rule per seeded type, matched by type: an existing rule of that type is brought to the seed's values."""
    existing = {}
    for rule in call.eligibility_rules.order_by("pk"):
        existing.setdefault(rule.rule_type, rule)
    for spec in rule_specs(program, year):
        rule = existing.get(spec["rule_type"]) or EligibilityRule(call=call)
        for name, value in spec.items():
            setattr(rule, name, value)
        rule.is_active = True
        rule.full_clean()
        rule.save()
