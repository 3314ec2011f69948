"""Signing in as a person of the staff pages: with a password only, or with a verified second factor."""

from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.roles import Role

from .factories import UserFactory

KEY_HEX = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def with_roles(user, *roles: Role):
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", key=KEY_HEX, confirmed=True)


def every_staff_role_user(email: str = "everyone@example.kr", **kwargs):
    """A superuser (the admin) holding every staff and official role, with a TOTP device: whatever a staff page's
    role is, this user passes it, so only the second factor decides."""
    user = with_roles(
        UserFactory(email=email, is_staff=True, is_superuser=True, **kwargs),
        Role.TECHNOPARK_STAFF,
        Role.STAFF_MANAGER,
        Role.ADMINISTRATOR,
        Role.CITY_OFFICIAL,
    )
    totp_device(user)
    return user


def login_verified(client, user) -> None:
    """Signed in, and the session verified with the user's TOTP device (as django_otp.login marks it)."""
    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
