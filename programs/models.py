"""Programs, their yearly calls, the support items of a call and its eligibility rules."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import CallStatus, DocumentType, ProgramCode, RuleType


def in_language(obj: object, field: str) -> str:
    """``obj.<field>_en`` when the active language is English and it is filled, else ``<field>_ko``."""
    if (get_language() or "ko").startswith("en"):
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_ko", "")


# The outcome report figures a call may ask evidence for: ``applications.outcomes.models.FIGURES`` and
# ``rd_tasks`` (the programs app imports no domain app above it; tests/outcomes check that both lists agree).
OUTCOME_EVIDENCE_FIGURES = (
    "sales_krw",
    "exports_krw",
    "employees",
    "new_hires",
    "new_hires_local",
    "patents_filed",
    "patents_registered",
    "certifications",
    "prototypes",
    "follow_on_investment_krw",
    "rd_tasks",
)


class Program(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True, choices=ProgramCode.choices)
    letter = models.CharField(_("letter"), max_length=1, help_text=_("A or B, as the city names the programs."))
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    summary_ko = models.CharField(_("summary (Korean)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    operator_ko = models.CharField(_("operator (Korean)"), max_length=200)
    operator_en = models.CharField(_("operator (English)"), max_length=200)
    funder_ko = models.CharField(_("funder (Korean)"), max_length=200)
    funder_en = models.CharField(_("funder (English)"), max_length=200)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["letter"]

    def __str__(self) -> str:
        return f"{self.letter}. {self.name}"

    name = property(lambda self: in_language(self, "name"))
    summary = property(lambda self: in_language(self, "summary"))
    description = property(lambda self: in_language(self, "description"))
    operator = property(lambda self: in_language(self, "operator"))
    funder = property(lambda self: in_language(self, "funder"))


class Call(models.Model):
    """One yearly announcement (공고) of a program."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="calls", verbose_name=_("program"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("For example 2027-hvc."))
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    evaluation_on = models.DateField(_("evaluation committee date"), null=True, blank=True)
    results_on = models.DateField(_("results announced"), null=True, blank=True)
    agreement_due_on = models.DateField(
        _("agreement deadline"),
        null=True,
        blank=True,
        help_text=_(
            "The date by which selected companies sign the support agreement. They are reminded a few days before."
        ),
    )
    budget_krw = models.PositiveBigIntegerField(_("budget (KRW)"))
    settlement_due_days = models.PositiveSmallIntegerField(
        _("days for the final report and settlement"),
        default=30,
        validators=[MaxValueValidator(365)],
        help_text=_("Companies file the final report and the settlement within this many days of the project end."),
    )
    outcome_report_years = models.PositiveSmallIntegerField(
        _("years of outcome reports after completion"),
        default=3,
        validators=[MaxValueValidator(10)],
        help_text=_("Companies report outcomes for the year of completion and for this many years after it."),
    )
    outcome_evidence_fields = models.JSONField(
        _("outcome figures that need evidence"),
        default=list,
        blank=True,
        help_text=_("The outcome report figures for which the company attaches an evidence document."),
    )
    status = models.CharField(_("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT)
    required_documents = models.JSONField(
        _("required documents"), default=list, blank=True, help_text=_("Document type codes every applicant submits.")
    )
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-year", "program__letter"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="call_one_per_program_year"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    title = property(lambda self: in_language(self, "title"))
    description = property(lambda self: in_language(self, "description"))

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})
        unknown = [code for code in self.required_documents or [] if code not in DocumentType.values]
        if unknown:
            raise ValidationError({"required_documents": _("Unknown document types: %s") % ", ".join(unknown)})
        self.clean_outcome_settings()

    def clean_outcome_settings(self) -> None:
        """``outcome_evidence_fields``: a list of names from ``OUTCOME_EVIDENCE_FIGURES``, each once
        (``outcome_report_years`` is bounded by its validators, 0 to 10)."""
        fields = self.outcome_evidence_fields
        if fields is None:
            fields = self.outcome_evidence_fields = []
        if not isinstance(fields, list) or not all(isinstance(name, str) for name in fields):
            raise ValidationError(
                {"outcome_evidence_fields": _('Give a list of figure names, for example ["sales_krw", "rd_tasks"].')}
            )
        unknown = [name for name in fields if name not in OUTCOME_EVIDENCE_FIGURES]
        if unknown:
            raise ValidationError(
                {
                    "outcome_evidence_fields": _("Unknown outcome figures: %(unknown)s. Known: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(OUTCOME_EVIDENCE_FIGURES)}
                }
            )
        if len(set(fields)) != len(fields):
            raise ValidationError({"outcome_evidence_fields": _("Name each outcome figure once.")})

    def is_open(self, at=None) -> bool:
        """Accepting applications now: published and between its opening and closing times."""
        now = at or timezone.now()
        return self.status == CallStatus.PUBLISHED and self.opens_at <= now < self.closes_at

    def required_document_labels(self) -> list[str]:
        return [str(DocumentType(code).label) for code in self.required_documents if code in DocumentType.values]


class SupportItem(models.Model):
    """An entry of a call's support menu, with its cap and co-funding rule."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="support_items", verbose_name=_("call"))
    code = models.SlugField(_("code"), max_length=40)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    is_rnd = models.BooleanField(_("R&D"), default=False)
    max_support_krw = models.PositiveBigIntegerField(_("maximum city support per company (KRW)"))
    company_share_pct = models.DecimalField(
        # xgettext:no-python-format
        _("company co-funding share (% of the project cost)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    min_cash_pct = models.DecimalField(
        # xgettext:no-python-format
        _("minimum cash part (% of the company share)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    combinable = models.BooleanField(
        _("may be chosen together with other items"),
        default=True,
        help_text=_("Calls before 2022 allowed one item per company: there, no item is combinable."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("support item")
        verbose_name_plural = _("support items")
        ordering = ["call", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="support_item_code_unique_in_call")]

    def __str__(self) -> str:
        return self.name

    name = property(lambda self: in_language(self, "name"))


class EligibilityRule(models.Model):
    """One rule of a call: a type from a fixed set, its parameters, its evidence and its message."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="eligibility_rules", verbose_name=_("call"))
    rule_type = models.CharField(_("rule type"), max_length=32, choices=RuleType.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    evidence_document = models.CharField(
        _("evidence document"), max_length=40, choices=DocumentType.choices, blank=True
    )
    message_ko = models.CharField(_("message (Korean)"), max_length=300)
    message_en = models.CharField(_("message (English)"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["call", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_rule_type_display()}: {self.message}"

    message = property(lambda self: in_language(self, "message"))

    def clean(self) -> None:
        from .eligibility import validate_rule_params

        errors = validate_rule_params(self.rule_type, self.params)
        if errors:
            raise ValidationError({"params": errors})
