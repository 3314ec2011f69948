"""The co-funding rules at their edges (a pure function: no database)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from applications.budget import BudgetLine, check_budget


@dataclass
class Item:
    code: str = "prototype"
    name: str = "Prototype production"
    max_support_krw: int = 30_000_000
    company_share_pct: Decimal = Decimal("25.00")
    min_cash_pct: Decimal = Decimal("50.00")
    combinable: bool = True


def problems(*lines, complete=False):
    with translation.override("en"):
        return check_budget(list(lines), complete=complete)


def test_exactly_at_every_limit_is_accepted():
    # city 30,000,000 = cap; company 10,000,000 = 25% of 40,000,000; cash 5,000,000 = 50% of the share
    assert problems(BudgetLine(Item(), city=30_000_000, cash=5_000_000, inkind=5_000_000)) == []


def test_one_won_over_the_cap_is_refused_naming_item_and_figures():
    [problem] = problems(BudgetLine(Item(), city=30_000_001, cash=6_000_000, inkind=5_000_000))
    assert problem.item_code == "prototype" and problem.part == "city"
    assert "Prototype production" in problem.message
    assert "30,000,001" in problem.message and "30,000,000" in problem.message


def test_company_share_one_won_short_is_refused():
    # 25% of (30,000,000 + 9,999,999) is 9,999,999.75: 9,999,999 is short
    found = problems(BudgetLine(Item(), city=30_000_000, cash=5_000_000, inkind=4_999_999))
    assert [p.part for p in found] == ["cash"]
    assert "company share" in found[0].message and "25%" in found[0].message
    assert "10,000,000" in found[0].message  # what is needed, rounded up to the won


def test_cash_below_its_minimum_part_of_the_share_is_refused():
    found = problems(BudgetLine(Item(), city=30_000_000, cash=4_999_999, inkind=5_000_001))
    assert len(found) == 1 and "cash" in found[0].message and "50%" in found[0].message
    assert "5,000,000" in found[0].message


def test_a_share_of_zero_percent_accepts_no_company_money():
    item = Item(company_share_pct=Decimal("0"), min_cash_pct=Decimal("0"))
    assert problems(BudgetLine(item, city=1_000_000, cash=0, inkind=0)) == []


def test_several_items_only_when_all_are_combinable():
    a, b = Item(code="a", name="A"), Item(code="b", name="B", combinable=False)
    found = problems(BudgetLine(a, 1_000_000, 250_000, 250_000), BudgetLine(b, 1_000_000, 250_000, 250_000))
    assert [(p.item_code, p.part) for p in found] == [(None, "choice")]
    assert "one support item per company" in found[0].message and "B" in found[0].message
    # one non-combinable item alone is fine (calls before 2022)
    assert problems(BudgetLine(b, 1_000_000, 250_000, 250_000)) == []
    # several combinable items are fine (from 2022)
    assert problems(BudgetLine(a, 1_000_000, 250_000, 250_000), BudgetLine(Item(code="c"), 1, 1, 0)) == []


def test_completeness_asks_for_an_item_and_city_support():
    assert [p.part for p in problems(complete=True)] == ["choice"]
    assert [p.part for p in problems(BudgetLine(Item(), 0, 0, 0), complete=True)] == ["city"]
    # an empty line is not an error while drafting
    assert problems(BudgetLine(Item(), 0, 0, 0)) == []
