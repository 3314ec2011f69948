"""The registry of events: which notifications exist, who receives them, and what their context ids name.

The notifications app knows no event of its own. Each domain app declares its events (``Event``) and the
objects its templates read (``register_context``) in its ``AppConfig.ready()``; ``notify()``, rendering, the
preferences page and the staff pages look them up here. An event has a key, whether it is required
(procedurally or legally owed to the recipient, so nobody can opt out of it), and one or more audiences: who
receives it and which templates render it. Templates live in ``templates/notifications/<event>/``:
``subject.txt``, ``body.txt`` and ``body.html`` for the first audience, ``<audience>_subject.txt`` … for the
others. See ``docs/events.md``.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import recipients
from .enums import ChannelKind

# The ids an event was sent with (``{"application": 7, "call": 3}``), as stored on the notification.
ContextIds = Mapping[str, int]


@dataclass(frozen=True)
class Audience:
    """Who receives an event: ``resolve`` turns the event's context ids into active users."""

    name: str
    resolve: Callable[[ContextIds], Iterable]
    label: Promise | str = ""


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


# Audiences that know nothing of the domain; the domain apps declare their own beside their events.
STAFF = Audience("staff", recipients.technopark_staff, _("Technopark staff"))
MANAGERS = Audience("managers", recipients.staff_managers, _("Staff managers"))

registered_events: dict[str, Event] = {}
# What a key of ``context_ids`` names: the queryset its id is loaded from again by the worker at delivery.
registered_contexts: dict[str, QuerySet] = {}


def register_events(*events: Event) -> None:
    """Declare events; called from the owning app's ``AppConfig.ready()``. A key belongs to one declaration."""
    for event in events:
        known = registered_events.get(event.key)
        if known is not None and known != event:
            raise ImproperlyConfigured(f"notification event {event.key!r} is declared twice")
        registered_events[event.key] = event


def register_context(key: str, queryset: QuerySet) -> None:
    """Name what ``context_ids[key]`` is the id of: the queryset it is loaded from, with the joins its templates
    need (``select_related``). The queryset itself is never evaluated: each load filters a copy of it."""
    known = registered_contexts.get(key)
    if known is not None and known.model is not queryset.model:
        raise ImproperlyConfigured(f"notification context {key!r} names two models")
    registered_contexts[key] = queryset


def event_get(key: str) -> Event:
    try:
        return registered_events[key]
    except KeyError:
        raise ValueError(f"unknown notification event {key!r}") from None


def events_all() -> tuple[Event, ...]:
    """Every declared event, in the order of declaration (the order of ``INSTALLED_APPS``)."""
    return tuple(registered_events.values())


def events_optional() -> tuple[Event, ...]:
    """The events a person may turn off (the preferences page)."""
    return tuple(event for event in registered_events.values() if not event.required)
