from django.http import HttpRequest

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    """The header badge: read with the user when signed in through the portal's backends, else one COUNT query
    evaluated only when a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_unread_in_app", None)  # read with the user (portal.accounts.backends)
    if cached is not None:
        return {"unread_notifications": cached}
    return {"unread_notifications": lambda: unread_count(user=user)}
