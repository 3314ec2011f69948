"""Subject and bodies of a notification, rendered from ids in the recipient's language at delivery."""

import functools
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.template.loader import select_template
from django.utils import translation

from .events import CONTEXT_MODELS, event_get
from .models import Notification
from .recipients import optional_model


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    language: str


def context_load(context_ids: dict) -> dict[str, object]:
    """The objects that ``context_ids`` names; an id whose row (or model) is gone is left out."""
    loaded: dict[str, object] = {}
    for key, label in CONTEXT_MODELS.items():
        pk = context_ids.get(key)
        if pk is None:
            continue
        model = optional_model(label)
        if model is None:
            continue
        manager = model._default_manager
        if label == "applications.Application":
            related = [name for name in ("company", "call") if _is_relation(model, name)]
            manager = manager.select_related(*related)
        elif label == "evaluation.Committee":
            manager = manager.select_related("call")
        obj = manager.filter(pk=pk).first()
        if obj is not None:
            loaded[key] = obj
    return loaded


def _is_relation(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).is_relation
    except Exception:
        return False


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
