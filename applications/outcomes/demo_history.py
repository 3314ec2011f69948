"""Demo history: made-up but plausible supported projects of the closed calls from 2019 on, with their verified
outcome reports, built as import rows and written through ``importing.history_import`` (so the seed proves the
importer).

Which years: calls up to ``open_year() - 2`` (last year's calls are still running, the agreements demo shows one of
them), reports of the completion year and of the call's follow-up years that have ended (before this year). On
2026-12-05 that is calls 2019-2025 and report years 2019-2025; a later day adds what has become history.

2021 agrees with DOMAIN.md: program A, 7 firms, +KRW 26.1 billion new sales, 4 certifications, KRW 773.1 billion
sales and 1,258 employees together; program B, 13 firms, +KRW 13.1 billion new sales, +22 hires, 7 certifications,
2 patents (filed). Other years are drawn from a seeded random generator (the same every run).

Idempotent: rows whose report exists are left out, so running the seed again adds nothing.
"""

import random
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from portal.accounts.models import User
from programs.demo import FIRST_YEAR, call_code, open_year
from programs.enums import ProgramCode
from programs.identifiers import business_number_check_digit
from programs.models import Call

from .importing import history_import, table_from_records
from .models import OutcomeReport

STAFF_EMAIL = "staff@demo.yc.kr"
EOK = 100_000_000  # 억 원
FIRMS = {ProgramCode.HVC: (5, 10), ProgramCode.ITD: (10, 15)}
DOMAIN_YEAR = 2021

# 2021, program A: (sales, new sales) in 억 원, employees at year end, hires, certifications, patents filed.
A_2021 = (
    (1490, 82, 312, 6, 1, 1),
    (1380, 55, 245, 4, 1, 0),
    (1250, 41, 198, 3, 0, 1),
    (1100, 30, 172, 3, 1, 0),
    (1011, 25, 139, 2, 0, 0),
    (850, 16, 110, 2, 1, 0),
    (650, 12, 82, 1, 0, 0),
)
# 2021, program B: (sales before support, new sales) in 억 원, employees before support, hires, certifications, patents.
B_2021 = (
    (60, 22, 24, 4, 1, 1),
    (45, 18, 19, 3, 1, 0),
    (38, 15, 21, 3, 1, 0),
    (52, 13, 25, 2, 1, 0),
    (30, 12, 14, 2, 0, 1),
    (27, 11, 12, 2, 1, 0),
    (41, 10, 22, 2, 0, 0),
    (19, 8, 9, 1, 1, 0),
    (24, 7, 11, 1, 0, 0),
    (15, 6, 7, 1, 1, 0),
    (33, 4, 17, 1, 0, 0),
    (12, 3, 6, 0, 0, 0),
    (21, 2, 10, 0, 0, 0),
)

PREFIXES = (
    "채신",
    "완산",
    "신녕",
    "화산",
    "청통",
    "임고",
    "대창",
    "자양",
    "화북",
    "화남",
    "북안",
    "도남",
    "본촌",
    "금호",
)
SUFFIXES = (
    "기공",
    "테크놀로지",
    "산업",
    "기계",
    "메탈",
    "케미칼",
    "플라텍",
    "전자",
    "엔지니어링",
    "폴리머",
    "세라믹",
    "솔루션",
)
FAMILY = ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오")
GIVEN = ("영수", "정호", "미경", "성민", "현우", "지훈", "은정", "상철", "동현", "수진", "재훈", "경희")
ADDRESSES = (
    ("경상북도 영천시 채신공단로 {n} (채신동)", "38822"),
    ("경상북도 영천시 괴연동 {n}", "38821"),
    ("경상북도 영천시 금호읍 구암리 {n}", "38809"),
    ("경상북도 영천시 녹전동 {n}", "38824"),
    ("경상북도 영천시 화산면 대기리 {n}", "38840"),
    ("경상북도 영천시 고경면 용전리 {n}", "38854"),
    ("경상북도 영천시 도남동 {n} 도남농공단지", "38820"),
    ("경상북도 영천시 북안면 {n} 북안농공단지", "38861"),
)
TITLES = {
    ProgramCode.HVC: (
        "사출 성형 공정 자동화 개선",
        "용접 라인 비전 검사 도입",
        "프레스 금형 수명 향상 공정 개발",
        "도장 공정 에너지 절감 설비 적용",
        "자동차 부품 경량화 시제품 개발",
        "열처리 공정 품질 안정화",
        "조립 라인 스마트 모니터링 적용",
        "해외 전시회 공동관 참가 마케팅",
    ),
    ProgramCode.ITD: (
        "IoT 기반 설비 상태 감시 장치 시제품",
        "친환경 포장재 상용화",
        "농산물 선별기 시제품 제작",
        "소형 감속기 성능 시험 인증",
        "전기차 충전 커넥터 특허 출원",
        "수출용 식품 포장 물류 지원",
        "AI 불량 판별 소프트웨어 스케일업",
        "드론 부품 시제품 상용화",
    ),
}
RD_TASKS = (
    ("소재부품기술개발사업", "한국산업기술평가관리원"),
    ("중소기업기술혁신개발사업", "중소기업기술정보진흥원"),
    ("지역특화산업육성사업", "한국산업기술진흥원"),
)


