"""The notifications of the agreements, declared in ``AgreementsConfig.ready()`` (see ``docs/events.md``).

``agreement_issued`` tells the company's members that a version waits for their confirmation (required: the
project cannot start without it); ``agreement_confirmed`` tells staff who confirmed it.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.events import COMPANY
from portal.notifications.events import STAFF, Event, register_context, register_events
from portal.notifications.models import Notification
from portal.notifications.services import notify

from .models import AgreementVersion

EVENTS = (
    Event("agreement_issued", _("Agreement sent for confirmation"), True, (COMPANY,)),
    Event("agreement_confirmed", _("Agreement confirmed by the company"), False, (STAFF,)),
)


def events_register() -> None:
    register_events(*EVENTS)
    register_context("agreement_version", AgreementVersion.objects.select_related("confirmed_by"))


def notify_agreement(*, event: str, version: AgreementVersion) -> list[Notification]:
    """Inside the caller's transaction; queued on commit."""
    application_id = version.agreement.application_id
    return notify(
        event=event,
        context_ids={"application": application_id, "agreement_version": version.pk},
        link=reverse("applications:agreement", kwargs={"pk": application_id}),
        audience_links={"staff": reverse("review:agreement", kwargs={"pk": application_id})},
    )
