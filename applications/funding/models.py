"""The money of a project after its agreement: payments (사업비 지급) per agreed support item, the company's
settlement (정산) per line with its receipts and the staff's review of it, and refunds (환수) with their
repayments. Amounts are KRW integers (won). Payments are never edited: a wrong one is voided with a reason, and
the row stays.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.agreements.models import Agreement
from applications.models.documents import vault_storage
from programs.models import SupportItem


def payment_upload_to(instance: "Payment", filename: str) -> str:
    return f"funding/{instance.agreement_id}/payments/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


def receipt_upload_to(instance: "SettlementReceipt", filename: str) -> str:
    return f"funding/receipts/{instance.line_id}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


def repayment_upload_to(instance: "Repayment", filename: str) -> str:
    return f"funding/refunds/{instance.refund_id}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class StoredFile(models.Model):
    """A checked upload (``applications.uploads.check_upload``): its original name and SHA-256 beside it."""

    file_name = models.CharField(_("original file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    file_type = models.CharField(_("content type"), max_length=100, blank=True)

    class Meta:
        abstract = True


class Payment(StoredFile):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="payments", verbose_name=_("agreement")
    )
    support_item = models.ForeignKey(
        SupportItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("support item")
    )
    tranche = models.PositiveSmallIntegerField(_("tranche"))
    paid_on = models.DateField(_("paid on"))
    amount_krw = models.PositiveBigIntegerField(_("amount (KRW)"))
    evidence = models.FileField(
        _("evidence"), upload_to=payment_upload_to, storage=vault_storage, blank=True, max_length=255
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
    )
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["agreement", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_krw__gt=0), name="funding_payment_amount_positive"),
            models.CheckConstraint(condition=models.Q(tranche__gte=1), name="funding_payment_tranche_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} #{self.tranche}: {self.amount_krw:,}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class SettlementState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("settlement", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("settlement", "Submitted, waiting for review")
    RETURNED = "returned", pgettext_lazy("settlement", "Returned for revision")
    REVIEWED = "reviewed", pgettext_lazy("settlement", "Reviewed")


class Settlement(models.Model):
    """The company's settlement of its agreement: one per agreement, drafted, submitted, returned and submitted
    again, until staff finish the review."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.PROTECT, related_name="settlement", verbose_name=_("agreement")
    )
    state = models.CharField(_("state"), max_length=16, choices=SettlementState.choices, default=SettlementState.DRAFT)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    return_comment = models.TextField(_("comment for the revision"), max_length=4000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.state}"

    @property
    def editable(self) -> bool:
        return self.state in (SettlementState.DRAFT, SettlementState.RETURNED)


class SettlementLine(models.Model):
    """What the company spent on one agreed support item, and what staff accepted of the city support."""

    settlement = models.ForeignKey(
        Settlement, on_delete=models.CASCADE, related_name="lines", verbose_name=_("settlement")
    )
    support_item = models.ForeignKey(
        SupportItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("support item")
    )
    city_spent_krw = models.PositiveBigIntegerField(_("city support spent (KRW)"), default=0)
    cash_spent_krw = models.PositiveBigIntegerField(_("company cash spent (KRW)"), default=0)
    inkind_spent_krw = models.PositiveBigIntegerField(_("company in-kind spent (KRW)"), default=0)
    accepted_city_krw = models.PositiveBigIntegerField(_("city support accepted (KRW)"), null=True, blank=True)
    disallow_reason = models.TextField(_("reason for disallowing"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        ordering = ["settlement", "support_item__order", "support_item_id"]
        constraints = [
            models.UniqueConstraint(fields=["settlement", "support_item"], name="funding_settlement_line_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.settlement_id}/{self.support_item_id}"

    @property
    def has_spending(self) -> bool:
        return bool(self.city_spent_krw or self.cash_spent_krw or self.inkind_spent_krw)


class SettlementReceipt(StoredFile):
    line = models.ForeignKey(
        SettlementLine, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("settlement line")
    )
    file = models.FileField(_("receipt"), upload_to=receipt_upload_to, storage=vault_storage, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return self.file_name


class SettlementEvent(models.Model):
    """The history of a settlement: submitted, returned (with the comment), reviewed."""

    settlement = models.ForeignKey(
        Settlement, on_delete=models.CASCADE, related_name="history", verbose_name=_("settlement")
    )
    state = models.CharField(_("state"), max_length=16, choices=SettlementState.choices)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("settlement history entry")
        verbose_name_plural = _("settlement history")
        ordering = ["settlement", "at", "id"]

    def __str__(self) -> str:
        return f"{self.settlement_id}: {self.state}"


class RefundKind(models.TextChoices):
    SETTLEMENT = "settlement", pgettext_lazy("refund kind", "Settlement")
    CANCELLATION = "cancellation", pgettext_lazy("refund kind", "Cancellation")


class Refund(models.Model):
    """Support to be paid back (환수): open until the repayments reach the amount."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("agreement")
    )
    kind = models.CharField(_("reason kind"), max_length=16, choices=RefundKind.choices)
    amount_krw = models.PositiveBigIntegerField(_("amount (KRW)"))
    reason = models.TextField(_("reason"), max_length=4000, blank=True)
    due_on = models.DateField(_("due date"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    assessed_at = models.DateTimeField(_("assessed"), default=timezone.now)
    repaid_on = models.DateField(_("repaid in full on"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["agreement", "assessed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_krw__gt=0), name="funding_refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.kind}: {self.amount_krw:,}"

    @property
    def is_open(self) -> bool:
        return self.repaid_on is None


class Repayment(StoredFile):
    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("refund"))
    paid_on = models.DateField(_("paid on"))
    amount_krw = models.PositiveBigIntegerField(_("amount (KRW)"))
    evidence = models.FileField(
        _("evidence"), upload_to=repayment_upload_to, storage=vault_storage, blank=True, max_length=255
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["refund", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_krw__gt=0), name="funding_repayment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.refund_id}: {self.amount_krw:,}"
