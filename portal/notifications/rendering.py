"""Subject and bodies of a notification, rendered from ids in the recipient's language at delivery."""

from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.template.loader import render_to_string, select_template
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


def render(notification: Notification) -> Rendered:
    event = event_get(notification.event)
    language = language_of(notification)
    context = {
        **context_load(notification.context_ids or {}),
        "params": notification.params or {},
        "recipient": notification.recipient,
        "link": notification.link,
        "url": absolute_url(notification.link),
        "portal_name": settings.PORTAL_NAME,
        "notification": notification,
    }
    names = lambda part: event.template_names(notification.audience or event.audiences[0].name, part)  # noqa: E731
    with translation.override(language):
        subject = select_template(names("subject.txt")).render(context)
        text = render_to_string(names("body.txt"), context)
        html = render_to_string(names("body.html"), context)
    subject = " ".join(subject.split())[:300]
    return Rendered(subject=subject, text=text.strip() + "\n", html=html, language=language)


def rendered_of(notification: Notification) -> Rendered:
    """Render once per delivery; channels and the delivery code share the result."""
    cached = getattr(notification, "_rendered", None)
    if cached is None:
        cached = render(notification)
        notification._rendered = cached
    return cached


def message_id(notification: Notification) -> str:
    """The same Message-ID for every attempt of one notification, so that a duplicate can be recognised."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "portal.localhost"
    return f"<notification-{notification.pk}@{domain}>"
