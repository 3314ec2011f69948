from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    """What every page needs to know about the portal itself."""
    return {"PORTAL_NAME": settings.PORTAL_NAME}
