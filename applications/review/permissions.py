"""Who may open the staff pages of the review app, and which calls staff review.

The gate itself (``staff_gate``, ``staff_required``, ``StaffRequiredMixin``) is ``portal.accounts.permissions``, one
gate for every staff page of every app and the admin; it is imported here under the names the domain apps have
always used.
"""

from typing import Any

from django.db.models import QuerySet

from portal.accounts.permissions import (  # noqa: F401 (re-exported for the domain apps' staff views)
    StaffRequiredMixin,
    is_otp_verified,
    is_staff_user,
    is_two_factor_user,
    otp_redirect,
    staff_gate,
    staff_required,
)
from programs.models import Call


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
