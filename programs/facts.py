"""Company facts from what a person typed: the ONE way the self-check page and the API build
``CompanyFacts``, so that both give the same verdicts for the same input.

The form and the serializer parse types (text to numbers and dates); this module checks what the
values mean (check digit, KSIC code, ranges, at most 12 months) with the engine's own validators and
raises ``FactsInvalid`` with translated messages per input field, which each caller shows next to its
own field. When both a figure of regular employees and monthly headcounts are given, the engine uses
the monthly headcounts (the auditable source).
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .eligibility import CompanyFacts
from .employees import monthly_headcount_errors, regular_employees_errors
from .enums import SiteKind
from .identifiers import format_business_number, validate_business_number
from .ksic import KsicError, parse_ksic


@dataclass
class FactsInvalid(Exception):
    """Input that cannot describe a company: messages by input field name."""

    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _business_number(value: str | None, problems: FactsInvalid) -> str | None:
    value = _text(value)
    if value is None:
        return None
    try:
        validate_business_number(value)
    except ValidationError as error:
        for message in error.messages:
            problems.add("business_number", message)
        return None
    return format_business_number(value)


def _headcounts(values: Sequence[int] | None, problems: FactsInvalid) -> tuple[int, ...] | None:
    if values is None or len(values) == 0:
        return None
    errors = monthly_headcount_errors(values)
    for message in errors:
        problems.add("monthly_headcounts", message)
    return None if errors else tuple(values)


def _ksic(value: str | None, problems: FactsInvalid) -> str | None:
    value = _text(value)
    if value is None:
        return None
    try:
        return str(parse_ksic(value))
    except KsicError as error:
        problems.add("ksic_code", str(error))
        return None


# The input field of each kind of site's address.
SITE_FIELDS = {SiteKind.HEAD_OFFICE: "address", SiteKind.FACTORY: "factory_address", SiteKind.LAB: "lab_address"}


def facts_from_input(
    *,
    address: str | None = None,
    factory_address: str | None = None,
    lab_address: str | None = None,
    absent_sites: Collection[SiteKind | str] = (),
    regular_employees: Decimal | int | None = None,
    monthly_headcounts: Sequence[int] | None = None,
    ksic_code: str | None = None,
    annual_revenue_krw: int | None = None,
    sme_certified: bool | None = None,
    located_since: date | None = None,
    business_number: str | None = None,
    ksic_revision: int | None = None,
    total_assets_krw: int | None = None,
    founded_on: date | None = None,
    as_of: date | None = None,
) -> CompanyFacts:
    """The facts of a company from typed input or its stored profile; ``None`` or blank means "not known".

    Each site (head office, factory, research lab) has an address, or is in ``absent_sites`` when the company
    says it has none, or is not known. ``as_of`` is the day the facts are judged on: today in Asia/Seoul unless
    given.
    Raises ``FactsInvalid`` when a value cannot be true of a company.
    """
    problems = FactsInvalid()
    today = as_of or timezone.localdate()

    number = _business_number(business_number, problems)
    headcounts = _headcounts(monthly_headcounts, problems)

    employees: Decimal | None = None
    if regular_employees is not None:
        errors = regular_employees_errors(regular_employees)
        for message in errors:
            problems.add("regular_employees", message)
        employees = None if errors else Decimal(str(regular_employees))

    if annual_revenue_krw is not None and annual_revenue_krw < 0:
        problems.add("annual_revenue_krw", _("The revenue cannot be negative."))

    if located_since is not None and located_since > today:
        problems.add("located_since", _("The date located in Yeongcheon cannot be in the future."))

    ksic = _ksic(ksic_code, problems)

    typed = {SiteKind.HEAD_OFFICE: address, SiteKind.FACTORY: factory_address, SiteKind.LAB: lab_address}
    addresses = {site: text for site, value in typed.items() if (text := _text(value))}
    absent = frozenset(SiteKind(site) for site in absent_sites)
    for site in absent & addresses.keys():
        problems.add(SITE_FIELDS[site], _("Give this address or choose “none”, not both."))

    if problems.errors:
        raise problems

    return CompanyFacts(
        business_number=number,
        addresses=addresses,
        absent_sites=absent,
        regular_employees=employees,
        monthly_headcounts=headcounts,
        ksic_code=ksic,
        ksic_revision=ksic_revision,
        annual_revenue_krw=annual_revenue_krw,
        total_assets_krw=total_assets_krw,
        sme_certified=sme_certified,
        located_since=located_since,
        founded_on=founded_on,
        as_of=today,
    )
