"""The daily reminder of the results meeting (run by ``meetings.remind_meeting``): the companies registered for
a meeting that starts in ``MEETINGS_REMINDER_DAYS`` days, once per registration and meeting date."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from .enums import RegistrationState
from .events import notify_registration
from .models import Registration


def meeting_remind() -> int:
    day = timezone.localdate() + timedelta(days=settings.MEETINGS_REMINDER_DAYS)
    start = timezone.make_aware(datetime.combine(day, time.min))
    registrations = (
        Registration.objects.filter(
            state=RegistrationState.REGISTERED,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=start + timedelta(days=1),
        )
        .select_related("meeting")
        .order_by("pk")
    )
    sent = 0
    for registration in registrations:
        rows = notify_registration(
            event="meeting_reminder",
            registration=registration,
            dedupe_key=f"meeting_reminder:{registration.pk}:{day.isoformat()}",
        )
        sent += len(rows)
    return sent
