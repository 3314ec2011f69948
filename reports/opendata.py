"""The public figures as open data: CSV and JSON per year and for the whole series, and the supported projects as a
360Giving Data Standard (1.4) grants package. Everything comes from ``reports.figures`` in its public edition (small
area groups folded, no company's own outcomes); the grants file adds what a grant record needs (the project's
receipt number, the company's business number, the agreement's confirmation date) from one more query. Column
names and identifier schemes are documented in docs/open-data.md and on the page /results/open-data/.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.utils import timezone

from applications.models import Application
from portal import exports
from programs.models import Call

from .areas import AREAS
from .figures import FIGURES, PUBLIC, SELECTED_STATUSES, Figures, YearResults, series_results, year_results

# --- identifiers of the grants file (docs/open-data.md) ------------------------------------------------------
# The portal's 360Giving prefix: every grant id starts with it, followed by the project's receipt number.
GRANT_PREFIX = "360G-yeongcheon-"
# Recipients: the Korean business registration number (사업자등록번호), ten digits without hyphens.
RECIPIENT_SCHEME = "KR-BRN-"
# The funder: Yeongcheon City, identified by the portal's 360Giving prefix until an org-id is registered for it.
FUNDER = {"id": "360G-yeongcheon", "name": "경상북도 영천시 (Yeongcheon City)"}
CITY = "경상북도 영천시"
STANDARD_VERSION = "1.4"
# Korea Open Government License (공공누리) type 1: use with attribution, commercial use and changes allowed.
LICENSE = "https://www.kogl.or.kr/info/licenseType1.do"
PUBLISHER_WEBSITE = "https://www.yc.go.kr/"

# --- the figures table (CSV) ---------------------------------------------------------------------------------
# One row per year and program ("A", "B"), then the year's total ("total"). Stable names: never renamed.
TOTAL = "total"
CSV_COLUMNS = ("year", "program", "program_code", *FIGURES)


def years_with_calls() -> list[int]:
    """The years that have at least one call, ascending. One query."""
    return list(Call.objects.order_by("year").values_list("year", flat=True).distinct())


def published_series() -> list[YearResults]:
    """The public results of every year with a call. Fourteen queries."""
    return series_results(years_with_calls(), edition=PUBLIC)


def published_year(year: int) -> YearResults | None:
    """The public results of ``year``, or None when the year has no call. Thirteen queries."""
    results = year_results(year, edition=PUBLIC)
    return results if results.total.calls else None


# --- records (JSON, API) -------------------------------------------------------------------------------------


def figures_record(figures: Figures) -> dict[str, int]:
    return {name: figures.value(name) for name in FIGURES}


def year_record(results: YearResults) -> dict:
    """One year as plain data: the figures per program and in total, per support item, per area (folded) and the
    supported companies (public money: name, program, support). The JSON file and the API give exactly this."""
    if results.edition != PUBLIC:
        raise ValueError("open data publishes the public edition only")
    return {
        "year": results.year,
        "programs": [
            {
                "program": entry.letter,
                "code": entry.program.code,
                "name_ko": entry.program.name_ko,
                "name_en": entry.program.name_en,
                "figures": figures_record(entry.figures),
            }
            for entry in results.programs
        ],
        "total": figures_record(results.total),
        "items": [
            {
                "code": item.code,
                "name_ko": item.name_ko,
                "name_en": item.name_en,
                "programs": list(item.letters),
                "applications": item.applications,
                "selected": item.selected,
                "agreed_krw": item.agreed_krw,
                "paid_krw": item.paid_krw,
            }
            for item in results.items
        ],
        "areas": [
            {"area": row.area, "companies": row.companies, "agreed_krw": row.agreed_krw} for row in results.areas
        ],
        "companies": [
            {
                "name": company.name,
                "program": company.letter,
                "call": company.call_code,
                "items": list(company.items),
                "agreed_krw": company.agreed_krw,
                "paid_krw": company.paid_krw,
                "area": company.area,
            }
            for company in results.companies
        ],
    }


def series_record(series: list[YearResults]) -> dict:
    return {"years": [year_record(results) for results in series]}


# --- CSV -----------------------------------------------------------------------------------------------------


def csv_rows(results: YearResults) -> list[dict]:
    rows = [
        {"year": results.year, "program": entry.letter, "program_code": entry.program.code}
        | figures_record(entry.figures)
        for entry in results.programs
    ]
    rows.append({"year": results.year, "program": TOTAL, "program_code": ""} | figures_record(results.total))
    return rows


def figures_csv(series: list[YearResults]) -> bytes:
    """The figures table of the years given, UTF-8 with a byte order mark (so that Excel reads Korean)."""
    rows = ([row[column] for column in CSV_COLUMNS] for results in series for row in csv_rows(results))
    return exports.csv_bytes([CSV_COLUMNS, *rows])


# --- 360Giving -----------------------------------------------------------------------------------------------


@dataclass
class GrantProject:
    """What a grant record needs beyond the public figures, read for the supported projects of the years."""

    receipt_number: str
    company_id: int
    call_code: str
    business_number: str
    project_title: str
    program_code: str
    program_name_ko: str
    program_name_en: str
    awarded_at: object  # datetime: the first confirmation of the agreement


def grant_projects(years) -> list[GrantProject]:
    """The selected projects of the years' calls with a confirmed agreement. One query."""
    rows = (
        Application.objects.filter(
            call__year__in=list(years),
            receipt_number__isnull=False,
            status__in=SELECTED_STATUSES,
            agreement__versions__confirmed_at__isnull=False,
        )
        .annotate(awarded_at=Min("agreement__versions__confirmed_at"))
        .values_list(
            "receipt_number",
            "company_id",
            "call__code",
            "company__business_number",
            "project_title",
            "call__program__code",
            "call__program__name_ko",
            "call__program__name_en",
            "awarded_at",
        )
        .order_by("call__year", "call__program__letter", "receipt_number")
    )
    return [GrantProject(*row) for row in rows]


