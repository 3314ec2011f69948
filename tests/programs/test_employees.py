from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programs.employees import (
    monthly_headcount_errors,
    regular_employees_of,
    validate_monthly_headcounts,
    validate_regular_employees,
)

pytestmark = pytest.mark.usefixtures("english")


def test_average_of_twelve_months_is_exact_and_shown_rounded_down():
    figure = regular_employees_of(regular_employees=None, monthly_headcounts=[29] * 1 + [30] * 11)  # 359 / 12
    assert figure.average == Decimal(359) / Decimal(12)
    assert figure.average < 30
    assert figure.display == "29.9"
    assert figure.describe() == "Average regular employees 29.9 (12 monthly counts)"


def test_mid_year_start_divides_by_months_operated():
    figure = regular_employees_of(regular_employees=None, monthly_headcounts=[30, 30, 31, 29, 30, 30])
    assert figure.average == Decimal(30)
    assert figure.months == 6


def test_monthly_counts_win_over_a_single_figure():
    figure = regular_employees_of(regular_employees=50, monthly_headcounts=[10, 10])
    assert figure.average == 10


def test_a_single_figure():
    figure = regular_employees_of(regular_employees=Decimal("29.9"), monthly_headcounts=None)
    assert (figure.average, figure.months, figure.display) == (Decimal("29.9"), None, "29.9")
    assert regular_employees_of(regular_employees=None, monthly_headcounts=None) is None
    assert regular_employees_of(regular_employees=None, monthly_headcounts=()) is None


def test_29_96_is_not_displayed_as_30():
    figure = regular_employees_of(regular_employees=Decimal("29.96"), monthly_headcounts=None)
    assert figure.display == "29.9"


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ([30] * 13, "at most 12"),
        ([], "at least one"),
        ([30, -1], "Month 2: a headcount cannot be negative"),
        ([30, 2.5], "Month 2"),
        ([True], "Month 1"),
        ("30,30", "list of whole numbers"),
    ],
)
def test_bad_monthly_lists(values, fragment):
    errors = monthly_headcount_errors(values)
    assert any(fragment in e for e in errors), errors
    with pytest.raises(ValidationError):
        validate_monthly_headcounts(values)


def test_good_monthly_list_and_figures():
    validate_monthly_headcounts([0] * 12)
    validate_regular_employees(0)
    validate_regular_employees("31.5")
    for bad in (-1, "many", True, "NaN"):
        with pytest.raises(ValidationError):
            validate_regular_employees(bad)
