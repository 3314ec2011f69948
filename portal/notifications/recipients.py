"""Audiences that know nothing of the domain: functions of an event's context ids that return active users.

The domain apps write their own (a company's members, an assignment's expert) beside their events, with
``active_users`` for the common filter.
"""

from collections.abc import Iterable, Mapping

from django.db.models import QuerySet

from portal.accounts.models import User
from portal.accounts.roles import Role

STAFF_ROLES = (Role.TECHNOPARK_STAFF, Role.STAFF_MANAGER)


def active_users(users: QuerySet[User]) -> QuerySet[User]:
    """Active users only, each once, in a fixed order."""
    return users.filter(is_active=True).distinct().order_by("pk")


def technopark_staff(context_ids: Mapping[str, int]) -> Iterable[User]:
    return active_users(User.objects.filter(groups__name__in=[str(role) for role in STAFF_ROLES]))


def staff_managers(context_ids: Mapping[str, int]) -> Iterable[User]:
    return active_users(User.objects.filter(groups__name=str(Role.STAFF_MANAGER)))
