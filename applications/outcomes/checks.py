"""The checks of a report's figures, by field name, with messages that name the field.

- ``hard_problems``: values that cannot be right (refused at submission): above the limits below, or more local
  new hires than new hires.
- ``required_problems``: figures left empty (every figure is asked; 0 when there is nothing to report).
- ``evidence_problems``: a figure the call asks evidence for (``Call.outcome_evidence_fields``) that is not zero
  but has no evidence document; ``rd_tasks`` asks evidence when the report lists a national R&D task.
- ``report_flags``: figures that pass but look unlikely (stored in ``OutcomeReport.flags``, shown to the company
  before it submits and to staff): more than ``JUMP_FACTOR`` times the baseline, a large figure from a zero
  baseline, exports above sales.

Negative values never reach these checks: the fields are unsigned and the form refuses them.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FIGURES, OutcomeReport

RD_TASKS = "rd_tasks"
EVIDENCE_FIGURES = (*FIGURES, RD_TASKS)
MONEY_FIGURES = ("sales_krw", "exports_krw", "follow_on_investment_krw")

FIGURE_LABELS = {
    "sales_krw": gettext_lazy("sales (KRW)"),
    "exports_krw": gettext_lazy("exports (KRW)"),
    "employees": gettext_lazy("employees at year end"),
    "new_hires": gettext_lazy("new hires"),
    "new_hires_local": gettext_lazy("of which Yeongcheon residents"),
    "patents_filed": gettext_lazy("patents filed"),
    "patents_registered": gettext_lazy("patents registered"),
    "certifications": gettext_lazy("certifications"),
    "prototypes": gettext_lazy("prototypes"),
    "follow_on_investment_krw": gettext_lazy("follow-on investment (KRW)"),
    RD_TASKS: gettext_lazy("national R&D tasks won"),
}

# Hard limits: a value above them cannot be right for a Yeongcheon SME.
MAX_KRW = 10**15
MAX_PEOPLE = 100_000
MAX_COUNT = 10_000
LIMITS = {name: MAX_KRW if name in MONEY_FIGURES else MAX_PEOPLE for name in FIGURES}
LIMITS.update(dict.fromkeys(("patents_filed", "patents_registered", "certifications", "prototypes"), MAX_COUNT))

# What the columns hold (the form refuses more as a type error): bigint for money, integer for the rest.
COLUMN_MAX = {name: 2**63 - 1 if name in MONEY_FIGURES else 2**31 - 1 for name in FIGURES}

# Soft checks: flagged for a second look, not refused.
JUMP_FACTOR = 100
FROM_ZERO_SALES_KRW = 10_000_000_000  # sales from no sales before support
FROM_ZERO_EMPLOYEES = 300  # employees from none before support


def plain(value):
    """A Decimal headcount without its trailing zeros (12.00 → 12, 12.50 → 12.5)."""
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == int(value) else value.quantize(value.normalize())


def label(figure: str) -> str:
    return str(FIGURE_LABELS[figure])


def hard_problems(report: OutcomeReport) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for figure in FIGURES:
        value = getattr(report, figure)
        if value is not None and value < 0:
            problems.setdefault(figure, []).append(_("%(field)s cannot be negative.") % {"field": label(figure)})
        elif value is not None and value > LIMITS[figure]:
            problems.setdefault(figure, []).append(
                _("%(field)s: %(value)s is more than the limit of %(limit)s and cannot be right.")
                % {"field": label(figure), "value": intcomma(value), "limit": intcomma(LIMITS[figure])}
            )
    if (
        report.new_hires is not None
        and report.new_hires_local is not None
        and report.new_hires_local > report.new_hires
    ):
        problems.setdefault("new_hires_local", []).append(
            _("%(field)s cannot be more than the new hires (%(hires)s).")
            % {"field": label("new_hires_local"), "hires": intcomma(report.new_hires)}
        )
    return problems


def required_problems(report: OutcomeReport) -> dict[str, list[str]]:
    return {
        figure: [_("Enter %(field)s (0 if there is nothing to report).") % {"field": label(figure)}]
        for figure in FIGURES
        if getattr(report, figure) is None
    }


def evidence_problems(report: OutcomeReport, *, evidence_fields, evidence_figures, rd_task_count: int):
    """``evidence_figures``: the figures that have at least one evidence document."""
    problems: dict[str, list[str]] = {}
    for figure in evidence_fields or []:
        if figure not in EVIDENCE_FIGURES:
            continue
        needed = rd_task_count > 0 if figure == RD_TASKS else bool(getattr(report, figure))
        if needed and figure not in evidence_figures:
            problems[figure] = [_("Attach an evidence document for %(field)s.") % {"field": label(figure)}]
    return problems


def report_flags(report: OutcomeReport) -> list[str]:
    """The figures that look unlikely, in the order of ``FIGURES``."""
    flags = []
    sales, baseline_sales = report.sales_krw, report.baseline_sales_krw
    if sales is not None:
        if baseline_sales:
            if sales > JUMP_FACTOR * baseline_sales:
                flags.append("sales_krw")
        elif sales > FROM_ZERO_SALES_KRW:
            flags.append("sales_krw")
    if report.exports_krw is not None and sales is not None and report.exports_krw > sales:
        flags.append("exports_krw")
    employees, baseline_employees = report.employees, report.baseline_employees
    if employees is not None:
        if baseline_employees:
            if employees > JUMP_FACTOR * baseline_employees:
                flags.append("employees")
        elif employees > FROM_ZERO_EMPLOYEES:
            flags.append("employees")
    return flags


def flag_message(report: OutcomeReport, figure: str) -> str:
    """Why ``figure`` is flagged, naming the field."""
    if figure == "exports_krw":
        return _("%(field)s are above the sales of the year; check both figures.") % {"field": label(figure)}
    baseline = report.baseline_sales_krw if figure == "sales_krw" else report.baseline_employees
    if baseline:
        return _("%(field)s is more than %(factor)s times the figure before support (%(baseline)s); check it.") % {
            "field": label(figure),
            "factor": JUMP_FACTOR,
            "baseline": intcomma(plain(baseline)),
        }
    return _("%(field)s is large for a company that had none before support; check it.") % {"field": label(figure)}
