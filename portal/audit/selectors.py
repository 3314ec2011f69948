from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry


def audit_entries(
    *, email: str = "", action: str = "", date_from: date | None = None, date_to: date | None = None
) -> QuerySet[AuditEntry]:
    """The audit log, newest first, filtered by the user's email (part of it), the action, and days (Asia/Seoul)."""
    entries = AuditEntry.objects.all()
    if email:
        entries = entries.filter(email__icontains=email)
    if action:
        entries = entries.filter(action=action)
    zone = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        entries = entries.filter(created_at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return entries
