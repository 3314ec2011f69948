"""Who holds which role. Predicates for views, templates and services of every app.

Each reads the user's group names once: ``User.role_names`` is a cached property of the user object, which Django
builds once per request, so asking several predicates costs one query in all.
"""

import contextlib
from typing import Any

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
