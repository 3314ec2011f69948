"""Subject and bodies of a notification, rendered from ids in the recipient's language at delivery."""

import functools
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.template.loader import select_template
from django.utils import translation

from .enums import ChannelKind
from .events import event_get, registered_contexts
from .models import Notification


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    language: str


def context_load(context_ids: dict) -> dict[str, object]:
    """The objects that ``context_ids`` names (``events.register_context``); an id whose row is gone, or whose key
    no app registered, is left out."""
    loaded: dict[str, object] = {}
    for key, pk in context_ids.items():
        queryset = registered_contexts.get(key)
        if queryset is None or pk is None:
            continue
        obj = queryset.filter(pk=pk).first()
        if obj is not None:
            loaded[key] = obj
    return loaded


def absolute_url(link: str) -> str:
    if not link or link.startswith(("http://", "https://")):
        return link
    return settings.PORTAL_BASE_URL.rstrip("/") + "/" + link.lstrip("/")


def language_of(notification: Notification) -> str:
    language = getattr(notification.recipient, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Renderer:
    """Renders notifications, keeping what a batch shares: the objects of each distinct context (loaded once)
    and the templates of each event, audience and part (looked up once)."""

    def __init__(self) -> None:
        self._contexts: dict[tuple, dict[str, object]] = {}
        self._templates: dict[tuple[str, str, str], object] = {}

    def context(self, context_ids: dict) -> dict[str, object]:
        key = tuple(sorted((context_ids or {}).items()))
        loaded = self._contexts.get(key)
        if loaded is None:
            loaded = self._contexts[key] = context_load(context_ids or {})
        return loaded

    def template(self, event, audience: str, part: str):
        key = (event.key, audience, part)
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = select_template(event.template_names(audience, part))
        return template

    def render(self, notification: Notification) -> Rendered:
        event = event_get(notification.event)
        language = language_of(notification)
        context = {
            **self.context(notification.context_ids),
            "params": notification.params or {},
            "recipient": notification.recipient,
            "link": notification.link,
            "url": absolute_url(notification.link),
            "portal_name": settings.PORTAL_NAME,
            "notification": notification,
            # The in-app message is the short content alone: the inbox shows the link as a button, and the
            # greeting, the address and the signature belong to the email.
            "in_app": notification.channel == ChannelKind.IN_APP,
        }
        audience = notification.audience or event.audiences[0].name
        with translation.override(language):
            subject = self.template(event, audience, "subject.txt").render(context)
            text = self.template(event, audience, "body.txt").render(context)
            html = self.template(event, audience, "body.html").render(context)
        subject = " ".join(subject.split())[:300]
        return Rendered(subject=subject, text=text.strip() + "\n", html=html, language=language)


def render(notification: Notification) -> Rendered:
    return Renderer().render(notification)


def message_id(notification: Notification) -> str:
    """The same Message-ID for every attempt of one notification, so that a duplicate can be recognised."""
    return f"<notification-{notification.pk}@{_domain(settings.DEFAULT_FROM_EMAIL)}>"


@functools.lru_cache(maxsize=4)
def _domain(from_email: str) -> str:
    return parseaddr(from_email)[1].rpartition("@")[2] or "portal.localhost"
