from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CHANGE = "change", _("Change (form or action)")
    EXPORT = "export", _("File or export handed out")
    ADMIN = "admin", _("Django admin")
