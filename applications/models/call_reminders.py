"""A company's wish to be told when a call opens and before it closes (``applications.reminders``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import Call

from .company import Company


class CallReminderSubscription(models.Model):
    """A company asked to be told when a call opens and before it closes."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="call_reminder_subscriptions", verbose_name=_("company")
    )
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="reminder_subscriptions", verbose_name=_("call")
    )
    subscribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subscribed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("call reminder subscription")
        verbose_name_plural = _("call reminder subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["company", "call"], name="applications_one_subscription_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} → {self.call_id}"
