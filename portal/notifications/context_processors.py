from django.http import HttpRequest

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    """The header badge of a signed-in user: one COUNT query, run only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user=user)}
