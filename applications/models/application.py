"""A company's application to a call: its items and budget, plan, outcomes, attachments, history and receipt."""

import uuid
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.enums import DocumentType
from programs.models import Call, SupportItem

from ..enums import FileKind
from ..workflow import STATUS_TEXT, ApplicationStatus
from .company import Company
from .documents import VaultDocument, vault_storage

MAX_MILESTONES = 8
MILESTONE_KEYS = ("title", "starts_on", "ends_on", "deliverable")


class SnapshotFrozenError(ValidationError):
    """Raised when code tries to change the snapshot of a submitted application."""


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def validate_milestones(value: object) -> None:
    """A list of at most 8 ``{"title", "starts_on", "ends_on", "deliverable"}`` with ISO dates. A draft keeps a
    milestone as typed: a missing title or an end before the start is a problem of the draft
    (``applications.presubmission.milestone_problems``) that blocks only the submission."""
    if not isinstance(value, list) or len(value) > MAX_MILESTONES:
        raise ValidationError(_("Give at most %(max)d milestones.") % {"max": MAX_MILESTONES}, code="milestones")
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != set(MILESTONE_KEYS):
            raise ValidationError(_("Each milestone needs a title, dates and a deliverable."), code="milestone")
        if not isinstance(entry["title"], str) or len(entry["title"]) > 200:
            raise ValidationError(_("A milestone title may have at most 200 characters."), code="title")
        if not isinstance(entry["deliverable"], str) or len(entry["deliverable"]) > 300:
            raise ValidationError(_("A deliverable may have at most 300 characters."), code="deliverable")
        starts, ends = _parse_date(entry["starts_on"]), _parse_date(entry["ends_on"])
        if (entry["starts_on"] and starts is None) or (entry["ends_on"] and ends is None):
            raise ValidationError(_("Milestone dates must be dates (YYYY-MM-DD)."), code="milestone_date")


