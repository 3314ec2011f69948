"""Regular employees (상시근로자): one figure, or the monthly headcounts of the previous year.

DOMAIN.md: the sum of the headcounts on the last day of each month of the previous year, divided by 12, or by
the months operated for a company that started mid-year. We therefore divide by the number of monthly counts
given (1 to 12). The average is an exact :class:`~decimal.Decimal` (359 / 12 = 29.91666...), compared exactly
with the rule's threshold: 29.9 is under 30, 30 is not. It is shown with one decimal, rounded DOWN, so that
a figure under a threshold is never displayed as the threshold itself (29.96 shows as 29.9, not 30.0).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_MONTHS = 12
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class RegularEmployees:
    average: Decimal  # exact
    months: int | None  # number of monthly counts averaged; None when one figure was given

    @property
    def display(self) -> str:
        """The figure with one decimal, rounded down: ``29.9``."""
        return format_one_decimal(self.average)

    def describe(self) -> str:
        """``Average regular employees 29.9 (12 monthly counts)`` or ``Regular employees 31.0``."""
        if self.months is None:
            return _("Regular employees %(figure)s") % {"figure": self.display}
        return ngettext(
            "Average regular employees %(figure)s (%(months)d monthly count)",
            "Average regular employees %(figure)s (%(months)d monthly counts)",
            self.months,
        ) % {"figure": self.display, "months": self.months}


def format_one_decimal(value: Decimal) -> str:
    return str(value.quantize(ONE_DECIMAL, rounding=ROUND_DOWN))


def monthly_headcount_errors(values: object) -> list[str]:
    """Translated problems with a list of monthly headcounts; ``[]`` when it is usable."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        return [_("Monthly headcounts must be a list of whole numbers.")]
    errors: list[str] = []
    if not values:
        errors.append(_("Give at least one monthly headcount."))
    if len(values) > MAX_MONTHS:
        errors.append(
            _("Give at most %(max)d monthly headcounts (one per month of the previous year); %(count)d were given.")
            % {"max": MAX_MONTHS, "count": len(values)}
        )
    for position, value in enumerate(values, start=1):
        if isinstance(value, bool) or not isinstance(value, int):
            message = _("Month %(month)d: “%(value)s” is not a whole number.")
            errors.append(message % {"month": position, "value": value})
        elif value < 0:
            errors.append(_("Month %(month)d: a headcount cannot be negative.") % {"month": position})
    return errors


def validate_monthly_headcounts(values: object) -> None:
    """Django validator: 1 to 12 non-negative whole numbers."""
    errors = monthly_headcount_errors(values)
    if errors:
        raise ValidationError(errors, code="monthly_headcounts")


def regular_employees_errors(value: object) -> list[str]:
    """Translated problems with a single figure of regular employees; ``[]`` when it is usable."""
    if isinstance(value, bool):
        return [_("Regular employees must be a number.")]
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return [_("Regular employees must be a number.")]
    if not number.is_finite():
        return [_("Regular employees must be a number.")]
    if number < 0:
        return [_("Regular employees cannot be negative.")]
    return []


def validate_regular_employees(value: object) -> None:
    errors = regular_employees_errors(value)
    if errors:
        raise ValidationError(errors, code="regular_employees")


def average_of_monthly(values: Sequence[int]) -> Decimal:
    """Sum divided by the months given (exact). Raises ValueError on an unusable list."""
    errors = monthly_headcount_errors(values)
    if errors:
        raise ValueError("; ".join(errors))
    return Decimal(sum(values)) / Decimal(len(values))


def regular_employees_of(
    *, regular_employees: Decimal | int | float | None, monthly_headcounts: Sequence[int] | None
) -> RegularEmployees | None:
    """The figure the rules use: the monthly counts when given (they are the auditable source), else the
    single figure, else None (unknown). Raises ValueError when what was given is not usable."""
    if monthly_headcounts:
        return RegularEmployees(average=average_of_monthly(monthly_headcounts), months=len(monthly_headcounts))
    if regular_employees is None:
        return None
    errors = regular_employees_errors(regular_employees)
    if errors:
        raise ValueError("; ".join(errors))
    return RegularEmployees(average=Decimal(str(regular_employees)), months=None)
