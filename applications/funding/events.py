"""The notifications of payments, settlement and refunds, declared in ``FundingConfig.ready()`` (see
``docs/events.md``). All go to the company's members and are required: they say what the company owes or
must do.

- ``settlement_returned``: staff sent the settlement back with a comment;
- ``settlement_reviewed``: staff finished the review (the accepted amounts are on the company's page);
- ``refund_assessed``: an amount to pay back (after the settlement or a cancellation), with its due date;
- ``project_cancelled``: staff cancelled the project, with the reason;
- ``settlement_due`` and ``refund_due``: daily reminders (``reminders.py``), before and after the due date.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.agreements.models import Agreement
from applications.events import COMPANY
from portal.notifications.events import Event, register_events
from portal.notifications.models import Notification
from portal.notifications.services import notify

EVENTS = (
    Event("settlement_returned", _("Settlement returned for revision"), True, (COMPANY,)),
    Event("settlement_reviewed", _("Settlement reviewed"), True, (COMPANY,)),
    Event("refund_assessed", _("Support to be refunded"), True, (COMPANY,)),
    Event("project_cancelled", _("Project cancelled"), True, (COMPANY,)),
    Event("settlement_due", _("Settlement due"), True, (COMPANY,)),
    Event("refund_due", _("Refund due"), True, (COMPANY,)),
)


def events_register() -> None:
    register_events(*EVENTS)


def company_link(application_id: int) -> str:
    return reverse("funding:company", kwargs={"pk": application_id})


def notify_funding(
    *, event: str, agreement: Agreement, params: dict[str, str] | None = None, dedupe_key: str = ""
) -> list[Notification]:
    """Inside the caller's transaction; queued on commit. The company reads its funding page."""
    return notify(
        event=event,
        context_ids={"application": agreement.application_id},
        link=company_link(agreement.application_id),
        params=params or {},
        dedupe_key=dedupe_key,
    )
