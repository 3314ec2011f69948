"""The review's own rows: the queue facts of each submitted application, screening checks, internal comments and
messages to the company. The Application and its history belong to the applications app."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application
from programs.enums import DocumentType
from programs.models import Call


class EmployeeBand(models.TextChoices):
    UNDER_10 = "lt10", _("Fewer than 10")
    FROM_10 = "10-29", _("10 to 29")
    FROM_30 = "30-99", _("30 to 99")
    FROM_100 = "100+", _("100 or more")
    UNKNOWN = "unknown", pgettext_lazy("employees", "Unknown")


class QueueFacts(models.Model):
    """What the queue filters and sorts on, read once from the frozen snapshot of a submitted application.

    The snapshot never changes after submission, so these never go stale; keeping them in columns (instead of
    JSON lookups) lets the queue filter and sort 10,000 applications with plain indexes.
    """

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="queue_facts",
        verbose_name=_("application"),
    )
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+", verbose_name=_("call"))
    company_name = models.CharField(_("company name"), max_length=200)
    business_number = models.CharField(_("business registration number (digits)"), max_length=10)
    verdict = models.CharField(_("eligibility verdict"), max_length=24, blank=True)
    regular_employees = models.DecimalField(
        _("regular employees"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    employee_band = models.CharField(_("employees"), max_length=8, choices=EmployeeBand.choices)
    requested_city_krw = models.PositiveBigIntegerField(_("requested city support (KRW)"), default=0)
    missing_required = models.PositiveSmallIntegerField(_("required documents missing"), default=0)
    earliest_expiry = models.DateField(_("earliest document expiry"), null=True, blank=True)

    class Meta:
        verbose_name = _("queue facts")
        verbose_name_plural = _("queue facts")
        indexes = [
            models.Index(fields=["call", "company_name"], name="review_facts_call_company"),
            models.Index(fields=["call", "requested_city_krw"], name="review_facts_call_requested"),
            models.Index(fields=["call", "verdict"], name="review_facts_call_verdict"),
            models.Index(fields=["call", "employee_band"], name="review_facts_call_band"),
            models.Index(Upper("company_name"), name="review_facts_company_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.company_name}"


class CheckKind(models.TextChoices):
    DOCUMENT = "document", _("Required document")
    RULE = "rule", _("Eligibility rule")


class CheckResult(models.TextChoices):
    OPEN = "open", _("Not checked yet")
    CONFIRMED = "confirmed", _("Confirmed")
    MISSING = "missing", _("Missing")
    NOT_APPLICABLE = "na", _("Not applicable")


class ScreeningCheck(models.Model):
    """One line of the screening checklist (서류검토): a required document of the call or an eligibility rule."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="screening_checks", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CheckKind.choices)
    key = models.CharField(_("key"), max_length=60, help_text=_("The document type code, or rule:<n> of the rule."))
    label = models.CharField(_("item"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    result = models.CharField(_("result"), max_length=12, choices=CheckResult.choices, default=CheckResult.OPEN)
    note = models.CharField(_("note"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("screening check")
        verbose_name_plural = _("screening checks")
        ordering = ["application", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "key"], name="review_check_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.label}: {self.result}"

    @property
    def display_label(self) -> str:
        """The line in the reader's language: a document's type label; a rule's message as the company read it."""
        if self.kind == CheckKind.DOCUMENT and self.key in DocumentType.values:
            return str(DocumentType(self.key).label)
        return self.label


class InternalComment(models.Model):
    """A note among staff on an application. Never shown to the company."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="internal_comments", verbose_name=_("application")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("internal comment")
        verbose_name_plural = _("internal comments")
        ordering = ["application", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.body[:40]}"


class CompanyMessage(models.Model):
    """A message from the Technopark to the company about an application, shown on the company's pages."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="company_messages", verbose_name=_("application")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message to the company")
        verbose_name_plural = _("messages to the company")
        ordering = ["application", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
