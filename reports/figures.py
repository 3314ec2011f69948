"""The results of the two programs, per year and across years: the one source of every results page, the year-end
report and the open data. Reads only; a fixed number of queries whatever the number of calls, projects and reports.
Money in whole won (int), averages in ``Decimal``; no floats. Every definition is in docs/results.md.

- ``year_results(year, *, edition)`` / ``series_results(years, *, edition)``: per program (A, B) and in total, per
  support item, per area, and the supported companies (public: name, program, support).
- ``company_rows(year, *, consented_ids)``: a company's own outcome figures, only for the companies given.
- ``before_after(year)`` (officials): each project's baseline beside its verified report years.
- ``reports_behind(year, program, figure)``: the verified reports a figure sums (the drill-down).
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from applications.agreements.models import AgreementItem
from applications.funding.models import Payment
from applications.funding.selectors import Money, MoneySummary, ProgramMoney, call_money_summary
from applications.models import Application, ApplicationItem, ApplicationStatusChange
from applications.outcomes.models import OutcomeRdTask, OutcomeReport, ReportState
from applications.outcomes.selectors import OutcomeSummary, call_outcome_summary
from applications.workflow import ApplicationStatus
from programs.models import Call

from .areas import AREAS, OTHER, UNKNOWN, area_label, area_of

S = ApplicationStatus
PUBLIC = "public"
OFFICIALS = "officials"
EDITIONS = (PUBLIC, OFFICIALS)
FIRST_YEAR = 2019
# The queries of series_results (and year_results), whatever the number of years, calls, projects and reports.
SERIES_QUERIES = 13
# No group of fewer companies than this is shown on its own (it is folded into "other").
MIN_GROUP = 3
# Selected, or later on the way to completion. Cancelled after selection is counted apart.
SELECTED_STATUSES = frozenset({S.SELECTED, S.AGREEMENT, S.IN_PROGRESS, S.COMPLETED})
# The number of the most recent verified report years averaged for "after support".
AFTER_YEARS = 3

OUTCOME_FIGURES = tuple(item.name for item in fields(OutcomeSummary) if item.name not in ("year", "projects"))
COUNT_FIGURES = ("calls", "applications", "selected", "cancelled", "unverified_reports")
MONEY_FIGURES = ("budget_krw", "agreed_krw", "paid_krw")
# Every figure a chart, a table or ``reports_behind`` can name.
FIGURES = COUNT_FIGURES + MONEY_FIGURES + ("projects",) + OUTCOME_FIGURES

FIGURE_LABELS = {
    "calls": _("Calls"),
    "applications": _("Applications submitted"),
    "selected": _("Companies selected"),
    "cancelled": _("Cancelled after selection"),
    "unverified_reports": _("Outcome reports not verified yet"),
    "budget_krw": _("Budget (KRW)"),
    "agreed_krw": _("City support agreed (KRW)"),
    "paid_krw": _("City support paid (KRW)"),
    "projects": _("Projects with verified outcomes"),
    "sales_increase_krw": _("New sales (KRW)"),
    "sales_krw": _("Sales (KRW)"),
    "exports_krw": _("Exports (KRW)"),
    "employees": _("Employees at year end"),
    "new_hires": _("New hires"),
    "new_hires_local": _("New hires living in Yeongcheon"),
    "patents_filed": _("Patents filed"),
    "patents_registered": _("Patents registered"),
    "certifications": _("Certifications"),
    "prototypes": _("Prototypes"),
    "rd_tasks": _("National R&D tasks won"),
    "rd_tasks_krw": _("National R&D tasks won (KRW)"),
    "follow_on_investment_krw": _("Follow-on investment (KRW)"),
}


@dataclass
class Figures:
    """The figures of one program, or of both (``ProgramResults.program is None``), in one year.

    ``outcomes`` are the verified outcomes of the completion year (the reports of year Y of the projects of the
    year-Y calls); ``unverified_reports`` the reports of that year and those projects not verified yet."""

    year: int
    calls: int = 0
    applications: int = 0
    selected: int = 0
    cancelled: int = 0
    budget_krw: int = 0
    agreed_krw: int = 0
    paid_krw: int = 0
    unverified_reports: int = 0
    outcomes: OutcomeSummary | None = None  # set to an empty summary of the year when not given

    def __post_init__(self) -> None:
        if self.outcomes is None:
            self.outcomes = OutcomeSummary(year=self.year)

    def value(self, figure: str) -> int:
        """A figure by its name in ``FIGURES`` (outcome figures included)."""
        if figure not in FIGURES:
            raise ValueError(f"unknown figure {figure!r}")
        if figure in OUTCOME_FIGURES or figure == "projects":
            return getattr(self.outcomes, figure)
        return getattr(self, figure)


@dataclass
class ProgramResults:
    program: object  # programs.models.Program, or None for both programs together
    figures: Figures

    @property
    def letter(self) -> str:
        return self.program.letter if self.program is not None else ""


@dataclass
class ItemResults:
    """A support item across the programs' calls of the year, by its code."""

    code: str
    name_ko: str
    name_en: str
    letters: list[str] = field(default_factory=list)
    applications: int = 0
    selected: int = 0
    agreed_krw: int = 0
    paid_krw: int = 0


