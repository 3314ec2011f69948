"""What the year-end report says: the tables and charts of one year, built once from ``reports.figures`` and
``reports.charts`` and written both to the PDF and to the XLSX (one sheet per table), so that the two files always
show the same numbers. Only verified outcome reports count (the figures module's definition); the number of reports
still unverified is carried for the report to state."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.charts import Chart, area_chart, program_split_chart, trend_chart
from reports.figures import (
    FIGURE_LABELS,
    FIGURES,
    FIRST_YEAR,
    OFFICIALS,
    OUTCOME_FIGURES,
    YearResults,
    series_results,
)
from reports.selectors import published_case_studies

# The figures of the key-figures table, in this order.
KEY_FIGURES = (
    "calls",
    "applications",
    "selected",
    "budget_krw",
    "agreed_krw",
    "paid_krw",
    "projects",
    "sales_increase_krw",
    "new_hires",
    "patents_filed",
    "certifications",
    "rd_tasks",
)


@dataclass
class Table:
    key: str  # the section it belongs to; also the XLSX sheet's order
    title: str
    sheet: str  # the XLSX sheet's name (at most 31 characters)
    headers: list[str]
    rows: list[list[object]]

    @property
    def cells(self) -> list[list[tuple[object, bool]]]:
        """The rows for a template: each value with whether it is a number (right-aligned, thousands separated)."""
        return [[(value, isinstance(value, int)) for value in row] for row in self.rows]


@dataclass
class CaseStudy:
    title: str
    company: str
    text: str


@dataclass
class YearEndContent:
    year: int
    series: list[YearResults]  # every year since the first one, ascending; the last is ``results``
    results: YearResults
    previous: YearResults
    tables: dict[str, Table]
    charts: list[Chart]
    case_studies: list[CaseStudy]

    @property
    def unverified_reports(self) -> int:
        return self.results.total.unverified_reports


def case_studies(year: int) -> list[CaseStudy]:
    """The case studies of the year that staff published with the company's consent (the results pages' own,
    ``reports.selectors.published_case_studies``), in the language the report is made in."""
    return [
        CaseStudy(title=study.title, company=study.company.name, text=study.summary)
        for study in published_case_studies(year)
    ]


def _label(figure: str) -> str:
    return str(FIGURE_LABELS[figure])


def key_figures_table(results: YearResults) -> Table:
    return Table(
        key="key",
        title=_("Key figures"),
        sheet=_("Key figures"),
        headers=[_("Figure"), _("Total")],
        rows=[[_label(name), results.total.value(name)] for name in KEY_FIGURES],
    )


def programs_table(results: YearResults) -> Table:
    letters = [entry.letter for entry in results.programs]
    return Table(
        key="programs",
        title=_("Per program"),
        sheet=_("Per program"),
        headers=[_("Figure"), *[_("Program %(letter)s") % {"letter": letter} for letter in letters], _("Total")],
        rows=[
            [_label(name), *[results.program(letter).value(name) for letter in letters], results.total.value(name)]
            for name in FIGURES
        ],
    )


def items_table(results: YearResults) -> Table:
    return Table(
        key="items",
        title=_("Per support item"),
        sheet=_("Per support item"),
        headers=[
            _("Support item"),
            _("Programs"),
            _label("applications"),
            _label("selected"),
            _label("agreed_krw"),
            _label("paid_krw"),
        ],
        rows=[
            [item.name_ko, ", ".join(item.letters), item.applications, item.selected, item.agreed_krw, item.paid_krw]
            for item in results.items
        ],
    )


def budget_table(results: YearResults) -> Table:
    money = results.money
    rows = [
        [entry.call.code, entry.budget, entry.agreed, entry.paid, entry.settled, entry.refunded, entry.remaining]
        for entry in (money.calls if money else [])
    ]
    if money:
        total = money.total
        rows.append(
            [_("Total"), total.budget, total.agreed, total.paid, total.settled, total.refunded, total.remaining]
        )
    return Table(
        key="budget",
        title=_("Budget execution"),
        sheet=_("Budget execution"),
        headers=[
            _("Call"),
            _("Budget (KRW)"),
            _("Agreed (KRW)"),
            _("Paid (KRW)"),
            _("Settled (KRW)"),
            _("Refunded (KRW)"),
            _("Remaining (KRW)"),
        ],
        rows=rows,
    )


def comparison_table(results: YearResults, previous: YearResults) -> Table:
    rows = []
    for name in ("projects", *OUTCOME_FIGURES):
        before, now = previous.total.value(name), results.total.value(name)
        rows.append([_label(name), before, now, now - before])
    return Table(
        key="comparison",
        title=_("Outcomes against the year before"),
        sheet=_("Against the year before"),
        headers=[_("Figure"), str(previous.year), str(results.year), _("Change")],
        rows=rows,
    )


def areas_table(results: YearResults) -> Table:
    return Table(
        key="areas",
        title=_("Companies supported per area"),
        sheet=_("Per area"),
        headers=[_("Area"), _label("selected"), _label("agreed_krw")],
        rows=[[row.label, row.companies, row.agreed_krw] for row in results.areas],
    )


def companies_table(results: YearResults) -> Table:
    return Table(
        key="companies",
        title=_("Supported companies"),
        sheet=_("Supported companies"),
        headers=[_("Company"), _("Program"), _("Call"), _("Support items"), _("Agreed (KRW)"), _("Paid (KRW)")],
        rows=[
            [
                company.name,
                company.letter,
                company.call_code,
                ", ".join(company.items),
                company.agreed_krw,
                company.paid_krw,
            ]
            for company in results.companies
        ],
    )


# The kind of each chart of ``report_charts``, in order, for the XLSX's native charts.
CHART_KINDS = ("bar", "line", "hbar")


def report_charts(series: list[YearResults]) -> list[Chart]:
    results = series[-1]
    return [
        program_split_chart(results, "agreed_krw"),
        trend_chart(series, "sales_increase_krw"),
        area_chart(results),
    ]


def yearend_content(year: int, *, charts: bool = True) -> YearEndContent:
    """Everything the report of ``year`` shows (officials' edition: budget execution, company list). One call of
    ``series_results`` for every year since the first one: a fixed number of queries. ``charts=False`` leaves the
    charts to be drawn afterwards (``report_charts(content.series)``): the task records the two parts apart."""
    series = series_results(range(min(FIRST_YEAR, year - 1), year + 1), edition=OFFICIALS)
    results, previous = series[-1], series[-2]
    tables = [
        key_figures_table(results),
        programs_table(results),
        items_table(results),
        budget_table(results),
        comparison_table(results, previous),
        areas_table(results),
        companies_table(results),
    ]
    return YearEndContent(
        year=year,
        series=series,
        results=results,
        previous=previous,
        tables={table.key: table for table in tables},
        charts=report_charts(series) if charts else [],
        case_studies=case_studies(year),
    )
