"""Who may open the officials' results pages: city officials, staff and administrators, each with a session
verified with a second factor, as the staff pages (``applications.review.permissions``). Anyone else signed in gets
a 404; an anonymous visitor the login page."""

from functools import wraps
from typing import Any

from applications.review.permissions import is_staff_user, staff_gate
from portal.accounts.permissions import is_city_official


def is_results_official(user: Any) -> bool:
    return is_city_official(user) or is_staff_user(user)


def official_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        refusal = staff_gate(request, allow=is_results_official)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    return wrapped
