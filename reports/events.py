"""The notifications of the reports app, declared in ``ReportsConfig.ready()``; see ``docs/events.md``."""

from django.utils.translation import gettext_lazy as _

from applications.events import COMPANY
from portal.notifications.events import Event, register_events

EVENTS = (
    # Declared now (its templates exist); fires once outcome reports exist, with the application as context.
    Event("outcome_report_due", _("Outcome report due"), True, (COMPANY,)),
)


def events_register() -> None:
    register_events(*EVENTS)
