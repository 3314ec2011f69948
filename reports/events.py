"""The notifications of the reports app, declared in ``ReportsConfig.ready()``; see ``docs/events.md``.

The outcome reports' events (``outcome_report_due`` and the others) moved to ``applications/outcomes/events.py``,
the app that sends them.
"""

from portal.notifications.events import register_events

EVENTS = ()


def events_register() -> None:
    register_events(*EVENTS)
