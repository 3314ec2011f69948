"""Who holds which role. Predicates for views, templates and services of every app.

Each reads the user's group names once: ``User.role_names`` is a cached property of the user object, which Django
builds once per request, so asking several predicates costs one query in all.
"""

import contextlib
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from .roles import Role


def role_names(user: Any) -> frozenset[str]:
    """The names of the roles (groups) the user holds; empty for anonymous and inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return user.role_names


def role_names_forget(user: Any) -> None:
    """Drop the cached names, after the user's groups changed within the same request."""
    with contextlib.suppress(AttributeError):  # not read yet
        del user.role_names  # how a cached_property is reset


def is_company_member(user: Any) -> bool:
    return Role.COMPANY_MEMBER in role_names(user)


def is_staff_manager(user: Any) -> bool:
    return Role.STAFF_MANAGER in role_names(user)


def is_technopark_staff(user: Any) -> bool:
    """Technopark staff, managers included."""
    return bool(role_names(user) & {Role.TECHNOPARK_STAFF, Role.STAFF_MANAGER})


def is_outside_expert(user: Any) -> bool:
    return Role.OUTSIDE_EXPERT in role_names(user)


def is_city_official(user: Any) -> bool:
    return Role.CITY_OFFICIAL in role_names(user)


def is_administrator(user: Any) -> bool:
    """Administrators: the role, or a Django superuser."""
    if Role.ADMINISTRATOR in role_names(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


# --- The staff gate -------------------------------------------------------------------------------------------------
# One gate for every staff page of every app (review, evaluation, reports, notifications …) and for the Django admin
# (``admin_site.PortalAdminSite``): a signed-in user (else the sign-in page), the page's role (else 404: staff pages
# do not reveal themselves) and a session verified with a second factor (else the two-factor page, which sends the
# user back to ``next`` afterwards). The two-factor page is reached by its URL name only, so this app imports none of
# the app that serves it.

OTP_VERIFY_URL_NAME = "review:otp_verify"


def is_staff_user(user: Any) -> bool:
    """Technopark staff, staff managers and administrators: the people of the staff pages."""
    return is_technopark_staff(user) or is_administrator(user)


def is_two_factor_user(user: Any) -> bool:
    """Who signs in with a second factor: staff, and city officials (the officials' results pages)."""
    return is_staff_user(user) or is_city_official(user)


def is_otp_verified(user: Any) -> bool:
    """The session was verified with a second factor (django-otp's ``OTPMiddleware`` sets ``is_verified``)."""
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def otp_redirect(request, next_url: str | None = None):
    """To the two-factor page (setup when the user has no device yet), coming back to ``next_url`` (this page)."""
    target = next_url if next_url is not None else request.get_full_path()
    return HttpResponseRedirect(f"{reverse(OTP_VERIFY_URL_NAME)}?{urlencode({'next': target})}")


def staff_gate(request, *, require_otp: bool = True, allow=is_staff_user):
    """``None`` when the request may see a staff page, else the response to give instead (or ``Http404``).
    ``allow`` is the role predicate of the page (staff by default)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allow(user):
        raise Http404
    if require_otp and not is_otp_verified(user):
        return otp_redirect(request)
    return None


def staff_required(view=None, *, allow=is_staff_user):
    """Decorator of a function view: the page's role (staff unless ``allow`` says otherwise) and a verified second
    factor. ``@staff_required`` or ``@staff_required(allow=predicate)``."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refusal = staff_gate(request, allow=allow)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


class StaffRequiredMixin:
    """Mixin of a class-based view: staff role and a verified second factor (first in the bases)."""

    def dispatch(self, request, *args, **kwargs):
        refusal = staff_gate(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)
