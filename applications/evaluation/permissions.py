"""Who may do what in the evaluation, declared once for views, templates and services.

Staff pages use ``applications.review.permissions`` (staff role + a verified second factor). Expert pages use
``expert_required``: a logged-in outside expert, else the login page (anonymous) or 404 (anyone else: the expert
pages do not reveal themselves).
"""

from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from applications.review.permissions import is_staff_user
from portal.accounts.permissions import is_administrator, is_outside_expert, is_staff_manager

from .enums import ConflictKind

__all__ = [
    "expert_may_read",
    "expert_required",
    "is_staff_user",
    "may_close_evaluation",
    "require_expert",
    "require_staff",
]


def expert_may_read(assignment: Any) -> bool:
    """The expert reads the application (plan, budget, outcomes, the documents the call opens to experts) while
    the assignment is active, declared free of conflict, and the evaluation is open."""
    declaration = getattr(assignment, "declaration", None)
    return (
        assignment.is_active
        and declaration is not None
        and declaration.kind == ConflictKind.NONE
        and not assignment.committee.is_closed
    )


def may_close_evaluation(user: Any) -> bool:
    """Closing the evaluation is a staff manager's decision (administrators too)."""
    return is_staff_manager(user) or is_administrator(user)


def require_staff(user: Any) -> None:
    if not is_staff_user(user):
        raise PermissionDenied(_("Only Technopark staff may do this."))


def require_expert(user: Any) -> None:
    if not is_outside_expert(user):
        raise PermissionDenied(_("Only outside experts may do this."))


def expert_required(view):
    """Decorator of an expert page: logged in (else login) with the outside_expert role (else 404)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_outside_expert(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