@dataclass
class AreaRow:
    area: str  # a name of reports.areas.AREAS, or OTHER
    label: str
    companies: int = 0
    agreed_krw: int = 0


@dataclass
class SupportedCompany:
    """A company supported in the year (public money: shown by name)."""

    company_id: int
    name: str
    letter: str
    call_code: str
    items: list[str]
    agreed_krw: int
    paid_krw: int
    area: str


@dataclass
class YearResults:
    year: int
    edition: str
    programs: list[ProgramResults]
    total: Figures
    items: list[ItemResults]
    areas: list[AreaRow]
    companies: list[SupportedCompany]
    money: MoneySummary | None = None  # officials only: budget execution per call (docs/funding.md)

    def program(self, letter: str) -> Figures:
        for entry in self.programs:
            if entry.letter == letter:
                return entry.figures
        return Figures(year=self.year)


def fold_small_groups(rows: list[AreaRow]) -> list[AreaRow]:
    """Areas with fewer than ``MIN_GROUP`` companies (and the unknown ones) folded into one ``OTHER`` row. If "other"
    itself would hold 1 or 2 companies, the smallest remaining areas are folded into it until it holds at least
    ``MIN_GROUP`` (or nothing is left to fold). Areas with no company are left out."""
    shown = [row for row in rows if row.companies >= MIN_GROUP and row.area != UNKNOWN]
    other = AreaRow(area=OTHER, label=area_label(OTHER))
    for row in rows:
        if row not in shown:
            other.companies += row.companies
            other.agreed_krw += row.agreed_krw
    while 0 < other.companies < MIN_GROUP and shown:
        smallest = min(shown, key=lambda row: (row.companies, -AREAS.index(row.area)))
        shown.remove(smallest)
        other.companies += smallest.companies
        other.agreed_krw += smallest.agreed_krw
    return shown + ([other] if other.companies else [])


def _calls(years) -> list[Call]:
    return list(Call.objects.filter(year__in=list(years)).select_related("program").order_by("year", "program__letter"))


