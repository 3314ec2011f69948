"""What is left of deleted accounts is removed once the retention period has passed.

The personal-data consent (templates/accounts/consent_personal_data.html) promises: account data until the account
is deleted; applications submitted to a support program, with their review and results, kept as public subsidy
records for ``RECORD_RETENTION_YEARS`` after the end of the program year. Deleting an account anonymises at once
(``services.user_delete``); ``personal_data_purge`` removes the rest after ``DELETED_ACCOUNT_RETENTION_DAYS``.

Each app removes its own part: ``settings.RETENTION_STEPS`` lists functions ``step(*, now, cutoff) -> list[str]``
(one line per thing removed), run in that order in one transaction, so this cross-cutting app imports no domain
app. Accounts' own step comes last: it deletes user rows that nothing refers to any more.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Consent, User


def retention_cutoff(*, now: datetime) -> datetime:
    """Accounts deleted at or before this moment have passed the retention period."""
    return now - timedelta(days=settings.DELETED_ACCOUNT_RETENTION_DAYS)


def deleted_accounts_due(*, cutoff: datetime):
    return User.objects.filter(deleted_at__isnull=False, deleted_at__lte=cutoff).order_by("pk")


def deleted_accounts_remove(*, now: datetime, cutoff: datetime) -> list[str]:
    """The consents of deleted accounts past the period, and their rows where no record kept by law points to them
    (such a row stays: it says nothing of the person any more)."""
    lines = []
    for user in deleted_accounts_due(cutoff=cutoff):
        consents, _by_model = Consent.objects.filter(user=user).delete()
        if consents:
            lines.append(f"user #{user.pk}: {consents} consent record(s) removed")
        pk = user.pk
        try:
            with transaction.atomic():
                user.delete()
        except (ProtectedError, RestrictedError):
            continue
        lines.append(f"user #{pk}: account row removed")
    return lines


def personal_data_purge(*, now: datetime | None = None, dry_run: bool = False) -> list[str]:
    """Run every retention step; with ``dry_run`` list what would go and change nothing (the transaction is rolled
    back, and files are only deleted after a commit). Running it twice removes nothing the second time."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now=now)
    lines: list[str] = []
    with transaction.atomic():
        for path in settings.RETENTION_STEPS:
            lines += import_string(path)(now=now, cutoff=cutoff)
        if dry_run:
            transaction.set_rollback(True)
    return lines
