from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "reports.meetings"
    label = "meetings"
    verbose_name = _("Results meeting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .events import events_register

        events_register()