def series_results(years, *, edition: str = PUBLIC) -> list[YearResults]:
    """The results of each year given (in ascending order). Thirteen queries whatever the number of years, calls,
    projects and reports (docs/results.md lists them); ``edition`` "officials" adds the budget execution per call."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}")
    years = sorted(set(years))
    calls = _calls(years)
    call_by_id = {call.pk: call for call in calls}
    was_selected = ApplicationStatusChange.objects.filter(application=OuterRef("pk"), to_status=S.SELECTED)
    applications = list(
        Application.objects.filter(call__in=calls, receipt_number__isnull=False)
        .annotate(was_selected=Exists(was_selected))
        .values_list(
            "pk", "call_id", "company_id", "status", "was_selected", "company__name", "company__head_office_address"
        )
        .order_by("company__name", "pk")
    )
    chosen = list(
        ApplicationItem.objects.filter(application__call__in=calls, application__receipt_number__isnull=False)
        .values_list("application_id", "support_item__code", "support_item__name_ko", "support_item__name_en")
        .order_by("support_item__call__program__letter", "support_item__order", "support_item_id")
    )
    money = call_money_summary(calls=calls)
    agreed_lines = list(
        AgreementItem.objects.filter(
            version__agreement__application__call__in=calls, version__confirmed_at__isnull=False
        ).values_list("version__agreement__application_id", "version__number", "support_item__code", "city_support_krw")
    )
    paid_lines = (
        Payment.objects.filter(voided_at__isnull=True, agreement__application__call__in=calls)
        .values("agreement__application_id", "support_item__code")
        .annotate(total=Sum("amount_krw"))
        .order_by()
    )
    outcomes = call_outcome_summary(calls=calls)
    unverified = dict(
        OutcomeReport.objects.filter(application__call__in=calls, year=F("application__call__year"))
        .exclude(state=ReportState.VERIFIED)
        .values("application__call_id")
        .annotate(count=Count("id"))
        .values_list("application__call_id", "count")
        .order_by()
    )

    # Agreed support per project and item: the latest confirmed version of each agreement.
    latest: dict[int, int] = {}
    for application_id, number, _code, _amount in agreed_lines:
        latest[application_id] = max(latest.get(application_id, 0), number)
    agreed: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for application_id, number, code, amount in agreed_lines:
        if number == latest[application_id]:
            agreed[application_id][code] += amount
    paid: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in paid_lines:
        paid[row["agreement__application_id"]][row["support_item__code"]] += row["total"] or 0
    items_of: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for application_id, code, name_ko, name_en in chosen:
        items_of[application_id].append((code, name_ko, name_en))

    per_year = {year: _YearBuilder(year, edition) for year in years}
    for call in calls:
        per_year[call.year].add_call(call)
    for entry in money.calls:
        per_year[entry.call.year].add_money(entry)
    for entry in outcomes:
        for summary in entry.years:
            if summary.year == entry.call.year:  # the completion-year definition
                per_year[entry.call.year].add_outcomes(entry.call, summary)
    for call_id, count in unverified.items():
        call = call_by_id[call_id]
        per_year[call.year].add_unverified(call, count)
    for pk, call_id, company_id, status, selected_before, name, address in applications:
        call = call_by_id[call_id]
        per_year[call.year].add_application(
            call=call,
            pk=pk,
            company_id=company_id,
            status=status,
            cancelled=status == S.CANCELLED and selected_before,
            name=name,
            address=address,
            items=items_of.get(pk, []),
            agreed=agreed.get(pk, {}),
            paid=paid.get(pk, {}),
        )
    results = [per_year[year].build() for year in years]
    if edition == OFFICIALS:
        for result in results:
            result.money = _money_of_year(money, result.year)
    return results


def _money_of_year(money: MoneySummary, year: int) -> MoneySummary:
    calls = [entry for entry in money.calls if entry.call.year == year]
    programs: dict[int, ProgramMoney] = {}
    total = Money()
    for entry in calls:
        program = programs.setdefault(entry.call.program_id, ProgramMoney(program=entry.call.program))
        program.add(entry)
        program.calls.append(entry)
        total.add(entry)
    return MoneySummary(calls=calls, programs=list(programs.values()), total=total)


def year_results(year: int, *, edition: str = PUBLIC) -> YearResults:
    """The results of one year (see ``series_results``)."""
    return series_results([year], edition=edition)[0]


class _YearBuilder:
    def __init__(self, year: int, edition: str) -> None:
        self.year = year
        self.edition = edition
        self.programs: dict[int, ProgramResults] = {}
        self.selected: dict[int, set[int]] = defaultdict(set)  # program id -> company ids
        self.cancelled: dict[int, set[int]] = defaultdict(set)
        self.items: dict[str, ItemResults] = {}
        self.item_selected: dict[str, set[int]] = defaultdict(set)
        self.area_companies: dict[str, set[int]] = defaultdict(set)
        self.area_agreed: dict[str, int] = defaultdict(int)
        self.companies: list[SupportedCompany] = []

    def _program(self, call: Call) -> Figures:
        entry = self.programs.setdefault(
            call.program_id, ProgramResults(program=call.program, figures=Figures(year=self.year))
        )
        return entry.figures

    def add_call(self, call: Call) -> None:
        self._program(call).calls += 1

    def add_money(self, entry) -> None:
        figures = self._program(entry.call)
        figures.budget_krw += entry.budget
        figures.agreed_krw += entry.agreed
        figures.paid_krw += entry.paid

    def add_outcomes(self, call: Call, summary: OutcomeSummary) -> None:
        self._program(call).outcomes.add(summary)

    def add_unverified(self, call: Call, count: int) -> None:
        self._program(call).unverified_reports += count

    def add_application(self, *, call, pk, company_id, status, cancelled, name, address, items, agreed, paid) -> None:
        figures = self._program(call)
        figures.applications += 1
        for code, name_ko, name_en in items:
            item = self.items.setdefault(code, ItemResults(code=code, name_ko=name_ko, name_en=name_en))
            if call.program.letter not in item.letters:
                item.letters.append(call.program.letter)
            item.applications += 1
            if status in SELECTED_STATUSES:
                self.item_selected[code].add(company_id)
        for code, amount in agreed.items():
            self._item(code).agreed_krw += amount
        for code, amount in paid.items():
            self._item(code).paid_krw += amount
        if cancelled:
            self.cancelled[call.program_id].add(company_id)
        if status not in SELECTED_STATUSES:
            return
        self.selected[call.program_id].add(company_id)
        area = area_of(address)
        self.area_companies[area].add(company_id)
        self.area_agreed[area] += sum(agreed.values())
        names = {code: name_ko for code, name_ko, _name_en in items}
        self.companies.append(
            SupportedCompany(
                company_id=company_id,
                name=name,
                letter=call.program.letter,
                call_code=call.code,
                items=[names.get(code, code) for code in (agreed or names)],
                agreed_krw=sum(agreed.values()),
                paid_krw=sum(paid.values()),
                area=area,
            )
        )

    def _item(self, code: str) -> ItemResults:
        # An agreed line always names an item of the call; one the application did not choose still counts.
        if code not in self.items:
            self.items[code] = ItemResults(code=code, name_ko=code, name_en=code)
        return self.items[code]

    def build(self) -> YearResults:
        programs = sorted(self.programs.values(), key=lambda entry: entry.letter)
        total = Figures(year=self.year)
        for entry in programs:
            entry.figures.selected = len(self.selected[entry.program.pk])
            entry.figures.cancelled = len(self.cancelled[entry.program.pk])
            for name in COUNT_FIGURES + MONEY_FIGURES:
                if name not in ("selected", "cancelled"):
                    setattr(total, name, getattr(total, name) + getattr(entry.figures, name))
            total.outcomes.add(entry.figures.outcomes)
        total.selected = len(set().union(*self.selected.values())) if self.selected else 0
        total.cancelled = len(set().union(*self.cancelled.values())) if self.cancelled else 0
        for code, companies in self.item_selected.items():
            self.items[code].selected = len(companies)
        areas = [
            AreaRow(area=area, label=area_label(area), companies=len(companies), agreed_krw=self.area_agreed[area])
            for area in (*AREAS, UNKNOWN)
            if (companies := self.area_companies.get(area))
        ]
        return YearResults(
            year=self.year,
            edition=self.edition,
            programs=programs,
            total=total,
            items=list(self.items.values()),
            areas=fold_small_groups(areas),
            companies=self.companies,
        )


# --- company-level figures ---------------------------------------------------------------------------------


@dataclass
class CompanyOutcomes:
    """A company's verified outcomes of the completion year (only for a company that consented)."""

    company_id: int
    name: str
    letter: str
    call_code: str
    outcomes: OutcomeSummary


