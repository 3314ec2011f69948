from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from portal.accounts.permissions import (
    is_administrator,
    is_city_official,
    is_company_member,
    is_outside_expert,
    is_technopark_staff,
)


def header_areas(user) -> dict[str, bool]:
    """Which of the portal's areas the header offers this user: each role its own, and nothing else.

    A signed-in person without any role yet (just signed up) is offered the company area, where they register
    their company. City officials' results link opens the officials' edition (staff reach it from the results pages).
    """
    if not getattr(user, "is_authenticated", False):
        return {"company": False, "review": False, "expert": False, "results_official": False}
    staff = is_technopark_staff(user)
    expert = is_outside_expert(user)
    official = is_city_official(user)
    other_role = staff or expert or official or is_administrator(user)
    return {
        "company": is_company_member(user) or not other_role,
        "review": staff,
        "expert": expert,
        "results_official": official,
    }


def portal(request: HttpRequest) -> dict:
    """What every page needs to know about the portal itself, and which areas the header offers the user."""
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        # Shown on the error pages, for the person to quote (portal/health/requestid.py).
        "REQUEST_ID": getattr(request, "request_id", ""),
        "header_areas": SimpleLazyObject(lambda: header_areas(user)),
    }
