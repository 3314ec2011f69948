"""Which notification an application's status change sends: the body of the applications app's hook
(``applications.services.transitions._queue_notifications``), called inside the change's transaction."""

from django.urls import NoReverseMatch, reverse

from .models import Notification
from .services import notify

SCREENING_STAGES = frozenset({"submitted", "screening", "revision_requested", "revision_submitted"})

_BY_STATUS = {
    "submitted": "application_submitted",
    "revision_requested": "revision_requested",
    "revision_submitted": "revision_submitted",
    "selected": "decision_selected",
    "waitlisted": "decision_waitlisted",
}


def event_for(*, from_status: str, to_status: str) -> str | None:
    """The event of a move, or ``None`` for moves that tell nobody (screening started, withdrawn …)."""
    if to_status == "evaluation" and from_status in SCREENING_STAGES:
        return "screening_passed"
    if to_status == "not_selected":
        return "screening_rejected" if from_status in SCREENING_STAGES else "decision_not_selected"
    return _BY_STATUS.get(to_status)


def _reverse(name: str, pk: int) -> str:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def notify_status_change(*, change) -> list[Notification]:
    event = event_for(from_status=change.from_status, to_status=change.to_status)
    if event is None:
        return []
    application_id = change.application_id
    params = {"reason": change.reason} if change.reason else {}
    return notify(
        event=event,
        context_ids={"application": application_id, "change": change.pk},
        link=_reverse("applications:application_detail", application_id),
        audience_links={"staff": _reverse("review:application", application_id)},
        params=params,
    )