def _completion_reports(year: int) -> QuerySet[OutcomeReport]:
    return OutcomeReport.objects.filter(
        state=ReportState.VERIFIED, year=year, application__call__year=year
    ).select_related("application__company", "application__call__program")


def company_rows(year: int, *, consented_ids) -> list[CompanyOutcomes]:
    """The completion-year verified outcomes of the year-``year`` projects of the companies in ``consented_ids``
    (their own figures are shown only with their consent), by company name. Two queries."""
    reports = list(
        _completion_reports(year)
        .filter(application__company_id__in=list(consented_ids))
        .annotate(task_count=Count("rd_tasks"), task_krw=Sum("rd_tasks__amount_krw"))
        .order_by("application__company__name", "application_id")
    )
    rows = []
    for report in reports:
        summary = OutcomeSummary(year=year, projects=1, rd_tasks=report.task_count, rd_tasks_krw=report.task_krw or 0)
        for name in OUTCOME_FIGURES:
            if name not in ("sales_increase_krw", "rd_tasks", "rd_tasks_krw"):
                setattr(summary, name, getattr(report, name) or 0)
        if report.sales_krw is not None and report.baseline_sales_krw is not None:
            summary.sales_increase_krw = report.sales_krw - report.baseline_sales_krw
        application = report.application
        rows.append(
            CompanyOutcomes(
                company_id=application.company_id,
                name=application.company.name,
                letter=application.call.program.letter,
                call_code=application.call.code,
                outcomes=summary,
            )
        )
    return rows


