from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "portal.health"
    label = "health"
    verbose_name = _("Health")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from .requestid import enter_request, leave_request

        request_started.connect(enter_request, dispatch_uid="portal.health.request_id_start")
        request_finished.connect(leave_request, dispatch_uid="portal.health.request_id_finish")