def recipient_id(business_number: str) -> str:
    return RECIPIENT_SCHEME + "".join(character for character in business_number if character.isdigit())


def beneficiary_location(area: str) -> list[dict]:
    if area in AREAS:
        return [{"id": f"{GRANT_PREFIX}area-{area}", "name": f"{CITY} {area}", "countryCode": "KR"}]
    return [{"name": CITY, "countryCode": "KR"}]


def grants(series: list[YearResults], projects: list[GrantProject]) -> list[dict]:
    """A grant per supported project with a confirmed agreement: its amount is the company's agreed city support
    of that call in the public figures (so the file adds up to the figures)."""
    supported = {
        (company.company_id, company.call_code): company for results in series for company in results.companies
    }
    records = []
    for project in projects:
        company = supported.get((project.company_id, project.call_code))
        if company is None:
            continue
        items = ", ".join(company.items)
        records.append(
            {
                "id": GRANT_PREFIX + project.receipt_number,
                "title": project.project_title or f"{project.program_name_ko}: {company.name}",
                "description": f"{project.program_name_ko} ({project.call_code}) — {company.name}: {items}",
                "currency": "KRW",
                "amountAwarded": company.agreed_krw,
                "awardDate": timezone.localtime(project.awarded_at).date().isoformat(),
                "recipientOrganization": [{"id": recipient_id(project.business_number), "name": company.name}],
                "fundingOrganization": [dict(FUNDER)],
                "grantProgramme": [{"code": project.program_code, "title": project.program_name_ko}],
                "beneficiaryLocation": beneficiary_location(company.area),
            }
        )
    return records


def grants_package(series: list[YearResults], *, download_url: str, access_url: str, today: date | None = None) -> dict:
    """The 360Giving package of the years' supported projects, with its metadata (docs/open-data.md)."""
    today = today or timezone.localdate()
    years = [results.year for results in series]
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return {
        "grants": grants(series, grant_projects(years)),
        "version": STANDARD_VERSION,
        "title": f"영천시 중소기업 지원사업 보조금 {span} (Yeongcheon SME support grants {span})",
        "description": (
            "영천시 중소기업 지원사업(A·B)의 선정 과제와 협약된 시 지원금. "
            "The projects supported by Yeongcheon City's two SME support programs and the city support agreed."
        ),
        "identifier": f"{GRANT_PREFIX}package-{span}",
        "issued": today.isoformat(),
        "publisher": {"name": FUNDER["name"], "identifier": FUNDER["id"], "website": PUBLISHER_WEBSITE},
        "license": LICENSE,
        "downloadURL": download_url,
        "accessURL": access_url,
    }
