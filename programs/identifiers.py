"""Korean company identifiers: the business registration number and the corporate registration number.

Business registration number (사업자등록번호), 10 digits written ``123-45-67891``:
multiply d1..d9 by 1,3,7,1,3,7,1,3,5 and sum; add floor(d9 x 5 / 10) (the tens digit of the last product);
the check digit is (10 - sum mod 10) mod 10 and must equal d10. Digits 4-5 tell the kind of business.

Corporate registration number (법인등록번호), 13 digits written ``110111-0062432``:
multiply d1..d12 by 1,2,1,2,... and sum the plain products; the check digit is (10 - sum mod 10) mod 10.

Every form of the portal that takes a business number uses :class:`BusinessNumberField`, which accepts the
number with or without dashes or spaces and cleans it to the written form ``123-45-67891``.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2013\u2014.]+")  # spaces, ASCII and typographic dashes, dots
BUSINESS_NUMBER_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
CORPORATE_NUMBER_WEIGHTS = (1, 2) * 6


class BusinessKind(models.TextChoices):
    """What digits 4-5 of a business registration number say about the business."""

    INDIVIDUAL = "individual", _("Individual business")
    CORPORATION = "corporation", _("For-profit corporation (head office)")
    CORPORATION_BRANCH = "corporation_branch", _("For-profit corporation (branch)")
    NON_PROFIT = "non_profit", _("Non-profit corporation")
    GOVERNMENT = "government", _("Government or public body")
    FOREIGN = "foreign", _("Foreign corporation")
    OTHER = "other", _("Other")


def _digits(value: object, length: int) -> str | None:
    """The digits of ``value`` when it is exactly ``length`` digits once separators are removed, else None."""
    if value is None:
        return None
    text = _SEPARATORS.sub("", str(value))
    if len(text) != length or not text.isascii() or not text.isdigit():
        return None
    return text


def business_number_check_digit(first_nine: str) -> int:
    """The check digit for the first nine digits of a business registration number."""
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, BUSINESS_NUMBER_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def normalize_business_number(value: object) -> str | None:
    """The 10 digits of a well-formed number (dashes/spaces allowed), or None when it is not 10 digits."""
    return _digits(value, 10)


def is_valid_business_number(value: object) -> bool:
    digits = normalize_business_number(value)
    return digits is not None and business_number_check_digit(digits[:9]) == int(digits[9])


def format_business_number(value: object) -> str:
    """``1234567891`` or ``123 45 67891`` → ``123-45-67891``. Raises ValueError when not 10 digits."""
    digits = normalize_business_number(value)
    if digits is None:
        raise ValueError(f"not a 10-digit business registration number: {value!r}")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def business_number_kind(value: object) -> BusinessKind:
    """The kind of business from digits 4-5: 01-79 individual, 81/86/87/88 corporation head office,
    85 its branch, 82 non-profit, 83 government, 84 foreign corporation; anything else is OTHER."""
    digits = normalize_business_number(value)
    if digits is None:
        raise ValueError(f"not a 10-digit business registration number: {value!r}")
    code = int(digits[3:5])
    if 1 <= code <= 79:
        return BusinessKind.INDIVIDUAL
    return {
        81: BusinessKind.CORPORATION,
        86: BusinessKind.CORPORATION,
        87: BusinessKind.CORPORATION,
        88: BusinessKind.CORPORATION,
        85: BusinessKind.CORPORATION_BRANCH,
        82: BusinessKind.NON_PROFIT,
        83: BusinessKind.GOVERNMENT,
        84: BusinessKind.FOREIGN,
    }.get(code, BusinessKind.OTHER)


def validate_business_number(value: object) -> None:
    """Django validator: 10 digits (dashes and spaces allowed) with a correct check digit."""
    if normalize_business_number(value) is None:
        raise ValidationError(
            _("Enter the business registration number as 10 digits, for example 123-45-67891."),
            code="format",
        )
    if not is_valid_business_number(value):
        raise ValidationError(
            _("The business registration number %(number)s is not valid: its check digit does not match."),
            code="check_digit",
            params={"number": format_business_number(value)},
        )


def corporate_number_check_digit(first_twelve: str) -> int:
    total = sum(int(c) * w for c, w in zip(first_twelve, CORPORATE_NUMBER_WEIGHTS, strict=True))
    return (10 - total % 10) % 10


def normalize_corporate_number(value: object) -> str | None:
    return _digits(value, 13)


def is_valid_corporate_number(value: object) -> bool:
    digits = normalize_corporate_number(value)
    return digits is not None and corporate_number_check_digit(digits[:12]) == int(digits[12])


def format_corporate_number(value: object) -> str:
    """``1101110062432`` → ``110111-0062432``. Raises ValueError when not 13 digits."""
    digits = normalize_corporate_number(value)
    if digits is None:
        raise ValueError(f"not a 13-digit corporate registration number: {value!r}")
    return f"{digits[:6]}-{digits[6:]}"


def validate_corporate_number(value: object) -> None:
    """Django validator: 13 digits (dashes and spaces allowed) with a correct check digit."""
    if normalize_corporate_number(value) is None:
        raise ValidationError(
            _("Enter the corporate registration number as 13 digits, for example 110111-0062432."),
            code="format",
        )
    if not is_valid_corporate_number(value):
        raise ValidationError(
            _("The corporate registration number %(number)s is not valid: its check digit does not match."),
            code="check_digit",
            params={"number": format_corporate_number(value)},
        )


class _FormattedNumberField(forms.CharField):
    validator = staticmethod(validate_business_number)
    formatter = staticmethod(format_business_number)
    placeholder = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("placeholder", self.placeholder)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        self.validator(value)
        return self.formatter(value)


class BusinessNumberField(_FormattedNumberField):
    """A form field for a business registration number; cleans to ``123-45-67891``."""

    validator = staticmethod(validate_business_number)
    formatter = staticmethod(format_business_number)
    placeholder = "123-45-67891"


class CorporateNumberField(_FormattedNumberField):
    """A form field for a corporate registration number; cleans to ``110111-0062432``."""

    validator = staticmethod(validate_corporate_number)
    formatter = staticmethod(format_corporate_number)
    placeholder = "110111-0062432"
