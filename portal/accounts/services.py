"""Writes on users and roles."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


@transaction.atomic
def roles_ensure() -> list[Group]:
    """Create the group of every role that does not exist yet."""
    return [Group.objects.get_or_create(name=role.value)[0] for role in Role]


@transaction.atomic
def user_upsert(
    *,
    email: str,
    password: str,
    full_name: str,
    roles: list[Role],
    language: str = "ko",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> tuple[User, bool]:
    """Create a user, or bring an existing one to exactly these fields and roles.

    Returns the user and whether it was created. Running it twice changes nothing.
    """
    user, created = User.objects.get_or_create(
        email=email.lower(),
        defaults={"full_name": full_name, "language": language, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if created or not user.check_password(password):
        user.set_password(password)
    user.full_name = full_name
    user.language = language
    user.is_staff = is_staff
    user.is_superuser = is_superuser
    user.is_active = True
    user.save()
    groups = [Group.objects.get_or_create(name=role.value)[0] for role in roles]
    user.groups.set(groups)
    return user, created
