"""Fixed sets of the notifications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("Email")
    IN_APP = "in_app", _("In-app")
    LOG = "log", _("Log (SMS and KakaoTalk placeholder)")


class Status(models.TextChoices):
    PENDING = "pending", pgettext_lazy("notification status", "Pending")
    SENDING = "sending", pgettext_lazy("notification status", "Sending")
    SENT = "sent", pgettext_lazy("notification status", "Sent")
    FAILED = "failed", pgettext_lazy("notification status", "Failed")


class JobOutcome(models.TextChoices):
    RUNNING = "running", pgettext_lazy("job outcome", "Running")
    SUCCEEDED = "succeeded", pgettext_lazy("job outcome", "Succeeded")
    FAILED = "failed", pgettext_lazy("job outcome", "Failed")
