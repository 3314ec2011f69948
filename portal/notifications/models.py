"""The outbox (one ``Notification`` per recipient per channel), preferences and the runs of periodic tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import ChannelKind, JobOutcome, Status


class Notification(models.Model):
    """One message to one person on one channel: written in the transaction of the change that causes it.

    The row is the outbox entry *and*, on the in-app channel, the message itself. Subject and body are
    rendered by the worker at delivery, in the recipient's language, and kept for the record.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    event = models.CharField(_("event"), max_length=64)
    audience = models.CharField(_("audience"), max_length=32, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=ChannelKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    context_ids = models.JSONField(_("context"), default=dict, blank=True)
    # Small texts that have no row of their own (a decision's reason), already in the words of their author.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    # Indexed copy of context_ids["application"], for the staff view per application.
    application_id = models.BigIntegerField(_("application"), null=True, blank=True, db_index=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    available_at = models.DateTimeField(_("next attempt not before"), default=timezone.now)
    queued_at = models.DateTimeField(_("last queued"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("last claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "available_at"], name="notif_status_available"),
            models.Index(fields=["recipient", "channel", "status", "read_at"], name="notif_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notifications_once_per_dedupe_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id} ({self.channel}, {self.status})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A person's choice for one optional event; no row means both channels are on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    event = models.CharField(_("event"), max_length=64)
    email = models.BooleanField(_("by email"), default=True)
    in_app = models.BooleanField(_("in the portal"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notifications_one_preference")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}"


class ScheduledJobRun(models.Model):
    """The last run of one periodic task, updated by the worker around every run of it."""

    task = models.CharField(_("task"), max_length=200, unique=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_outcome = models.CharField(_("last outcome"), max_length=16, choices=JobOutcome.choices, blank=True)
    last_detail = models.TextField(_("detail"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")
        ordering = ["task"]

    def __str__(self) -> str:
        return self.task
