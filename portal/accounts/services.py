"""Writes on users, their roles, consents and email addresses."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import CONSENT_VERSIONS, REQUIRED_CONSENTS, ConsentKind
from .models import Consent, User
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


@transaction.atomic
def user_email_mark_verified(*, user: User) -> EmailAddress:
    """Record the user's email as verified and primary, so that they can log in without a link.

    For users an operator creates (demo users, staff accounts); running it twice changes nothing.
    """
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    address, _created = EmailAddress.objects.update_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True, "primary": True}
    )
    return address


def user_language_set(*, user: User, language: str) -> User:
    """Store the language the person chose last (the header's switch or the account page): pages, emails and
    notifications follow it."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the portal's languages.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_profile_update(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.language = language
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["full_name", "language"])
    return user


@transaction.atomic
def consent_give(*, user: User, kind: ConsentKind | str) -> Consent:
    """Record that the user agrees to the current text of ``kind``; a consent in force is kept as it is."""
    kind = ConsentKind(kind)
    current = Consent.objects.select_for_update().filter(user=user, kind=kind, withdrawn_at__isnull=True).first()
    if current is not None:
        return current
    return Consent.objects.create(user=user, kind=kind, version=CONSENT_VERSIONS[kind])


@transaction.atomic
def consent_withdraw(*, user: User, kind: ConsentKind | str) -> Consent | None:
    """Withdraw an optional consent. The row stays, with the time of withdrawal.

    A required consent cannot be withdrawn on its own: deleting the account withdraws it.
    """
    kind = ConsentKind(kind)
    if kind in REQUIRED_CONSENTS:
        raise ValidationError(
            _("This consent is needed to hold an account. To withdraw it, delete your account."),
            code="consent_required",
        )
    current = Consent.objects.select_for_update().filter(user=user, kind=kind, withdrawn_at__isnull=True).first()
    if current is None:
        return None
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["withdrawn_at"])
    return current


@transaction.atomic
def user_anonymise(*, user: User) -> User:
    """Strip a user of every personal datum and disable the account, keeping the row.

    For a user whom records kept by law still point to: they keep pointing at a row that no
    longer says who the person was.
    """
    user.email = f"deleted-user-{user.pk}@deleted.invalid"
    user.full_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = user.deleted_at or timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    return user


@transaction.atomic
def user_delete(*, user: User, password: str) -> bool:
    """Delete the account after checking its password.

    The user row goes with everything that belongs only to it (email addresses, consents). Where
    a record kept by law protects the row, the user is anonymised instead. Returns whether the
    row was deleted. A wrong password raises a ValidationError on ``password``.
    """
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("The password is not correct.")}, code="password_incorrect")
    try:
        with transaction.atomic():
            user.delete()
    except (ProtectedError, RestrictedError):
        user_anonymise(user=user)
        return False
    return True
