"""Importing past years' supported projects and their outcomes (2019 onward) from a CSV or XLSX file.

One row is one project's outcome for one year (the column list, in English and Korean, is ``COLUMNS``; see
docs/history-import.md). ``read_table`` turns a file into rows, ``history_import`` checks every row and, unless it
is a dry run or a row has an error, writes everything in one transaction: the companies it does not know, the
completed projects (application, chosen items, a confirmed agreement v1 with its lines, one status change) and the
outcome reports, verified, with their baselines. Problems are ``(row, column, message)`` with the row numbers of the
sheet (the header is row 1); an error blocks the whole import, a warning (an unlikely figure) is listed, flagged on
the report and written.
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.agreements.models import Agreement, AgreementItem, AgreementVersion
from applications.agreements.services import agreed_city_total
from applications.funding.models import Payment, Settlement, SettlementLine, SettlementState
from applications.models import (
    Application,
    ApplicationItem,
    ApplicationStatusChange,
    Company,
    CompanyRevenue,
)
from applications.models.company import COMPANY_PROFILE_FIELDS
from applications.snapshot import CONTENT_FIELDS, SNAPSHOT_VERSION
from applications.workflow import Actor, ApplicationStatus
from programs.identifiers import format_business_number, is_valid_business_number
from programs.models import Call, SupportItem
from reports.cache import results_changed

from .models import FIGURES, OutcomeRdTask, OutcomeReport, ReportSource, ReportState
from .services import baseline_from_snapshot, report_due_on

SEOUL = ZoneInfo("Asia/Seoul")
MAX_EMPLOYEES = 100_000
MAX_KRW = 10**15  # KRW 1,000 trillion: more than any company's figure, a typo
UNLIKELY_TIMES_BASELINE = 100
MONEY_FIGURES = {"sales_krw", "exports_krw", "follow_on_investment_krw"}
HEADER_ROW = 1

# (column, Korean header, required). Headers are matched without case, spaces or underscores.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("business_number", "사업자등록번호", True),
    ("company_name", "기업명", True),
    ("representative", "대표자", False),
    ("address", "주소", False),
    ("postcode", "우편번호", False),
    ("call_code", "공고코드", True),
    ("project_title", "과제명", True),
    ("support_items", "지원항목", True),
    ("completed_on", "완료일", True),
    ("report_year", "성과연도", True),
    ("baseline_sales_krw", "지원전매출액", False),
    ("baseline_employees", "지원전상시근로자수", False),
    ("sales_krw", "매출액", False),
    ("exports_krw", "수출액", False),
    ("employees", "연말근로자수", False),
    ("new_hires", "신규고용", False),
    ("new_hires_local", "지역주민고용", False),
    ("patents_filed", "특허출원", False),
    ("patents_registered", "특허등록", False),
    ("certifications", "인증", False),
    ("prototypes", "시제품", False),
    ("follow_on_investment_krw", "후속투자유치액", False),
    ("rd_task_name", "국가R&D과제명", False),
    ("rd_task_agency", "국가R&D전담기관", False),
    ("rd_task_amount_krw", "국가R&D과제금액", False),
    ("remarks", "비고", False),
)
COLUMN_NAMES = tuple(name for name, _korean, _required in COLUMNS)
REQUIRED = tuple(name for name, _korean, required in COLUMNS if required)
assert set(FIGURES) <= set(COLUMN_NAMES)
# The columns that describe the project: every row of one project must agree on them.
PROJECT_COLUMNS = ("project_title", "support_items", "completed_on", "baseline_sales_krw", "baseline_employees")
_ITEM = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*[:=]\s*([0-9][0-9,]*)\s*$")


def _header_key(text: object) -> str:
    return re.sub(r"[\s_]+", "", str(text or "")).lower()


_HEADERS = {_header_key(name): name for name, _korean, _required in COLUMNS} | {
    _header_key(korean): name for name, korean, _required in COLUMNS
}


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str
    is_error: bool = True


@dataclass
class Table:
    """The rows of a file by column name, with their sheet row numbers, and the problems of the file itself."""

    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)


@dataclass
class ImportResult:
    problems: list[Problem]
    rows: int = 0
    companies: int = 0
    projects: int = 0
    reports: int = 0
    rd_tasks: int = 0
    written: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]


def table_from_records(records: Iterable[Mapping[str, object]]) -> Table:
    """Rows given as dicts by column name (the demo's history): row 2 is the first, as in a sheet."""
    rows = [(number, dict(record)) for number, record in enumerate(records, start=HEADER_ROW + 1)]
    return Table(rows=rows, columns={name for _number, record in rows for name in record})


def read_table(data: bytes) -> Table:
    """A CSV file (UTF-8 with or without BOM, or CP949) or an XLSX workbook (its first sheet)."""
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_table(data)
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _table(csv.reader(io.StringIO(text, newline="")))
    return Table(problems=[Problem(0, "", _("The file is neither UTF-8 nor CP949 text, nor an XLSX workbook."))])


def _xlsx_table(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        return Table(problems=[Problem(0, "", _("The file could not be read as an XLSX workbook."))])
    try:
        return _table(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def _table(lines: Iterable[Iterable[object]]) -> Table:
    table = Table()
    iterator = iter(lines)
    header = next(iterator, None)
    if header is None:
        table.problems.append(Problem(HEADER_ROW, "", _("The file is empty.")))
        return table
    names: list[str | None] = []
    for cell in header:
        name = _HEADERS.get(_header_key(cell))
        if name is None and str(cell or "").strip():
            table.problems.append(
                Problem(HEADER_ROW, str(cell).strip(), _("Unknown column: it is ignored."), is_error=False)
            )
        names.append(name)
    table.columns = {name for name in names if name}
    for name in REQUIRED:
        if name not in names:
            table.problems.append(Problem(HEADER_ROW, name, _("This required column is missing.")))
    for number, cells in enumerate(iterator, start=HEADER_ROW + 1):
        record = {name: value for name, value in zip(names, cells, strict=False) if name}
        if any(_text(value) for value in record.values()):
            table.rows.append((number, record))
    return table


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class _Row:
    """One checked row."""

    number: int
    business_number: str = ""
    company_name: str = ""
    representative: str = ""
    address: str = ""
    postcode: str = ""
    call: Call | None = None
    project_title: str = ""
    items: list[tuple[SupportItem, int]] = field(default_factory=list)
    completed_on: date | None = None
    report_year: int | None = None
    baseline_sales_krw: int | None = None
    baseline_employees: Decimal | None = None
    figures: dict[str, int | None] = field(default_factory=dict)
    rd_task: tuple[str, str, int] | None = None
    remarks: str = ""
    flags: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def project_key(self) -> tuple[str, str]:
        return self.business_number, self.call.code if self.call else ""


class _Checker:
    """Collects the problems of one import."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def error(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message))

    def warn(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message, is_error=False))

    def integer(self, row: int, column: str, value: object, *, limit: int = MAX_KRW) -> int | None:
        text = _text(value).replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value():
            self.error(row, column, _("Enter a whole number."))
            return None
        if number < 0:
            self.error(row, column, _("A figure cannot be negative."))
            return None
        if number > limit:
            self.error(
                row, column, _("This figure is implausibly large (more than %(limit)s).") % {"limit": f"{limit:,}"}
            )
            return None
        return int(number)

    def decimal(self, row: int, column: str, value: object) -> Decimal | None:
        text = _text(value).replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text).quantize(Decimal("0.01"))
        except InvalidOperation:
            self.error(row, column, _("Enter a number."))
            return None
        if number < 0:
            self.error(row, column, _("A figure cannot be negative."))
            return None
        if number > MAX_EMPLOYEES:
            self.error(row, column, _("More than %(max)s employees is not plausible.") % {"max": f"{MAX_EMPLOYEES:,}"})
            return None
        return number

    def date(self, row: int, column: str, value: object) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = re.sub(r"[./]", "-", _text(value))
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.error(row, column, _("Enter a date as YYYY-MM-DD."))
            return None


def _check_row(number: int, record: Mapping[str, object], context: "_Context", check: _Checker) -> _Row:
    calls, today = context.calls, context.today
    row = _Row(number=number, raw={name: _text(record.get(name)) for name in COLUMN_NAMES})
    raw = row.raw
    for name in REQUIRED:
        if not raw[name] and name in context.columns:
            check.error(number, name, _("This field is required."))
    if raw["business_number"]:
        if is_valid_business_number(raw["business_number"]):
            row.business_number = format_business_number(raw["business_number"])
        else:
            check.error(
                number, "business_number", _("Not a valid business registration number (ten digits, check digit).")
            )
    for name, limit in (("company_name", 200), ("representative", 100), ("address", 300), ("project_title", 200)):
        if len(raw[name]) > limit:
            check.error(number, name, _("At most %(max)d characters.") % {"max": limit})
        setattr(row, name, raw[name][:limit])
    if raw["postcode"] and not re.fullmatch(r"\d{5}", raw["postcode"]):
        check.error(number, "postcode", _("Enter a five-digit postcode, for example 38852."))
    row.postcode = raw["postcode"]
    if len(raw["remarks"]) > 4000:
        check.error(number, "remarks", _("At most %(max)d characters.") % {"max": 4000})
    row.remarks = raw["remarks"][:4000]
    if raw["call_code"]:
        row.call = calls.get(raw["call_code"].lower())
        if row.call is None:
            check.error(number, "call_code", _("No call has the code %(code)s.") % {"code": raw["call_code"]})
    if raw["support_items"] and row.call is not None:
        row.items = _check_items(number, raw["support_items"], row.call, check)
    if raw["completed_on"]:
        row.completed_on = check.date(number, "completed_on", record.get("completed_on"))
    if row.completed_on and row.call and not timezone.localtime(row.call.opens_at).date() <= row.completed_on <= today:
        check.error(number, "completed_on", _("The completion date must fall between the call's opening and today."))
    if raw["report_year"]:
        row.report_year = check.integer(number, "report_year", raw["report_year"], limit=2100)
    if row.report_year is not None and row.completed_on and row.call:
        first, last = row.completed_on.year, row.completed_on.year + row.call.outcome_report_years
        if not first <= row.report_year <= last:
            check.error(
                number,
                "report_year",
                _("The call asks for reports of the years %(first)d to %(last)d of this project.")
                % {"first": first, "last": last},
            )
        elif row.report_year >= today.year:
            check.error(number, "report_year", _("Only years that have ended can be imported."))
    row.baseline_sales_krw = check.integer(number, "baseline_sales_krw", raw["baseline_sales_krw"])
    row.baseline_employees = check.decimal(number, "baseline_employees", raw["baseline_employees"])
    for name in FIGURES:
        limit = MAX_KRW if name in MONEY_FIGURES else MAX_EMPLOYEES
        row.figures[name] = check.integer(number, name, raw[name], limit=limit)
    _check_figures(row, check)
    _check_rd_task(row, check)
    return row


def _check_items(number: int, text: str, call: Call, check: _Checker) -> list[tuple[SupportItem, int]]:
    known = {item.code: item for item in call.support_items.all()}
    items: list[tuple[SupportItem, int]] = []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        match = _ITEM.match(part)
        if match is None:
            check.error(number, "support_items", _("Write each item as code:amount, separated by semicolons."))
            continue
        code, amount = match.group(1), int(match.group(2).replace(",", ""))
        item = known.get(code)
        if item is None:
            check.error(
                number,
                "support_items",
                _("The call %(call)s has no support item %(code)s.") % {"call": call.code, "code": code},
            )
        elif any(existing.pk == item.pk for existing, _amount in items):
            check.error(number, "support_items", _("The support item %(code)s is listed twice.") % {"code": code})
        else:
            if amount > item.max_support_krw:
                check.warn(
                    number,
                    "support_items",
                    _("The support for %(code)s is above the item's cap of %(cap)s won.")
                    % {"code": code, "cap": f"{item.max_support_krw:,}"},
                )
            items.append((item, amount))
    return items


def _check_figures(row: _Row, check: _Checker) -> None:
    figures, number = row.figures, row.number
    hires, local = figures.get("new_hires"), figures.get("new_hires_local")
    if hires is not None and local is not None and local > hires:
        check.error(number, "new_hires_local", _("The local hires cannot be more than the new hires."))
    for figure, baseline in (("sales_krw", row.baseline_sales_krw), ("employees", row.baseline_employees)):
        value = figures.get(figure)
        if value is not None and baseline and value > baseline * UNLIKELY_TIMES_BASELINE:
            check.warn(
                number,
                figure,
                _("More than %(times)d times the figure before support: check it (imported, flagged).")
                % {"times": UNLIKELY_TIMES_BASELINE},
            )
            row.flags.append(figure)


def _check_rd_task(row: _Row, check: _Checker) -> None:
    raw, number = row.raw, row.number
    given = [name for name in ("rd_task_name", "rd_task_agency", "rd_task_amount_krw") if raw[name]]
    if not given:
        return
    if len(given) < 3:
        for name in ("rd_task_name", "rd_task_agency", "rd_task_amount_krw"):
            if not raw[name]:
                check.error(number, name, _("A national R&D task needs its name, agency and amount."))
        return
    amount = check.integer(number, "rd_task_amount_krw", raw["rd_task_amount_krw"])
    if amount is not None:
        row.rd_task = (raw["rd_task_name"][:300], raw["rd_task_agency"][:200], amount)


def _project_value(row: _Row, name: str) -> object:
    if name == "support_items":
        return sorted((item.pk, amount) for item, amount in row.items)
    return getattr(row, name)


def _check_across(rows: list[_Row], check: _Checker, existing: "_Existing") -> None:
    """Duplicates in the file and in the database; the rows of one project agreeing; existing projects."""
    seen: dict[tuple[str, str, int], int] = {}
    first_of_project: dict[tuple[str, str], _Row] = {}
    for row in rows:
        if not row.business_number or row.call is None or row.report_year is None:
            continue
        key = (*row.project_key, row.report_year)
        if key in seen:
            check.error(
                row.number,
                "report_year",
                _("Duplicate: row %(row)d has the same project and year.") % {"row": seen[key]},
            )
        else:
            seen[key] = row.number
        first = first_of_project.setdefault(row.project_key, row)
        for name in PROJECT_COLUMNS:
            if first is not row and _project_value(first, name) != _project_value(row, name):
                check.error(
                    row.number, name, _("Differs from row %(row)d of the same project.") % {"row": first.number}
                )
        application = existing.applications.get(row.project_key)
        if application is None:
            continue
        if application.status != ApplicationStatus.COMPLETED:
            check.error(
                row.number,
                "call_code",
                _("The company has an application to this call that is not completed (%(status)s).")
                % {"status": application.status_text},
            )
        elif application.completed_on != row.completed_on:
            check.error(
                row.number,
                "completed_on",
                _("The project is recorded as completed on %(date)s.") % {"date": application.completed_on},
            )
        elif (application.pk, row.report_year) in existing.reports:
            check.error(row.number, "report_year", _("Duplicate: this project's report of that year exists."))


def _check_budgets(rows: list[_Row], check: _Checker, existing: "_Existing") -> None:
    """The city support of the new projects fits each call's budget beside what the call has agreed already
    (agreed never above the budget). The calls' rows are locked first (as issuing an agreement does), so that an
    agreement issued meanwhile is counted."""
    new_projects: dict[tuple[str, str], _Row] = {}
    for row in rows:
        if row.call is not None and row.items and row.project_key not in existing.applications:
            new_projects.setdefault(row.project_key, row)
    calls = {row.call.pk: row.call for row in new_projects.values()}
    locked = Call.objects.select_for_update().filter(pk__in=calls).order_by("pk")
    agreed = {call.pk: agreed_city_total(call=call) for call in locked}
    for row in new_projects.values():
        call = row.call
        agreed[call.pk] += sum(amount for _item, amount in row.items)
        if agreed[call.pk] > call.budget_krw:
            check.error(
                row.number,
                "support_items",
                _(
                    "With this project the call's city support would come to KRW %(agreed)s, above its budget of KRW "
                    "%(budget)s."
                )
                % {"agreed": intcomma(agreed[call.pk]), "budget": intcomma(call.budget_krw)},
            )


@dataclass(frozen=True)
class _Context:
    calls: dict[str, Call]
    today: date
    columns: set[str]


@dataclass
class _Existing:
    companies: dict[str, Company]
    applications: dict[tuple[str, str], Application]
    reports: set[tuple[int, int]]


def _existing(rows: list[_Row]) -> _Existing:
    numbers = {row.business_number for row in rows if row.business_number}
    companies = {company.business_number: company for company in Company.objects.filter(business_number__in=numbers)}
    call_ids = {row.call.pk for row in rows if row.call is not None}
    applications = {
        (application.company.business_number, application.call.code): application
        for application in Application.objects.filter(company__in=companies.values(), call_id__in=call_ids)
        .select_related("company", "call")
        .only("status", "completed_on", "snapshot", "company__business_number", "call__code")
    }
    reports = set(
        OutcomeReport.objects.filter(application__in=applications.values()).values_list("application_id", "year")
    )
    return _Existing(companies, applications, reports)


def _calls(table: Table) -> dict[str, Call]:
    codes = {_text(record.get("call_code")).lower() for _number, record in table.rows} - {""}
    return {
        call.code.lower(): call
        for call in Call.objects.filter(code__in=codes).select_related("program").prefetch_related("support_items")
    }


def _problem_order(problem: Problem) -> tuple[int, int]:
    column = COLUMN_NAMES.index(problem.column) if problem.column in COLUMN_NAMES else len(COLUMN_NAMES)
    return problem.row, column


def history_import(*, table: Table, acting_user, dry_run: bool = False) -> ImportResult:
    """Check every row; unless ``dry_run`` or an error, write all of it in one transaction."""
    today = timezone.localdate()
    problems = list(table.problems)
    check = _Checker(problems)
    with transaction.atomic():
        context = _Context(calls=_calls(table), today=today, columns=table.columns)
        rows = [_check_row(number, record, context, check) for number, record in table.rows]
        existing = _existing(rows)
        _check_across(rows, check, existing)
        _check_budgets(rows, check, existing)
        problems.sort(key=_problem_order)
        result = ImportResult(problems=problems, rows=len(rows))
        if not rows and not result.errors:
            problems.append(Problem(HEADER_ROW, "", _("The file has no rows to import.")))
        if dry_run or result.errors:
            return result
        _write(rows, existing, acting_user, result)
        results_changed()
    return result


def _snapshot(company: Company, row: _Row, receipt_number: str) -> dict:
    def plain(value):
        return value.isoformat() if isinstance(value, date) else value

    profile = {name: plain(getattr(company, name)) for name in ("business_number", *COMPANY_PROFILE_FIELDS)}
    profile["regular_employees"] = None if row.baseline_employees is None else str(row.baseline_employees)
    profile["revenues"] = [] if row.baseline_sales_krw is None else [[row.call.year - 1, row.baseline_sales_krw]]
    blank = Application()
    content: dict[str, object] = {name: getattr(blank, name) for name in CONTENT_FIELDS}
    content["project_title"] = row.project_title
    content["items"] = [
        {
            "code": item.code,
            "name_ko": item.name_ko,
            "name_en": item.name_en,
            "city_support_krw": amount,
            "company_cash_krw": 0,
            "company_inkind_krw": 0,
        }
        for item, amount in row.items
    ]
    content["attachments"], content["files"] = [], []
    call = row.call
    return {
        "snapshot_version": SNAPSHOT_VERSION,
        "source": ReportSource.IMPORT.value,
        "receipt_number": receipt_number,
        "submitted_at": None,
        "call": {"code": call.code, "year": call.year, "title_ko": call.title_ko, "title_en": call.title_en},
        "company": profile,
        "content": content,
        "eligibility": {},
    }


def _next_receipt_numbers(calls: Iterable[Call]) -> dict[int, int]:
    """The last number of an imported project (``YC-2021-HVC-H0007``) in each call."""
    last: dict[int, int] = {call.pk: 0 for call in calls}
    taken = Application.objects.filter(call_id__in=last, receipt_number__regex=r"-H[0-9]+$")
    for call_id, receipt in taken.values_list("call_id", "receipt_number"):
        last[call_id] = max(last[call_id], int(receipt.rsplit("-H", 1)[1]))
    return last


def _write(rows: list[_Row], existing: _Existing, user, result: ImportResult) -> None:
    now = timezone.now()
    companies = existing.companies
    new_companies = {}
    for row in rows:
        if row.business_number not in companies and row.business_number not in new_companies:
            new_companies[row.business_number] = Company(
                business_number=row.business_number,
                name=row.company_name,
                representative=row.representative,
                head_office_address=row.address,
                head_office_postcode=row.postcode,
            )
    Company.objects.bulk_create(new_companies.values())
    companies.update(new_companies)
    result.companies = len(new_companies)

    projects: dict[tuple[str, str], _Row] = {}
    for row in rows:
        if row.project_key not in existing.applications:
            projects.setdefault(row.project_key, row)
    CompanyRevenue.objects.bulk_create(
        [
            CompanyRevenue(company=companies[key[0]], year=row.call.year - 1, amount_krw=row.baseline_sales_krw)
            for key, row in projects.items()
            if row.baseline_sales_krw is not None and key[0] in new_companies
        ],
        ignore_conflicts=True,
    )
    last_numbers = _next_receipt_numbers({row.call for row in projects.values()})
    applications = {}
    for key, row in projects.items():
        call = row.call
        last_numbers[call.pk] += 1
        receipt = f"YC-{call.year}-{call.program.code.upper()}-H{last_numbers[call.pk]:04d}"
        applications[key] = Application(
            company=companies[key[0]],
            call=call,
            status=ApplicationStatus.COMPLETED,
            project_title=row.project_title,
            created_by=user,
            created_at=now,
            updated_at=now,
            receipt_number=receipt,
            submitted_at=call.closes_at,
            completed_on=row.completed_on,
            snapshot=_snapshot(companies[key[0]], row, receipt),
        )
    Application.objects.bulk_create(applications.values())
    result.projects = len(applications)
    _write_projects(projects, applications, user, now)

    all_applications = {**existing.applications, **applications}
    reports = []
    rd_tasks = []
    for row in rows:
        application = all_applications[row.project_key]
        sales, employees = baseline_from_snapshot(application.snapshot)
        report = OutcomeReport(
            application=application,
            year=row.report_year,
            due_on=report_due_on(row.report_year),
            state=ReportState.VERIFIED,
            source=ReportSource.IMPORT,
            baseline_sales_krw=sales,
            baseline_employees=employees,
            note=row.remarks,
            flags=row.flags,
            created_at=now,
            verified_by=user,
            verified_at=now,
            **row.figures,
        )
        reports.append(report)
        if row.rd_task:
            rd_tasks.append((report, row.rd_task))
    OutcomeReport.objects.bulk_create(reports, batch_size=2000)
    OutcomeRdTask.objects.bulk_create(
        OutcomeRdTask(report=report, name=name, agency=agency, amount_krw=amount)
        for report, (name, agency, amount) in rd_tasks
    )
    result.reports, result.rd_tasks, result.written = len(reports), len(rd_tasks), True


def _write_projects(projects: dict, applications: dict, user, now: datetime) -> None:
    """The chosen items, a confirmed agreement v1 with the same lines, and the move to *completed*."""
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=applications[key], support_item=item, city_support_krw=amount)
        for key, row in projects.items()
        for item, amount in row.items
    )
    agreements = {key: Agreement(application=application, created_at=now) for key, application in applications.items()}
    Agreement.objects.bulk_create(agreements.values())
    versions = {}
    for key, row in projects.items():
        call = row.call
        starts_on = min(call.results_on or call.closes_at.date(), row.completed_on)
        agreed_at = datetime.combine(starts_on, time(10), tzinfo=SEOUL)
        versions[key] = AgreementVersion(
            agreement=agreements[key],
            number=1,
            starts_on=starts_on,
            ends_on=row.completed_on,
            special_conditions=_("Imported from past records."),
            created_by=user,
            created_at=now,
            issued_by=user,
            issued_at=agreed_at,
            confirmed_at=agreed_at,
        )
    AgreementVersion.objects.bulk_create(versions.values())
    AgreementItem.objects.bulk_create(
        AgreementItem(version=versions[key], support_item=item, city_support_krw=amount)
        for key, row in projects.items()
        for item, amount in row.items
    )
    # A past project was paid and settled in full: the file carries its agreed support only, and the budget
    # summaries (agreed → paid → settled) must agree for past calls too.
    Payment.objects.bulk_create(
        Payment(
            agreement=agreements[key],
            support_item=item,
            tranche=1,
            paid_on=versions[key].starts_on,
            amount_krw=amount,
            note=_("Imported from past records."),
            recorded_by=user,
            recorded_at=now,
        )
        for key, row in projects.items()
        for item, amount in row.items
    )
    settlements = {
        key: Settlement(
            agreement=agreements[key],
            state=SettlementState.REVIEWED,
            created_at=now,
            submitted_at=datetime.combine(row.completed_on, time(10), tzinfo=SEOUL),
            reviewed_by=user,
            reviewed_at=now,
        )
        for key, row in projects.items()
    }
    Settlement.objects.bulk_create(settlements.values())
    SettlementLine.objects.bulk_create(
        SettlementLine(settlement=settlements[key], support_item=item, city_spent_krw=amount, accepted_city_krw=amount)
        for key, row in projects.items()
        for item, amount in row.items
    )
    ApplicationStatusChange.objects.bulk_create(
        ApplicationStatusChange(
            application=application,
            from_status=ApplicationStatus.DRAFT,
            to_status=ApplicationStatus.COMPLETED,
            changed_by=user,
            actor=Actor.STAFF,
            changed_at=now,
            reason=_("Imported from past records."),
        )
        for application in applications.values()
    )