class Application(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="applications", verbose_name=_("company")
    )
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    status = models.CharField(
        _("status"), max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )

    project_title = models.CharField(_("project title"), max_length=200, blank=True)
    project_summary = models.TextField(_("project summary"), max_length=2000, blank=True)
    current_state = models.TextField(_("current state"), max_length=4000, blank=True)
    objective = models.TextField(_("objective"), max_length=4000, blank=True)
    milestones = models.JSONField(_("milestones"), default=list, blank=True, validators=[validate_milestones])

    uses_experts = models.BooleanField(_("uses outside experts"), default=False)
    expert_field = models.CharField(_("field of the experts"), max_length=200, blank=True)
    expert_name = models.CharField(_("expert or institute"), max_length=200, blank=True)

    expected_sales_krw = models.PositiveBigIntegerField(_("expected new sales (KRW)"), null=True, blank=True)
    expected_hires = models.PositiveIntegerField(_("expected hires"), null=True, blank=True)
    expected_patents = models.PositiveIntegerField(_("expected patents"), null=True, blank=True)
    expected_certifications = models.PositiveIntegerField(_("expected certifications"), null=True, blank=True)
    expected_exports_krw = models.PositiveBigIntegerField(_("expected exports (KRW)"), null=True, blank=True)

    declares_no_tax_arrears = models.BooleanField(_("declares no unpaid taxes"), default=False)
    declares_no_duplicate_funding = models.BooleanField(_("declares no duplicate funding"), default=False)
    declares_truthful = models.BooleanField(_("declares the application truthful"), default=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every save; an older version may not overwrite a newer one.")
    )

    receipt_number = models.CharField(_("receipt number"), max_length=40, null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    completed_on = models.DateField(
        _("project completed"),
        null=True,
        blank=True,
        help_text=_("Set when staff close the project; outcome reports count their years from it."),
    )
    snapshot = models.JSONField(
        _("submitted content"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Everything as submitted, including the company profile and the eligibility result."),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "call"], name="application_one_per_company_call"),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.DRAFT) | Q(receipt_number__isnull=False) | Q(submitted_at=None),
                name="application_submitted_has_receipt",
            ),
        ]
        # The staff queue of a call (applications/review): counts per status (an index-only scan), the status
        # filter and the default and "submitted" sorts read these instead of every row of the big table.
        indexes = [
            models.Index(
                fields=["call", "status", "receipt_number"],
                condition=Q(snapshot__isnull=False),
                name="application_queue_status",
            ),
            models.Index(
                fields=["call", "receipt_number"], condition=Q(snapshot__isnull=False), name="application_queue_receipt"
            ),
            models.Index(
                fields=["call", "submitted_at"], condition=Q(snapshot__isnull=False), name="application_queue_submitted"
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number or f"{self.company_id}/{self.call_id} ({self.status})"

    def save(self, *args, **kwargs) -> None:
        """Refuse to change a snapshot once one is stored: the submitted content is immutable."""
        stored = getattr(self, "_stored_snapshot", None)
        if stored is not None and self.snapshot != stored:
            raise SnapshotFrozenError(_("The submitted content of an application cannot be changed."))
        super().save(*args, **kwargs)
        self._stored_snapshot = self.snapshot

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._stored_snapshot = instance.__dict__.get("snapshot")
        return instance

    @property
    def project_label(self) -> str:
        """How the company's lists name the project: its title, else its receipt number."""
        return self.project_title or self.receipt_number or ""

    @property
    def status_text(self):
        return STATUS_TEXT[ApplicationStatus(self.status)]

    @property
    def is_editable(self) -> bool:
        from ..workflow import EDITABLE_STATUSES

        return self.status in EDITABLE_STATUSES

    def budget_totals(self) -> dict[str, int]:
        """The sums over the chosen items (uses ``items`` when prefetched)."""
        return budget_totals(self.items.all())


class BudgetLine(models.Model):
    """The money of one support item, in won: the city's support and the company's cash and in-kind share. An
    application's chosen items and an agreement's lines are budget lines."""

    city_support_krw = models.PositiveBigIntegerField(_("city support (KRW)"), default=0)
    company_cash_krw = models.PositiveBigIntegerField(_("company cash (KRW)"), default=0)
    company_inkind_krw = models.PositiveBigIntegerField(_("company in-kind (KRW)"), default=0)

    class Meta:
        abstract = True

    @property
    def total_krw(self) -> int:
        return self.city_support_krw + self.company_cash_krw + self.company_inkind_krw


def budget_totals(lines: Iterable[BudgetLine]) -> dict[str, int]:
    """The sums over budget lines: city, cash, in-kind and their total."""
    rows = list(lines)
    city = sum(row.city_support_krw for row in rows)
    cash = sum(row.company_cash_krw for row in rows)
    inkind = sum(row.company_inkind_krw for row in rows)
    return {"city": city, "cash": cash, "inkind": inkind, "total": city + cash + inkind}


class ApplicationItem(BudgetLine):
    """A support item chosen in an application, with its budget in won."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="items", verbose_name=_("application")
    )
    support_item = models.ForeignKey(
        SupportItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("support item")
    )

    class Meta:
        verbose_name = _("chosen support item")
        verbose_name_plural = _("chosen support items")
        ordering = ["application", "support_item__order", "support_item_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "support_item"], name="application_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.support_item_id}: {self.city_support_krw:,}"


class ApplicationDocument(models.Model):
    """A vault document attached to an application, and the document type it serves there."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    document = models.ForeignKey(
        VaultDocument, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("document")
    )
    doc_type = models.CharField(_("serves as"), max_length=40, choices=DocumentType.choices)
    attached_at = models.DateTimeField(_("attached"), default=timezone.now)

    class Meta:
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")
        ordering = ["application", "doc_type"]
        constraints = [
            models.UniqueConstraint(fields=["application", "doc_type"], name="application_document_one_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}: {self.document_id}"


def application_upload_to(instance: "ApplicationFile", filename: str) -> str:
    suffix = f".{instance.file_kind}" if instance.file_kind else ""
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class ApplicationFile(models.Model):
    """A file for this application only (a quotation, a drawing …), checked like a vault upload."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="files", verbose_name=_("application")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=application_upload_to, storage=vault_storage, max_length=255)
    original_filename = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    file_kind = models.CharField(_("file format"), max_length=8, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("application file")
        verbose_name_plural = _("application files")
        ordering = ["application", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_inline(self) -> bool:
        return self.file_kind in {FileKind.PDF, FileKind.JPEG, FileKind.PNG}


class ApplicationStatusChange(models.Model):
    """One move of an application's status: who, when, from, to and why (the timeline the company sees)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("application")
    )
    from_status = models.CharField(_("from"), max_length=24, choices=ApplicationStatus.choices)
    to_status = models.CharField(_("to"), max_length=24, choices=ApplicationStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("changed by")
    )
    actor = models.CharField(_("actor"), max_length=16)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    reason = models.TextField(_("reason"), max_length=4000, blank=True)
    missing = models.JSONField(_("what is missing"), default=list, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    snapshot = models.JSONField(_("content sent with this move"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["application", "changed_at", "id"]
        indexes = [models.Index(fields=["application", "changed_at"], name="app_status_change_timeline")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class ReceiptCounter(models.Model):
    """The last receipt number given in a call; locked (select_for_update) while a submission takes the next."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="receipt_counter", verbose_name=_("call"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self) -> str:
        return f"{self.call_id}: {self.last_number}"
