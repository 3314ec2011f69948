"""The co-funding rules of a call's support items, as one pure function (no database).

For each chosen item:
- city support ≤ the item's cap (``max_support_krw``);
- company share = (cash + in-kind) / (city + cash + in-kind) ≥ the item's ``company_share_pct``;
- cash ≥ ``min_cash_pct`` of the company share;
and for the choice as a whole: several items only when every chosen item is ``combinable`` (calls before 2022
made no item combinable: one item per company).

Figures are compared exactly in integers (won times 100 against percentages with two decimals), never in floats.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class BudgetLine:
    item: object  # a programs.models.SupportItem (name, max_support_krw, company_share_pct, min_cash_pct, combinable)
    city: int
    cash: int
    inkind: int

    @property
    def company(self) -> int:
        return self.cash + self.inkind

    @property
    def total(self) -> int:
        return self.city + self.cash + self.inkind


@dataclass(frozen=True)
class BudgetProblem:
    item_code: str | None  # None: about the choice as a whole
    part: str  # "city", "cash", "inkind" or "choice"
    message: str


def _won(amount: int | Decimal) -> str:
    return _("KRW %(amount)s") % {"amount": intcomma(int(amount))}


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def check_budget(lines: list[BudgetLine], *, complete: bool = False) -> list[BudgetProblem]:
    """Every broken rule, each naming the item and the figure. ``complete=True`` (at submission) also asks
    for at least one item and for city support on every chosen item."""
    problems: list[BudgetProblem] = []
    if complete and not lines:
        problems.append(BudgetProblem(None, "choice", _("Choose at least one support item and give its budget.")))
    if len(lines) > 1:
        single = [line.item for line in lines if not line.item.combinable]
        if single:
            names = ", ".join(str(item.name) for item in single)
            problems.append(
                BudgetProblem(
                    None,
                    "choice",
                    _("This call allows one support item per company; %(items)s cannot be combined with others.")
                    % {"items": names},
                )
            )
    for line in lines:
        item, code = line.item, line.item.code
        if complete and line.city <= 0:
            problems.append(
                BudgetProblem(code, "city", _("%(item)s: enter the city support you ask for.") % {"item": item.name})
            )
        if line.city > item.max_support_krw:
            problems.append(
                BudgetProblem(
                    code,
                    "city",
                    _("%(item)s: city support of %(amount)s is above the cap of %(cap)s.")
                    % {"item": item.name, "amount": _won(line.city), "cap": _won(item.max_support_krw)},
                )
            )
        if line.total <= 0:
            continue
        share_pct = Decimal(item.company_share_pct)
        if line.company * 100 < share_pct * line.total:
            # The smallest company share that meets the rule with this city support, rounded up to the won.
            needed = -(-(share_pct * line.city) // (100 - share_pct)) if share_pct < 100 else line.company + line.city
            problems.append(
                BudgetProblem(
                    code,
                    "cash",
                    _(
                        "%(item)s: the company share (cash + in-kind) is %(share)s of %(total)s; it must be at least "
                        "%(pct)s, that is %(needed)s."
                    )
                    % {
                        "item": item.name,
                        "share": _won(line.company),
                        "total": _won(line.total),
                        "pct": _pct(share_pct),
                        "needed": _won(needed),
                    },
                )
            )
        cash_pct = Decimal(item.min_cash_pct)
        if line.cash * 100 < cash_pct * line.company:
            needed = -(-(cash_pct * line.company) // 100)
            problems.append(
                BudgetProblem(
                    code,
                    "cash",
                    _(
                        "%(item)s: company cash of %(cash)s is below %(pct)s of the company share of %(share)s; "
                        "it must be at least %(needed)s."
                    )
                    % {
                        "item": item.name,
                        "cash": _won(line.cash),
                        "pct": _pct(cash_pct),
                        "share": _won(line.company),
                        "needed": _won(needed),
                    },
                )
            )
    return problems
