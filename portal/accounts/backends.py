"""Authentication backends that load a signed-in user with what every page asks of them, in one query.

Django loads ``request.user`` once per request with ``backend.get_user(pk)``. A staff page then asked four more
questions, one query each: the user's roles (groups), their two-factor devices (django-otp's middleware) and the
number of unread in-app notifications (the header badge). Here the user row comes with all three as subqueries:

- ``_portal_role_names``: the cache attribute of ``permissions.role_names`` (group names), so role checks ask
  nothing more;
- ``_confirmed_device_ids``: the persistent ids of the user's confirmed TOTP and backup-code devices, which
  ``middleware.PortalOTPMiddleware`` checks the session's device against (the device row itself is loaded
  only if a page uses it);
- ``_unread_in_app``: the badge count, read by the notifications context processor.

The answers are those of the database at the start of the request, as the separate queries were.

Building that query with the ORM (four subqueries, annotations, compilation) cost more than running it, on every
request; it is compiled once per process (``portal.compiled_query.CompiledQuery``) and then only run with the
user's id.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce

from portal.compiled_query import CompiledQuery

DEVICE_MODELS = (
    ("otp_totp.totpdevice", "django_otp.plugins.otp_totp.models", "TOTPDevice"),
    ("otp_static.staticdevice", "django_otp.plugins.otp_static.models", "StaticDevice"),
)
SEPARATOR = "\n"


def _ids_of(model, user_ref: OuterRef) -> Subquery:
    """The ids of the user's confirmed devices of one model, as text separated by ``SEPARATOR``."""
    rows = (
        model.objects.filter(user=user_ref, confirmed=True)
        .order_by()
        .values("user")
        .annotate(ids=StringAgg(Cast("pk", TextField()), delimiter=Value(SEPARATOR)))
        .values("ids")
    )
    return Subquery(rows, output_field=TextField())


def signed_in_users() -> QuerySet:
    """Users with their role names, confirmed device ids and unread in-app count (see the module's docstring)."""
    from importlib import import_module

    from portal.notifications.enums import ChannelKind, Status
    from portal.notifications.models import Notification

    user_model = get_user_model()
    memberships = user_model.groups.through.objects
    roles = (
        memberships.filter(user_id=OuterRef("pk"))
        .order_by()
        .values("user_id")
        .annotate(names=StringAgg("group__name", delimiter=Value(SEPARATOR)))
        .values("names")
    )
    unread = (
        Notification.objects.filter(
            recipient=OuterRef("pk"), channel=ChannelKind.IN_APP, status=Status.SENT, read_at__isnull=True
        )
        .order_by()
        .values("recipient")
        .annotate(n=Count("*"))
        .values("n")
    )
    devices = {
        f"device_ids_{index}": _ids_of(getattr(import_module(module), name), OuterRef("pk"))
        for index, (_label, module, name) in enumerate(DEVICE_MODELS)
    }
    return user_model._default_manager.annotate(
        role_list=Subquery(roles, output_field=TextField()),
        unread_in_app=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
        **devices,
    )


def _split(value: str | None) -> list[str]:
    return [part for part in (value or "").split(SEPARATOR) if part]


# Compiled once per process (``portal.compiled_query``); -7340019271 is a user id no row has, its placeholder.
_signed_in_user_query = CompiledQuery(
    settings.AUTH_USER_MODEL, lambda pk: signed_in_users().filter(pk=pk).order_by()[:1], {"pk": -7_340_019_271}
)


def signed_in_user(pk: Any):
    """The user ``pk`` with the answers set on it, or ``None``."""
    from .permissions import role_names_set

    found = _signed_in_user_query.run(pk=get_user_model()._meta.pk.to_python(pk))
    if not found:
        return None
    user = found[0]
    role_names_set(user, frozenset(_split(user.role_list)))
    user._confirmed_device_ids = frozenset(
        f"{label}/{pk}"
        for index, (label, _module, _name) in enumerate(DEVICE_MODELS)
        for pk in _split(getattr(user, f"device_ids_{index}"))
    )
    user._unread_in_app = user.unread_in_app or 0
    return user


class SignedInUserMixin:
    def get_user(self, user_id):
        try:
            user = signed_in_user(user_id)
        except (ValueError, TypeError, ValidationError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None


class PortalModelBackend(SignedInUserMixin, ModelBackend):
    """Django's ModelBackend (passwords, permissions) with the one-query ``get_user``."""


class PortalAuthenticationBackend(SignedInUserMixin, AuthenticationBackend):
    """allauth's backend (email login) with the one-query ``get_user``."""
