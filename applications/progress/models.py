"""The progress of a running project (사업 진행): an interim and a final report per application, each with its
text, an answer per agreed milestone (done or not, a note, an evidence file) and extra files; staff accept a
submitted report or return it with a comment, and every submission, return and acceptance stays in its history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.enums import FileKind
from applications.models import Application
from applications.models.documents import vault_storage


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Interim report")
    FINAL = "final", _("Final report")


class ReportState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("progress report", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("progress report", "Submitted, awaiting review")
    RETURNED = "returned", pgettext_lazy("progress report", "Returned for revision")
    ACCEPTED = "accepted", pgettext_lazy("progress report", "Accepted")


# The company may edit a report in these states; staff act on a submitted one.
EDITABLE_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})


class ProgressReport(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="progress_reports", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ReportKind.choices)
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    work_done = models.TextField(_("what was done"), max_length=8000, blank=True)
    results = models.TextField(_("results"), max_length=8000, blank=True)
    problems_plans = models.TextField(_("problems and plans"), max_length=8000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("saved by")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="progress_report_one_per_kind"),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="progress_report_state_idx")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def latest_event(self) -> "ReportEvent | None":
        """The last step of the review loop (uses ``events`` when prefetched)."""
        events = list(self.events.all())
        return events[-1] if events else None


class MilestoneAnswer(models.Model):
    """The company's answer for one milestone of the confirmed agreement. The title and due date are copied so
    that the report reads the same after a later change of the agreement."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="answers", verbose_name=_("progress report")
    )
    milestone = models.ForeignKey(
        "agreements.AgreementMilestone",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("agreed milestone"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("milestone answer")
        verbose_name_plural = _("milestone answers")
        ordering = ["report", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def evidence(self) -> "ReportFile | None":
        """The evidence file (uses ``files`` when prefetched)."""
        files = list(self.files.all())
        return files[0] if files else None


def report_file_upload_to(instance: "ReportFile", filename: str) -> str:
    return f"progress/{instance.report_id}/{uuid.uuid4().hex}"


class ReportFile(models.Model):
    """A file of a report: the evidence of one milestone (``answer`` set) or an extra file (``answer`` empty)."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("progress report")
    )
    answer = models.ForeignKey(
        MilestoneAnswer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
        verbose_name=_("milestone answer"),
    )
    file = models.FileField(_("file"), upload_to=report_file_upload_to, storage=vault_storage, max_length=255)
    original_filename = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    file_kind = models.CharField(_("file format"), max_length=8, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_filename


class ReportAction(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("progress report action", "Submitted")
    RETURNED = "returned", pgettext_lazy("progress report action", "Returned for revision")
    ACCEPTED = "accepted", pgettext_lazy("progress report action", "Accepted")


class ReportEvent(models.Model):
    """One step of a report's review loop: who, when, what, and the staff comment."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("progress report")
    )
    action = models.CharField(_("action"), max_length=10, choices=ReportAction.choices)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("progress report history")
        verbose_name_plural = _("progress report history")
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"