@dataclass(frozen=True)
class Firm:
    serial: int
    program: str

    @property
    def business_number(self) -> str:
        kind = "81" if self.program == ProgramCode.HVC else ("86", "88", "05", "12")[self.serial % 4]
        first9 = f"514{kind}{self.serial:04d}"
        digits = f"{first9}{business_number_check_digit(first9)}"
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"

    @property
    def name(self) -> str:
        prefix = PREFIXES[self.serial % len(PREFIXES)]
        suffix = SUFFIXES[(self.serial // len(PREFIXES)) % len(SUFFIXES)]
        return f"{prefix}{suffix} 주식회사" if self.program == ProgramCode.HVC else f"(주){prefix}{suffix}"

    def profile(self) -> dict[str, str]:
        address, postcode = ADDRESSES[self.serial % len(ADDRESSES)]
        return {
            "business_number": self.business_number,
            "company_name": self.name,
            "representative": FAMILY[self.serial % len(FAMILY)] + GIVEN[(self.serial * 7) % len(GIVEN)],
            "address": address.format(n=10 + self.serial % 290),
            "postcode": postcode,
        }


@dataclass(frozen=True)
class Outcome:
    """A project's completion-year figures; follow-up years grow from them."""

    baseline_sales: int
    sales: int
    baseline_employees: int
    employees: int
    hires: int
    certifications: int
    patents: int


def _outcomes_2021(program: str) -> list[Outcome]:
    if program == ProgramCode.HVC:
        return [
            Outcome((sales - new) * EOK, sales * EOK, employees - hires, employees, hires, certifications, patents)
            for sales, new, employees, hires, certifications, patents in A_2021
        ]
    return [
        Outcome(before * EOK, (before + new) * EOK, employees, employees + hires, hires, certifications, patents)
        for before, new, employees, hires, certifications, patents in B_2021
    ]


def _outcomes_drawn(program: str, rng: random.Random) -> list[Outcome]:
    low, high = FIRMS[program]
    outcomes = []
    for _index in range(rng.randint(low, high)):
        if program == ProgramCode.HVC:
            before, employees = rng.randint(150, 1400) * EOK, rng.randint(35, 300)
            growth, hires = rng.uniform(0.01, 0.06), rng.randint(0, 6)
        else:
            before, employees = rng.randint(8, 60) * EOK, rng.randint(5, 26)
            growth, hires = rng.uniform(0.04, 0.3), rng.randint(0, 3)
        sales = before + round(before * growth / 10_000_000) * 10_000_000
        certifications = 1 if rng.random() < 0.4 else 0
        patents = 1 if rng.random() < (0.1 if program == ProgramCode.HVC else 0.2) else 0
        outcomes.append(Outcome(before, sales, employees, employees + hires, hires, certifications, patents))
    return outcomes


def _items(call: Call, rng: random.Random, allowance: int) -> str:
    """One or two support items of the call, each within its cap and together within the project's
    ``allowance`` (so that the call's projects fit its budget)."""
    items = list(call.support_items.order_by("order"))
    chosen = rng.sample(items, 2) if call.year >= 2022 and rng.random() < 0.3 else [rng.choice(items)]
    share = allowance // len(chosen) // 1_000_000 * 1_000_000
    return "; ".join(
        f"{item.code}:{min(item.max_support_krw, rng.choice((2, 3, 4, 5)) * 10_000_000, share)}" for item in chosen
    )


def _rows_of_call(call: Call, firms: list[Firm], outcomes: list[Outcome], last_year: int, rng: random.Random):
    completed_on = date(call.year, 11, 20 + rng.randint(0, 10))
    for firm, outcome in zip(firms, outcomes, strict=True):
        project = {
            **firm.profile(),
            "call_code": call.code,
            "project_title": rng.choice(TITLES[call.program.code]),
            # Nine tenths of the budget shared among the history's projects: room is left for the other seeders.
            "support_items": _items(call, rng, call.budget_krw * 9 // 10 // len(firms)),
            "completed_on": completed_on.isoformat(),
            "baseline_sales_krw": outcome.baseline_sales,
            "baseline_employees": outcome.baseline_employees,
        }
        sales, employees = outcome.sales, outcome.employees
        exports = sales * rng.choice((0, 0, 5, 10, 20)) // 100
        for year in range(call.year, min(call.year + call.outcome_report_years, last_year) + 1):
            first = year == call.year
            if not first:
                sales += round(sales * rng.uniform(0.0, 0.06) / 10_000_000) * 10_000_000
                hires = rng.randint(0, 3)
                employees += hires
                exports = exports * rng.choice((100, 105, 110)) // 100
            row = {
                **project,
                "report_year": year,
                "sales_krw": sales,
                "exports_krw": exports,
                "employees": employees,
                "new_hires": outcome.hires if first else hires,
                "new_hires_local": (outcome.hires if first else hires) // 2,
                "patents_filed": outcome.patents if first else int(rng.random() < 0.1),
                "patents_registered": 0 if first else int(rng.random() < 0.15),
                "certifications": outcome.certifications if first else int(rng.random() < 0.15),
                "prototypes": 1 if first and "prototype" in project["support_items"] else 0,
                "follow_on_investment_krw": 0,
            }
            if not first and rng.random() < 0.08:
                name, agency = rng.choice(RD_TASKS)
                row |= {"rd_task_name": name, "rd_task_agency": agency,
                        "rd_task_amount_krw": rng.choice((2, 3, 4, 5)) * 100_000_000}  # fmt: skip
            yield row


def history_records(*, today: date | None = None) -> list[dict]:
    """Every row of the demo history as of ``today`` (the same rows every run on the same day)."""
    today = today or timezone.localdate()
    last_call_year, last_report_year = open_year(today) - 2, today.year - 1
    calls = {
        call.code: call
        for call in Call.objects.filter(year__gte=FIRST_YEAR, year__lte=last_call_year).select_related("program")
    }
    records = []
    for year in range(FIRST_YEAR, last_call_year + 1):
        for offset, program in enumerate((ProgramCode.HVC, ProgramCode.ITD)):
            call = calls.get(call_code(program, year))
            if call is None:
                continue
            rng = random.Random(f"history-{call.code}")
            outcomes = _outcomes_2021(program) if year == DOMAIN_YEAR else _outcomes_drawn(program, rng)
            firms = [Firm((year - FIRST_YEAR) * 40 + offset * 20 + index, program) for index in range(len(outcomes))]
            records.extend(_rows_of_call(call, firms, outcomes, last_report_year, rng))
    return records


def seed(*, log) -> list[str]:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        log("skipped demo history: staff user missing")
        return []
    records = history_records()
    numbers = {record["business_number"] for record in records}
    done = set(
        OutcomeReport.objects.filter(application__company__business_number__in=numbers).values_list(
            "application__company__business_number", "application__call__code", "year"
        )
    )
    missing = [r for r in records if (r["business_number"], r["call_code"], r["report_year"]) not in done]
    if not missing:
        log(f"kept demo history ({len(records)} outcome reports)")
        return []
    result = history_import(table=table_from_records(missing), acting_user=staff)
    if result.errors:
        problems = "; ".join(f"row {p.row} {p.column}: {p.message}" for p in result.errors[:5])
        raise RuntimeError(f"the demo history does not import: {problems}")
    log(f"demo history: {result.projects} projects, {result.reports} verified outcome reports imported")
    return []