@dataclass
class BeforeAfter:
    """One project of the year's calls (officials): the baseline before support beside each verified report year,
    and the average of the most recent ``AFTER_YEARS`` verified years (``years_averaged`` says how many there were:
    a 3-year average where there are 3 years)."""

    application_id: int
    company_id: int
    name: str
    letter: str
    baseline_sales_krw: int | None
    baseline_employees: Decimal | None
    years: list[tuple[int, int | None, int | None]]  # (report year, sales, employees at year end)
    years_averaged: int
    after_sales_krw: int | None  # average, rounded half up to the won
    after_employees: Decimal | None  # average, rounded half up to 2 decimals

    @property
    def sales_change_krw(self) -> int | None:
        if self.after_sales_krw is None or self.baseline_sales_krw is None:
            return None
        return self.after_sales_krw - self.baseline_sales_krw


def _average(values: list[int], exponent: str) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal(exponent), rounding=ROUND_HALF_UP)


def before_after(year: int) -> list[BeforeAfter]:
    """Per project of the year's calls with verified reports, by company name. One query."""
    reports = (
        OutcomeReport.objects.filter(state=ReportState.VERIFIED, application__call__year=year)
        .select_related("application__company", "application__call__program")
        .order_by("application__company__name", "application_id", "year")
    )
    by_project: dict[int, list[OutcomeReport]] = defaultdict(list)
    for report in reports:
        by_project[report.application_id].append(report)
    rows = []
    for application_id, project in by_project.items():
        first = project[0]
        recent = project[-AFTER_YEARS:]
        sales = [report.sales_krw for report in recent if report.sales_krw is not None]
        employees = [report.employees for report in recent if report.employees is not None]
        average_sales = _average(sales, "1")
        rows.append(
            BeforeAfter(
                application_id=application_id,
                company_id=first.application.company_id,
                name=first.application.company.name,
                letter=first.application.call.program.letter,
                baseline_sales_krw=first.baseline_sales_krw,
                baseline_employees=first.baseline_employees,
                years=[(report.year, report.sales_krw, report.employees) for report in project],
                years_averaged=len(recent),
                after_sales_krw=int(average_sales) if average_sales is not None else None,
                after_employees=_average(employees, "0.01"),
            )
        )
    return rows


def reports_behind(year: int, program: str | None, figure: str) -> QuerySet[OutcomeReport]:
    """The verified reports an outcome figure of ``year_results(year)`` sums: those of year ``year`` of the
    projects of the year's calls, of program ``program`` (its letter, "A" or "B"; None for both), restricted to
    the reports the figure counts (``sales_increase_krw``: both sales and baseline known; ``rd_tasks*``: reports
    listing a task; another figure: reports where it is filled in)."""
    if figure not in OUTCOME_FIGURES and figure != "projects":
        raise ValueError(f"not an outcome figure: {figure!r}")
    reports = _completion_reports(year)
    if program:
        reports = reports.filter(application__call__program__letter=program)
    if figure == "sales_increase_krw":
        reports = reports.filter(sales_krw__isnull=False, baseline_sales_krw__isnull=False)
    elif figure in ("rd_tasks", "rd_tasks_krw"):
        reports = reports.filter(Exists(OutcomeRdTask.objects.filter(report=OuterRef("pk"))))
    elif figure != "projects":
        reports = reports.filter(Q(**{f"{figure}__isnull": False}))
    return reports.order_by("application__company__name", "application_id")
