"""The notifications of the applications app: what they are, who receives them, and which status change sends
which one. Declared in ``ApplicationsConfig.ready()`` (``events_register``); see ``docs/events.md``.

The scheduled ones (``agreement_due``, ``call_opening``, ``call_closing``) are sent by ``applications.reminders``.
"""

from collections.abc import Iterable, Mapping

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.notifications.events import STAFF, Audience, Event, register_context, register_events
from portal.notifications.models import Notification
from portal.notifications.recipients import active_users
from portal.notifications.services import notify
from programs.models import Call

from .models import Application, ApplicationStatusChange, Company
from .workflow import ApplicationStatus

S = ApplicationStatus


def company_members(context_ids: Mapping[str, int]) -> Iterable[User]:
    """The members of the company named by ``company``, or of the company of ``application``."""
    if context_ids.get("company") is not None:
        return active_users(User.objects.filter(company_membership__company_id=context_ids["company"]))
    if context_ids.get("application") is not None:
        return active_users(User.objects.filter(company_membership__company__applications=context_ids["application"]))
    return User.objects.none()


def call_audience(context_ids: Mapping[str, int]) -> Iterable[User]:
    """Members of companies that have a draft on the call or asked to be reminded of it."""
    call_id = context_ids.get("call")
    if call_id is None:
        return User.objects.none()
    drafts = Application.objects.filter(call_id=call_id, status=S.DRAFT).values("company_id")
    return active_users(
        User.objects.filter(
            Q(company_membership__company__call_reminder_subscriptions__call_id=call_id)
            | Q(company_membership__company_id__in=drafts)
        )
    )


COMPANY = Audience("company", company_members, _("Company"))
CALL_AUDIENCE = Audience("company", call_audience, _("Companies"))

EVENTS = (
    Event("application_submitted", _("Application submitted"), True, (COMPANY, STAFF)),
    Event("revision_requested", _("Revision requested"), True, (COMPANY,)),
    Event("revision_submitted", _("Revised application submitted"), False, (STAFF,)),
    Event("screening_passed", _("Passed screening"), True, (COMPANY,)),
    Event("screening_rejected", _("Rejected at screening"), True, (COMPANY,)),
    Event("decision_selected", _("Decision: selected"), True, (COMPANY,)),
    Event("decision_waitlisted", _("Decision: waitlisted"), True, (COMPANY,)),
    Event("decision_not_selected", _("Decision: not selected"), True, (COMPANY,)),
    # A scheduled reminder (reminders.agreement_remind, daily): the companies of selected applications, N days
    # before their call's agreement deadline (Call.agreement_due_on). Not at the move to "selected", where it
    # would repeat decision_selected.
    Event("agreement_due", _("Agreement due"), True, (COMPANY,)),
    Event("call_opening", _("A call you follow opens"), False, (CALL_AUDIENCE,)),
    Event("call_closing", _("A call you follow closes soon"), False, (CALL_AUDIENCE,)),
    # A message of the Technopark's staff on an application (review.services.company_message_send).
    Event("company_message", _("Message from the Technopark"), True, (COMPANY,)),
)


def events_register() -> None:
    register_events(*EVENTS)
    register_context("application", Application.objects.select_related("company", "call"))
    register_context("company", Company.objects.all())
    register_context("call", Call.objects.all())
    register_context("change", ApplicationStatusChange.objects.all())
    from .review.models import CompanyMessage  # the review app builds on this one: imported when both are loaded

    register_context("company_message", CompanyMessage.objects.all())


# --- which status change tells whom ------------------------------------------------------------------------

SCREENING_STAGES = frozenset({S.SUBMITTED, S.SCREENING, S.REVISION_REQUESTED, S.REVISION_SUBMITTED})

EVENT_BY_STATUS = {
    S.SUBMITTED: "application_submitted",
    S.REVISION_REQUESTED: "revision_requested",
    S.REVISION_SUBMITTED: "revision_submitted",
    S.SELECTED: "decision_selected",
    S.WAITLISTED: "decision_waitlisted",
}


def event_for(*, from_status: str, to_status: str) -> str | None:
    """The event of a move, or ``None`` for moves that tell nobody (screening started, withdrawn …)."""
    if to_status == S.EVALUATION and from_status in SCREENING_STAGES:
        return "screening_passed"
    if to_status == S.NOT_SELECTED:
        return "screening_rejected" if from_status in SCREENING_STAGES else "decision_not_selected"
    return EVENT_BY_STATUS.get(to_status)


def notify_status_change(*, change: ApplicationStatusChange) -> list[Notification]:
    """Called by every move (``services.transitions.record_change``) inside its transaction: the company reads
    the application's page, staff its review page."""
    event = event_for(from_status=change.from_status, to_status=change.to_status)
    if event is None:
        return []
    application_id = change.application_id
    params = {"reason": change.reason} if change.reason else {}
    return notify(
        event=event,
        context_ids={"application": application_id, "change": change.pk},
        link=reverse("applications:application_detail", kwargs={"pk": application_id}),
        audience_links={"staff": reverse("review:application", kwargs={"pk": application_id})},
        params=params,
    )
