"""Who may open the officials' results pages: city officials, staff and administrators, each with a session
verified with a second factor, through the one staff gate (``portal.accounts.permissions``). Anyone else signed in
gets a 404; an anonymous visitor the login page."""

from typing import Any

from portal.accounts.permissions import is_city_official, is_staff_user, staff_required


def is_results_official(user: Any) -> bool:
    return is_city_official(user) or is_staff_user(user)


# The officials' pages: the staff gate with the officials' role predicate.
official_required = staff_required(allow=is_results_official)
