from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "applications.progress"
    label = "progress"
    verbose_name = _("Progress reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .events import events_register

        events_register()
