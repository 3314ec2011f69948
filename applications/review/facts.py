"""The queue facts of an application, read from its frozen snapshot (see ``models.QueueFacts``)."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from applications.models import Application
from programs.models import Call

from .models import EmployeeBand, QueueFacts


def employee_band(regular: Decimal | None) -> str:
    if regular is None:
        return EmployeeBand.UNKNOWN
    if regular < 10:
        return EmployeeBand.UNDER_10
    if regular < 30:
        return EmployeeBand.FROM_10
    if regular < 100:
        return EmployeeBand.FROM_30
    return EmployeeBand.FROM_100


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def facts_from_snapshot(*, application_id: int, call: Call, snapshot: dict) -> QueueFacts:
    company = snapshot.get("company") or {}
    content = snapshot.get("content") or {}
    attachments = content.get("attachments") or []
    attached = {row.get("doc_type") for row in attachments}
    expiries = [day for day in (_date(row.get("expires_on")) for row in attachments) if day is not None]
    regular = _decimal(company.get("regular_employees"))
    return QueueFacts(
        application_id=application_id,
        call_id=call.pk,
        company_name=(company.get("name") or "")[:200],
        business_number=re.sub(r"\D", "", company.get("business_number") or "")[:10],
        verdict=((snapshot.get("eligibility") or {}).get("verdict") or "")[:24],
        regular_employees=regular,
        employee_band=employee_band(regular),
        requested_city_krw=sum(int(row.get("city_support_krw") or 0) for row in content.get("items") or []),
        missing_required=sum(1 for code in call.required_documents or [] if code not in attached),
        earliest_expiry=min(expiries) if expiries else None,
    )


@transaction.atomic
def queue_facts_sync(*, call: Call) -> int:
    """Make the facts of the call's submitted applications that have none yet; return how many were made."""
    missing = Application.objects.filter(call=call, snapshot__isnull=False, queue_facts__isnull=True).values_list(
        "pk", "snapshot"
    )
    rows = [facts_from_snapshot(application_id=pk, call=call, snapshot=snapshot or {}) for pk, snapshot in missing]
    QueueFacts.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)
