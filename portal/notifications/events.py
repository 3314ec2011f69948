"""Every notification the portal sends, declared once.

An event has a key, whether it is required (procedurally or legally owed to the recipient, so nobody can
opt out of it), and one or more audiences: who receives it and which templates render it. Templates live in
``templates/notifications/<event>/``: ``subject.txt``, ``body.txt`` and ``body.html`` for the first audience,
``<audience>_subject.txt`` … for the others.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import recipients as who
from .enums import ChannelKind

# What a key of ``context_ids`` names; each id is loaded again by the worker at delivery.
CONTEXT_MODELS: dict[str, str] = {
    "application": "applications.Application",
    "company": "applications.Company",
    "call": "programs.Call",
    "expert": "accounts.User",
    "change": "applications.ApplicationStatusChange",
    "committee": "evaluation.Committee",
}


@dataclass(frozen=True)
class Audience:
    name: str
    resolve: Callable[[dict], Iterable]


@dataclass(frozen=True)
class Event:
    key: str
    label: Promise
    required: bool
    audiences: tuple[Audience, ...]
    channels: tuple[str, ...] = field(default=(ChannelKind.EMAIL, ChannelKind.IN_APP))

    def audience(self, name: str | None) -> Audience:
        for audience in self.audiences:
            if audience.name == name:
                return audience
        return self.audiences[0]

    def template_names(self, audience: str, part: str) -> list[str]:
        """``part`` is subject.txt, body.txt or body.html; the first audience has the plain names."""
        names = [f"notifications/{self.key}/{audience}_{part}"] if audience != self.audiences[0].name else []
        return [*names, f"notifications/{self.key}/{part}"]


COMPANY = Audience("company", who.company_members)
STAFF = Audience("staff", who.technopark_staff)
MANAGERS = Audience("managers", who.staff_managers)
EXPERT = Audience("expert", who.expert)
CALL_AUDIENCE = Audience("company", who.call_audience)

EVENTS: tuple[Event, ...] = (
    Event("application_submitted", _("Application submitted"), True, (COMPANY, STAFF)),
    Event("revision_requested", _("Revision requested"), True, (COMPANY,)),
    Event("revision_submitted", _("Revised application submitted"), False, (STAFF,)),
    Event("screening_passed", _("Passed screening"), True, (COMPANY,)),
    Event("screening_rejected", _("Rejected at screening"), True, (COMPANY,)),
    Event("expert_assigned", _("Assigned as an evaluator"), True, (EXPERT,)),
    Event("evaluation_reminder", _("Reminder of unfinished evaluations"), False, (EXPERT,)),
    Event("all_scores_in", _("All evaluation scores are in"), False, (MANAGERS,)),
    Event("decision_selected", _("Decision: selected"), True, (COMPANY,)),
    Event("decision_waitlisted", _("Decision: waitlisted"), True, (COMPANY,)),
    Event("decision_not_selected", _("Decision: not selected"), True, (COMPANY,)),
    # A scheduled reminder (reminders.agreement_remind, daily): the companies of selected applications, N days
    # before their call's agreement deadline (Call.agreement_due_on). Not at the move to "selected", where it
    # would repeat decision_selected.
    Event("agreement_due", _("Agreement due"), True, (COMPANY,)),
    # Declared now; fires once outcome reports exist (reports app).
    Event("outcome_report_due", _("Outcome report due"), True, (COMPANY,)),
    Event("call_opening", _("A call you follow opens"), False, (CALL_AUDIENCE,)),
    Event("call_closing", _("A call you follow closes soon"), False, (CALL_AUDIENCE,)),
)

EVENTS_BY_KEY: dict[str, Event] = {event.key: event for event in EVENTS}
OPTIONAL_EVENTS: tuple[Event, ...] = tuple(event for event in EVENTS if not event.required)


def event_get(key: str) -> Event:
    try:
        return EVENTS_BY_KEY[key]
    except KeyError:
        raise ValueError(f"unknown notification event {key!r}") from None
