"""Outcome reports (성과조사): what a supported company reports for the year its project was completed and for
each of the call's ``outcome_report_years`` after it. One report per project and year. The baseline ("before
support") is copied from the frozen application when the report is created, so that sums over many reports are
one query. Only verified reports count anywhere (``state == VERIFIED``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application
from applications.models.documents import vault_storage


class ReportState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("outcome report", "Not submitted")
    SUBMITTED = "submitted", pgettext_lazy("outcome report", "Submitted")
    RETURNED = "returned", pgettext_lazy("outcome report", "Returned with questions")
    VERIFIED = "verified", pgettext_lazy("outcome report", "Verified")


class ReportSource(models.TextChoices):
    PORTAL = "portal", _("Filed in the portal")
    IMPORT = "import", _("Imported from past records")


# The figures of a report, in the order forms and tables show them.
FIGURES = (
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
)


class OutcomeReport(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="outcome_reports", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(_("year reported"))
    due_on = models.DateField(_("due date"))
    state = models.CharField(_("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    source = models.CharField(_("source"), max_length=16, choices=ReportSource.choices, default=ReportSource.PORTAL)

    # Before support, from the frozen application (the latest revenue year and the regular employees).
    baseline_sales_krw = models.PositiveBigIntegerField(_("sales before support (KRW)"), null=True, blank=True)
    baseline_employees = models.DecimalField(
        _("regular employees before support"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    sales_krw = models.PositiveBigIntegerField(_("sales (KRW)"), null=True, blank=True)
    exports_krw = models.PositiveBigIntegerField(_("exports (KRW)"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees at year end"), null=True, blank=True)
    new_hires = models.PositiveIntegerField(_("new hires"), null=True, blank=True)
    new_hires_local = models.PositiveIntegerField(_("of which Yeongcheon residents"), null=True, blank=True)
    patents_filed = models.PositiveIntegerField(_("patents filed"), null=True, blank=True)
    patents_registered = models.PositiveIntegerField(_("patents registered"), null=True, blank=True)
    certifications = models.PositiveIntegerField(_("certifications"), null=True, blank=True)
    prototypes = models.PositiveIntegerField(_("prototypes"), null=True, blank=True)
    follow_on_investment_krw = models.PositiveBigIntegerField(_("follow-on investment (KRW)"), null=True, blank=True)
    note = models.TextField(_("remarks"), max_length=4000, blank=True)
    # Figures that passed the hard limits but look unlikely (e.g. more than 100 times the baseline): field names.
    flags = models.JSONField(_("figures flagged for a second look"), default=list, blank=True)

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("outcome report")
        verbose_name_plural = _("outcome reports")
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="outcome_report_one_per_year"),
            models.CheckConstraint(
                condition=~models.Q(state="verified") | models.Q(verified_at__isnull=False),
                name="outcome_report_verified_has_time",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="outcome_report_state_due")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.year}"


class OutcomeRdTask(models.Model):
    """A national R&D task won after the support (name, agency, amount)."""

    report = models.ForeignKey(
        OutcomeReport, on_delete=models.CASCADE, related_name="rd_tasks", verbose_name=_("outcome report")
    )
    name = models.CharField(_("task name"), max_length=300)
    agency = models.CharField(_("agency"), max_length=200)
    amount_krw = models.PositiveBigIntegerField(_("amount (KRW)"))

    class Meta:
        verbose_name = _("national R&D task won")
        verbose_name_plural = _("national R&D tasks won")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.name


def evidence_upload_to(instance: "OutcomeEvidence", filename: str) -> str:
    return f"outcomes/{instance.report_id}/{uuid.uuid4().hex}"


class OutcomeEvidence(models.Model):
    """An evidence document for one figure of a report (tax invoices, registers, certificates)."""

    report = models.ForeignKey(
        OutcomeReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("outcome report")
    )
    figure = models.CharField(_("figure"), max_length=40)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, storage=vault_storage, max_length=255)
    original_filename = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("outcome evidence")
        verbose_name_plural = _("outcome evidence")
        ordering = ["report", "figure", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.figure}"


class ReportAction(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("outcome report action", "Submitted")
    RETURNED = "returned", pgettext_lazy("outcome report action", "Returned with questions")
    VERIFIED = "verified", pgettext_lazy("outcome report action", "Verified")
    REOPENED = "reopened", pgettext_lazy("outcome report action", "Reopened by staff")


class OutcomeReportChange(models.Model):
    """One step of a report's history: who submitted, returned (with the questions), verified or reopened (with
    the reason) it, and when. Written by the services in the same transaction as the change."""

    report = models.ForeignKey(
        OutcomeReport, on_delete=models.CASCADE, related_name="changes", verbose_name=_("outcome report")
    )
    action = models.CharField(_("action"), max_length=16, choices=ReportAction.choices)
    from_state = models.CharField(_("from"), max_length=16, choices=ReportState.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=ReportState.choices)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    flags = models.JSONField(_("figures flagged for a second look"), default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("outcome report change")
        verbose_name_plural = _("outcome report changes")
        ordering = ["report", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"
