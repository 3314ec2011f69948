from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "applications.funding"
    label = "funding"
    verbose_name = _("Payments and settlement")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .events import events_register

        events_register()
