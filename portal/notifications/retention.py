"""The notifications' part of the retention run (``portal.accounts.retention``): messages to deleted accounts."""

from datetime import datetime

from .models import Notification


def deleted_recipients_remove(*, now: datetime, cutoff: datetime) -> list[str]:
    """Notifications (subject, body, address) written to people whose account was deleted before ``cutoff``."""
    lines = []
    due = Notification.objects.filter(recipient__deleted_at__isnull=False, recipient__deleted_at__lte=cutoff)
    for recipient_id in sorted(set(due.values_list("recipient_id", flat=True))):
        count, _by_model = due.filter(recipient_id=recipient_id).delete()
        lines.append(f"user #{recipient_id}: {count} notification record(s) removed")
    return lines
