"""Labels of a stored notification's event and audience, in the current language (the row keeps their keys)."""

from django import template

from ..events import registered_events

register = template.Library()


@register.filter
def event_label(notification) -> str:
    """ "Expert assigned (outside expert)": the event's label and, where it has one, its audience's label. A key no
    app declares any longer is shown as it is."""
    event = registered_events.get(notification.event)
    if event is None:
        return notification.event
    audience = next((a for a in event.audiences if a.name == notification.audience), None)
    if audience is not None and audience.label:
        return f"{event.label} ({audience.label})"
    return str(event.label)
