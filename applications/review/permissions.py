"""Who may open the staff pages, used by every staff view (the review pages here and the evaluation pages).

A staff page needs: a logged-in user (else the login page), the technopark_staff or staff_manager role, or an
administrator (else 404: staff pages do not reveal themselves), and a session verified with a second factor
(else the two-factor page, which sends the user back to ``next`` afterwards).
"""

from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse

from portal.accounts.permissions import is_administrator, is_city_official, is_technopark_staff
from programs.models import Call


def is_staff_user(user: Any) -> bool:
    """Technopark staff, staff managers and administrators: the people of the staff pages."""
    return is_technopark_staff(user) or is_administrator(user)


def is_two_factor_user(user: Any) -> bool:
    """Who signs in with a second factor: staff, and city officials (the officials' results pages)."""
    return is_staff_user(user) or is_city_official(user)


def is_otp_verified(user: Any) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def otp_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """To the two-factor page (setup when the user has no device yet), coming back to this page afterwards."""
    return HttpResponseRedirect(f"{reverse('review:otp_verify')}?{urlencode({'next': request.get_full_path()})}")


def staff_gate(request: HttpRequest, *, require_otp: bool = True, allow=is_staff_user):
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


def staff_required(view):
    """Decorator of a function view: staff role and a verified second factor."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        refusal = staff_gate(request)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    return wrapped


class StaffRequiredMixin:
    """Mixin of a class-based view: staff role and a verified second factor (first in the bases)."""

    def dispatch(self, request, *args, **kwargs):
        refusal = staff_gate(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)


def reviewed_calls() -> QuerySet[Call]:
    """The calls that staff review. The Technopark operates every call, so its staff and managers (and
    administrators) see all of them. Kept as one function so that assigning staff to calls later changes only
    this and ``staff_calls``."""
    return Call.objects.all()


def staff_calls(user: Any) -> QuerySet[Call]:
    """The calls whose applications ``user`` may review: ``reviewed_calls`` for staff, none for anyone else."""
    if not is_staff_user(user):
        return Call.objects.none()
    return reviewed_calls().select_related("program")
