"""The agreement (협약) of a selected application: numbered versions, each with its lines per support item,
its milestones, its project period and special conditions. A version is drafted by staff, issued to the
company, and confirmed by a named member of the company (``confirmed_by``, ``confirmed_at``: the record). A
change after confirmation (변경 협약) is a new version with its reason; earlier versions stay as they were.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models import Application, BudgetLine, budget_totals
from applications.models.documents import vault_storage
from programs.models import SupportItem


class Agreement(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="agreement", verbose_name=_("application")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.application}"


def signed_pdf_upload_to(instance: "AgreementVersion", filename: str) -> str:
    return f"agreements/{instance.agreement_id}/{uuid.uuid4().hex}.pdf"


class VersionState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agreement version", "Draft")
    ISSUED = "issued", pgettext_lazy("agreement version", "Sent to the company")
    CONFIRMED = "confirmed", pgettext_lazy("agreement version", "Confirmed")


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="versions", verbose_name=_("agreement")
    )
    number = models.PositiveIntegerField(_("version"))
    starts_on = models.DateField(_("project start"), null=True, blank=True)
    ends_on = models.DateField(_("project end"), null=True, blank=True)
    special_conditions = models.TextField(_("special conditions"), max_length=4000, blank=True)
    change_reason = models.TextField(_("reason for the change"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("sent by")
    )
    issued_at = models.DateTimeField(_("sent to the company"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    signed_pdf = models.FileField(
        _("signed agreement (PDF)"), upload_to=signed_pdf_upload_to, storage=vault_storage, blank=True, max_length=255
    )
    signed_pdf_name = models.CharField(_("original file name"), max_length=255, blank=True)
    signed_pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_number_unique"),
            models.CheckConstraint(
                condition=models.Q(confirmed_at=None) | models.Q(issued_at__isnull=False),
                name="agreement_version_confirmed_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} v{self.number}"

    @property
    def state(self) -> VersionState:
        if self.confirmed_at:
            return VersionState.CONFIRMED
        if self.issued_at:
            return VersionState.ISSUED
        return VersionState.DRAFT

    @property
    def state_label(self) -> str:
        return str(self.state.label)

    @property
    def is_change(self) -> bool:
        return self.number > 1

    def totals(self) -> dict[str, int]:
        """Sums over the lines (uses ``lines`` when prefetched)."""
        return budget_totals(self.lines.all())


class AgreementItem(BudgetLine):
    """The agreed support of one support item, in won."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="lines", verbose_name=_("agreement version")
    )
    support_item = models.ForeignKey(
        SupportItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("support item")
    )

    class Meta:
        verbose_name = _("agreed support item")
        verbose_name_plural = _("agreed support items")
        ordering = ["version", "support_item__order", "support_item_id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "support_item"], name="agreement_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.support_item_id}: {self.city_support_krw:,}"


class AgreementMilestone(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("agreement version")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    deliverable = models.CharField(_("deliverable"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agreed milestone")
        verbose_name_plural = _("agreed milestones")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.title
