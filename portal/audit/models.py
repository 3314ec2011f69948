"""The audit log: who did what, when, for the people who see other companies' data (staff, managers, experts,
city officials, administrators). One row per state-changing request and per file or export handed out; written by
``AuditMiddleware``, read by administrators on the audit page, never changed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import AuditAction


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # The user row may be deleted (retention): the email and roles stay, as they were at the time.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("user")
    )
    email = models.EmailField(_("email"), max_length=254, db_index=True)
    roles = models.CharField(_("roles"), max_length=200)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    url_name = models.CharField(_("page"), max_length=200, blank=True)
    object_ref = models.CharField(_("object"), max_length=200, blank=True)
    status = models.PositiveSmallIntegerField(_("status"))
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "-created_at"], name="audit_action_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.email} {self.method} {self.path} {self.status}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Audit entries are never changed.")
        super().save(*args, **kwargs)
