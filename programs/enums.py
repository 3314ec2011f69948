"""Fixed sets of the programs app. Code holds the rule *types*; the numbers are per-call data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgramCode(models.TextChoices):
    HVC = "hvc", _("High value-added conversion support")
    ITD = "itd", _("Innovative technology development support")


class CallStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("call status", "Draft")
    PUBLISHED = "published", pgettext_lazy("call status", "Published")
    CLOSED = "closed", pgettext_lazy("call status", "Closed")


class SiteKind(models.TextChoices):
    HEAD_OFFICE = "head_office", _("Head office")
    FACTORY = "factory", _("Factory")
    LAB = "lab", _("Research lab")


class DocumentType(models.TextChoices):
    """Documents a company may have to show; the vault (applications app) stores them by this type."""

    BUSINESS_REGISTRATION = "business_registration", _("Business registration certificate")
    SME_CERTIFICATE = "sme_certificate", _("SME confirmation certificate")
    INSURANCE_REGISTER = "insurance_register", _("Social-insurance enrollee register")
    NATIONAL_TAX_CLEARANCE = "national_tax_clearance", _("National tax payment certificate")
    LOCAL_TAX_CLEARANCE = "local_tax_clearance", _("Local tax payment certificate")
    FINANCIAL_STATEMENTS = "financial_statements", _("Financial statements")
    FACTORY_REGISTRATION = "factory_registration", _("Factory registration certificate")
    LAB_CERTIFICATE = "lab_certificate", _("Research lab recognition certificate")
    CREDIT_REPORT = "credit_report", _("Credit report (no default)")
    PARTICIPATION_PLEDGE = "participation_pledge", _("Pledge of no participation sanction or duplicate funding")
    OTHER = "other", _("Other document")


class RuleType(models.TextChoices):
    LOCATION = "location", _("Located in Yeongcheon-si")
    LOCATED_MIN_YEARS = "located_min_years", _("Minimum time located in Yeongcheon-si")
    EMPLOYEES_MIN = "employees_min", _("Regular employees: minimum")
    EMPLOYEES_MAX = "employees_max", _("Regular employees: maximum")
    MANUFACTURING = "manufacturing", _("Manufacturer (KSIC section C)")
    SME_SIZE = "sme_size", _("SME by industry revenue band")
    BUSINESS_ACTIVE = "business_active", _("Business active (not suspended or closed)")
    NO_TAX_ARREARS = "no_tax_arrears", _("No unpaid national or local taxes")
    NO_FINANCIAL_DEFAULT = "no_financial_default", _("No default with financial institutions")
    NO_SANCTION = "no_sanction", _("No participation sanction")
    NO_DUPLICATE_FUNDING = "no_duplicate_funding", _("Same task not funded twice")
    FOUNDED_BEFORE = "founded_before", _("Founded before a date")
    MAX_CONCURRENT_TASKS = "max_concurrent_tasks", _("At most N concurrent supported tasks")


class Outcome(models.TextChoices):
    PASS = "pass", _("Meets")
    FAIL = "fail", _("Does not meet")
    UNKNOWN = "unknown", _("Evidence needed")


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    NEEDS_EVIDENCE = "needs_evidence", _("Evidence needed")


class BusinessStatus(models.TextChoices):
    """The National Tax Service status codes (01, 02, 03)."""

    ACTIVE = "01", pgettext_lazy("business status", "Active")
    SUSPENDED = "02", pgettext_lazy("business status", "Suspended")
    CLOSED = "03", pgettext_lazy("business status", "Closed")
