"""The daily reminders of payments and settlement (run by ``funding.remind_funding``): the settlement of a
project N days before it is due (``FUNDING_REMINDER_DAYS``) and the day after, if still not submitted; an open
refund the same way. Each is sent once per subject and date (dedupe key)."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from applications.agreements.models import Agreement
from applications.workflow import ApplicationStatus

from .events import notify_funding
from .models import Refund, SettlementState

S = ApplicationStatus


def _when(due_on: date, today: date) -> str | None:
    if due_on == today + timedelta(days=settings.FUNDING_REMINDER_DAYS):
        return "soon"
    if due_on == today - timedelta(days=1):
        return "overdue"
    return None


def settlement_remind(today: date | None = None) -> int:
    today = today or timezone.localdate()
    agreements = (
        Agreement.objects.filter(application__status__in=(S.IN_PROGRESS, S.COMPLETED))
        .exclude(settlement__state__in=(SettlementState.SUBMITTED, SettlementState.REVIEWED))
        .annotate(last_confirmed=Max("versions__number", filter=Q(versions__confirmed_at__isnull=False)))
        .select_related("application__call")
        .order_by("pk")
    )
    sent = 0
    for agreement in agreements:
        version = agreement.versions.filter(number=agreement.last_confirmed).first()
        if version is None or version.ends_on is None:
            continue
        due_on = version.ends_on + timedelta(days=agreement.application.call.settlement_due_days)
        when = _when(due_on, today)
        if when is None:
            continue
        rows = notify_funding(
            event="settlement_due",
            agreement=agreement,
            params={"due_on": due_on.isoformat(), "when": when},
            dedupe_key=f"settlement_due:{agreement.pk}:{due_on.isoformat()}:{when}",
        )
        sent += len(rows)
    return sent


def refund_remind(today: date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for refund in Refund.objects.filter(repaid_on__isnull=True).select_related("agreement").order_by("pk"):
        when = _when(refund.due_on, today)
        if when is None:
            continue
        rows = notify_funding(
            event="refund_due",
            agreement=refund.agreement,
            params={"due_on": refund.due_on.isoformat(), "when": when, "amount": f"{refund.amount_krw:,}"},
            dedupe_key=f"refund_due:{refund.pk}:{refund.due_on.isoformat()}:{when}",
        )
        sent += len(rows)
    return sent
