from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearendConfig(AppConfig):
    name = "reports.yearend"
    label = "yearend"
    verbose_name = _("Year-end report")
