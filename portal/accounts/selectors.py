"""Reads on users and their consents."""

from django.db.models import QuerySet

from .models import Consent, User


def user_consents(*, user: User) -> QuerySet[Consent]:
    """The user's consents, in force and withdrawn, newest first within each kind."""
    return Consent.objects.filter(user=user).order_by("kind", "-given_at")
