"""The document vault: each company uploads a document once and reuses it in every application."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.enums import DocumentType

from ..enums import FileKind
from ..storage import VaultStorage
from .company import Company

EXPIRING_WITHIN = timedelta(days=30)


_storage = VaultStorage()


def vault_storage() -> VaultStorage:
    return _storage


def vault_upload_to(instance: "VaultDocument", filename: str) -> str:
    """A random name in the company's folder; the original name is kept in the row, never on disk."""
    suffix = f".{instance.file_kind}" if instance.file_kind else ""
    return f"vault/{instance.company_id}/{uuid.uuid4().hex}{suffix}"


class VaultDocument(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="documents", verbose_name=_("company"))
    doc_type = models.CharField(_("document type"), max_length=32, choices=DocumentType.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=vault_upload_to, storage=vault_storage, max_length=255)
    original_filename = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    file_kind = models.CharField(_("file format"), max_length=8, choices=FileKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("vault document")
        verbose_name_plural = _("vault documents")
        ordering = ["doc_type", "-uploaded_at", "-id"]
        indexes = [models.Index(fields=["company", "is_current", "doc_type"], name="vault_company_current")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="vault_expires_after_issued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()}: {self.title}"

    def is_expired(self, on: date | None = None) -> bool:
        """Expired when its expiry date lies before ``on`` (today in Asia/Seoul by default)."""
        on = on or timezone.localdate()
        return self.expires_on is not None and self.expires_on < on

    def is_expiring(self, on: date | None = None, within: timedelta = EXPIRING_WITHIN) -> bool:
        """Still valid on ``on`` but expiring within the next 30 days."""
        on = on or timezone.localdate()
        return self.expires_on is not None and on <= self.expires_on <= on + within

    @property
    def is_inline(self) -> bool:
        """PDFs and images open in the browser; other formats are downloaded."""
        return self.file_kind in {FileKind.PDF, FileKind.JPEG, FileKind.PNG}
