"""Korean Standard Industrial Classification (KSIC, 한국표준산업분류) codes.

A company writes its industry as "C25", "25", "25112", "C 25112" or "c-25112": an optional section letter
and 2 to 5 digits, of which the first two are the division. The section follows from the division (the
letter, when given, must agree with it). Divisions 10-34 form section C, manufacturing; they are the same
in the 10th and the 11th revision (in force from 2024-07-01), so the revision does not change a verdict here.

The SME revenue bands (중소기업기본법 시행령 별표 1) are per manufacturing division, as DOMAIN.md lists them.
For other sections no band is held here: the SME rule then asks for the SME confirmation certificate.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BILLION = 1_000_000_000

# (section, first division, last division) of the 10th/11th revision.
SECTIONS: tuple[tuple[str, int, int], ...] = (
    ("A", 1, 3),
    ("B", 5, 8),
    ("C", 10, 34),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 42),
    ("G", 45, 47),
    ("H", 49, 52),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 70, 73),
    ("N", 74, 76),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 87),
    ("R", 90, 91),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
_SECTION_OF_DIVISION = {d: s for s, first, last in SECTIONS for d in range(first, last + 1)}

MANUFACTURING_SECTION = "C"
MANUFACTURING_DIVISIONS = (10, 34)

# 3-year average revenue cap per manufacturing division, in KRW (at or below the cap is SME-sized).
_BANDS = {
    150: (14, 15, 17, 24, 28, 32),
    100: (10, 12, 13, 16, 19, 20, 22, 25, 26, 29, 30, 31),
    80: (11, 18, 21, 23, 27, 33),
    60: (34,),
}
REVENUE_CAP_BY_DIVISION: dict[int, int] = {d: billions * BILLION for billions, ds in _BANDS.items() for d in ds}
TOTAL_ASSETS_CAP_KRW = 500 * BILLION  # total assets must be under this

_PATTERN = re.compile(r"^\s*([A-Za-z])?[\s\-.]*(\d{1,5})\s*$")
_LETTER_ONLY = re.compile(r"^\s*[A-Za-z]\s*$")


class KsicError(ValueError):
    """A KSIC code that cannot be read; ``str(error)`` is a translated message for the user."""

    def __init__(self, message: str):
        super().__init__(message)


@dataclass(frozen=True)
class KsicCode:
    section: str  # "C"
    division: int  # 25
    digits: str  # "25112": what was given, 2 to 5 digits

    def __str__(self) -> str:
        return f"{self.section}{self.digits}"

    @property
    def is_manufacturing(self) -> bool:
        return self.section == MANUFACTURING_SECTION

    @property
    def revenue_cap_krw(self) -> int | None:
        """The SME revenue band of this division, or None when no band is held for it."""
        return REVENUE_CAP_BY_DIVISION.get(self.division)


def parse_ksic(value: object) -> KsicCode:
    """Read a KSIC code; raise :class:`KsicError` with a translated message for anything else."""
    text = "" if value is None else str(value)
    if not text.strip():
        raise KsicError(_("Enter a KSIC code, for example C25 or 25112."))
    if _LETTER_ONLY.match(text):
        raise KsicError(
            _("The KSIC code “%(code)s” has a section letter but no division: add the two-digit division, e.g. C25.")
            % {"code": text.strip()}
        )
    match = _PATTERN.match(text)
    if not match:
        raise KsicError(
            _("“%(code)s” is not a KSIC code: write a section letter and 2 to 5 digits, for example C25 or 25112.")
            % {"code": text.strip()}
        )
    letter, digits = match.groups()
    if len(digits) < 2:
        raise KsicError(
            _("The KSIC code “%(code)s” is too short: the division has two digits, e.g. 05 or 25.")
            % {"code": text.strip()}
        )
    division = int(digits[:2])
    section = _SECTION_OF_DIVISION.get(division)
    if section is None:
        raise KsicError(_("There is no KSIC division %(division)s.") % {"division": digits[:2]})
    if letter and letter.upper() != section:
        raise KsicError(
            _("KSIC division %(division)s belongs to section %(section)s, not %(letter)s.")
            % {"division": digits[:2], "section": section, "letter": letter.upper()}
        )
    return KsicCode(section=section, division=division, digits=digits)


def try_parse_ksic(value: object) -> KsicCode | None:
    try:
        return parse_ksic(value)
    except KsicError:
        return None


def validate_ksic_code(value: object) -> None:
    """Django validator around :func:`parse_ksic`."""
    try:
        parse_ksic(value)
    except KsicError as error:
        raise ValidationError(str(error), code="ksic") from error
