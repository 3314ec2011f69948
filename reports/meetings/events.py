"""The notifications of the results meeting, declared in ``MeetingsConfig.ready()`` (see ``docs/events.md``).

``meeting_registered`` confirms a registration to the company's members (registered or on the waiting list);
``meeting_place_offered`` tells a waiting company that a place freed up and it is now registered (required: it
is expected at the meeting); ``meeting_reminder`` is the daily reminder a few days before the meeting.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.events import COMPANY
from portal.notifications.events import Event, register_context, register_events
from portal.notifications.models import Notification
from portal.notifications.services import notify

from .models import Meeting, Registration

EVENTS = (
    Event("meeting_registered", _("Registration for the results meeting"), False, (COMPANY,)),
    Event("meeting_place_offered", _("A place at the results meeting freed up for you"), True, (COMPANY,)),
    Event("meeting_reminder", _("The results meeting is in a few days"), False, (COMPANY,)),
)


def events_register() -> None:
    register_events(*EVENTS)
    register_context("meeting", Meeting.objects.all())
    register_context("meeting_registration", Registration.objects.select_related("meeting", "company"))


def notify_registration(*, event: str, registration: Registration, dedupe_key: str = "") -> list[Notification]:
    """Inside the caller's transaction; queued on commit."""
    return notify(
        event=event,
        context_ids={
            "company": registration.company_id,
            "meeting": registration.meeting_id,
            "meeting_registration": registration.pk,
        },
        link=reverse("meetings:company", kwargs={"year": registration.meeting.year}),
        dedupe_key=dedupe_key,
    )
