from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "applications.outcomes"
    label = "outcomes"
    verbose_name = _("Outcome reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .events import events_register

        events_register()
