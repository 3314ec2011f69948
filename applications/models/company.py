"""A company's profile, its members, invitations and the history of its profile."""

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.employees import average_of_monthly, format_one_decimal
from programs.enums import SiteKind
from programs.identifiers import BusinessKind, business_number_kind, validate_business_number

from ..enums import KsicRevision, MemberRole

INVITATION_VALID_FOR = timedelta(days=7)
KSIC_REVISION_11_FROM = date(2024, 7, 1)
MONTHS = 12
# The profile fields a member may change (the business number is fixed once the company exists). The services,
# the profile form and the submitted snapshot all read this one list.
COMPANY_PROFILE_FIELDS = (
    "name",
    "representative",
    "head_office_address",
    "head_office_postcode",
    "factory_address",
    "factory_postcode",
    "lab_address",
    "lab_postcode",
    "ksic_code",
    "ksic_revision",
    "founded_on",
    "located_since",
    "headcount_year",
    "monthly_headcounts",
    "total_assets_krw",
    "sme_certificate_valid_from",
    "sme_certificate_valid_until",
    "contact_name",
    "contact_phone",
    "contact_email",
)

postcode_validator = RegexValidator(r"^\d{5}$", _("Enter a five-digit postcode, for example 38852."))


def validate_business_number_stored(value: str) -> None:
    """Model-level check of a business registration number (check digit), for every write path."""
    validate_business_number(value)


def validate_monthly_headcounts(value: object) -> None:
    """Twelve entries, January to December: a headcount (0 or more) or ``None`` for a month not operated."""
    if not isinstance(value, list) or len(value) != MONTHS:
        raise ValidationError(_("Give the headcount of each of the 12 months."), code="headcounts_length")
    for entry in value:
        if entry is None:
            continue
        if isinstance(entry, bool) or not isinstance(entry, int) or entry < 0:
            raise ValidationError(_("Each monthly headcount must be a whole number, 0 or more."), code="headcount")


def empty_headcounts() -> list:
    return [None] * MONTHS


def average_headcount(headcounts: list | None) -> Decimal | None:
    """Regular employees (상시근로자): the sum of month-end headcounts divided by the months operated (exact).

    A month left empty (``None``) was not operated; a company that operated all year divides by 12. The
    figure is the one the eligibility engine compares with a threshold (``programs.employees``).
    """
    operated = [count for count in headcounts or [] if count is not None]
    if not operated:
        return None
    return average_of_monthly(operated)


class Company(models.Model):
    business_number = models.CharField(
        _("business registration number"),
        max_length=12,
        unique=True,
        validators=[validate_business_number_stored],
        help_text=_("Ten digits, stored as 123-45-67891."),
    )
    name = models.CharField(_("company name"), max_length=200)
    representative = models.CharField(_("representative"), max_length=100)

    head_office_address = models.CharField(_("head office address"), max_length=300, blank=True)
    head_office_postcode = models.CharField(
        _("head office postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    factory_address = models.CharField(_("factory address"), max_length=300, blank=True)
    factory_postcode = models.CharField(
        _("factory postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    lab_address = models.CharField(_("research lab address"), max_length=300, blank=True)
    lab_postcode = models.CharField(
        _("research lab postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )

    ksic_code = models.CharField(
        _("KSIC code"),
        max_length=6,
        blank=True,
        help_text=_("Korean Standard Industrial Classification, e.g. C29 or 29111."),
    )
    ksic_revision = models.PositiveSmallIntegerField(
        _("KSIC revision"), choices=KsicRevision.choices, null=True, blank=True
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    located_since = models.DateField(_("located in Yeongcheon since"), null=True, blank=True)

    headcount_year = models.PositiveSmallIntegerField(
        _("year of the monthly headcounts"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    monthly_headcounts = models.JSONField(
        _("month-end headcounts"),
        default=empty_headcounts,
        blank=True,
        validators=[validate_monthly_headcounts],
        help_text=_("Regular employees on the last day of each month, January to December; empty when not operated."),
    )
    total_assets_krw = models.PositiveBigIntegerField(_("total assets (KRW)"), null=True, blank=True)
    sme_certificate_valid_from = models.DateField(_("SME certificate valid from"), null=True, blank=True)
    sme_certificate_valid_until = models.DateField(_("SME certificate valid until"), null=True, blank=True)

    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_number})"

    @property
    def business_kind(self) -> BusinessKind | None:
        """What digits 4-5 of the number say: individual, corporation, branch, non-profit …"""
        try:
            return business_number_kind(self.business_number)
        except ValueError:
            return None

    @property
    def regular_employees(self) -> Decimal | None:
        return average_headcount(self.monthly_headcounts)

    @property
    def regular_employees_display(self) -> str:
        """The average with one decimal, rounded down (29.96 shows as 29.9, never 30.0)."""
        average = self.regular_employees
        return "" if average is None else format_one_decimal(average)

    @property
    def months_operated(self) -> int:
        return sum(1 for count in self.monthly_headcounts or [] if count is not None)

    def addresses(self) -> dict[SiteKind, str]:
        """The filled addresses by kind of site."""
        found = {
            SiteKind.HEAD_OFFICE: self.head_office_address,
            SiteKind.FACTORY: self.factory_address,
            SiteKind.LAB: self.lab_address,
        }
        return {kind: address for kind, address in found.items() if address}

    def recent_revenues(self) -> list["CompanyRevenue"]:
        """The latest three years of revenue, newest first (uses ``revenues`` when prefetched)."""
        return sorted(self.revenues.all(), key=lambda row: row.year, reverse=True)[:3]

    @property
    def average_revenue_krw(self) -> int | None:
        rows = self.recent_revenues()
        if not rows:
            return None
        return sum(row.amount_krw for row in rows) // len(rows)

    def sme_certificate_valid(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        start, end = self.sme_certificate_valid_from, self.sme_certificate_valid_until
        return bool(end and end >= on and (start is None or start <= on))

    def to_facts(self, *, on: date | None = None):
        """The company's facts for the eligibility engine (see ``applications.selectors.company_facts``)."""
        from ..selectors import company_facts

        return company_facts(company=self, on=on)


class CompanyRevenue(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="revenues", verbose_name=_("company"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    amount_krw = models.PositiveBigIntegerField(_("revenue (KRW)"))

    class Meta:
        verbose_name = _("annual revenue")
        verbose_name_plural = _("annual revenues")
        ordering = ["company", "-year"]
        constraints = [models.UniqueConstraint(fields=["company", "year"], name="company_revenue_unique_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount_krw:,}"


class CompanyMember(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="members", verbose_name=_("company"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_membership",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("company member")
        verbose_name_plural = _("company members")
        ordering = ["company", "joined_at", "id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.company.name}"

    @property
    def is_owner(self) -> bool:
        return self.role == MemberRole.OWNER


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> "timezone.datetime":
    return timezone.now() + INVITATION_VALID_FOR


class CompanyInvitation(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("company")
    )
    email = models.EmailField(_("email address"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.company.name}"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and not self.is_expired()


class CompanyProfileChange(models.Model):
    """One change of a company's profile: who, when, and each changed field's old and new value."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="profile_changes", verbose_name=_("company")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changes = models.JSONField(_("changes"), default=dict, help_text=_('{"field": {"old": …, "new": …}}'))

    class Meta:
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.company_id} @ {self.changed_at:%Y-%m-%d %H:%M}"
