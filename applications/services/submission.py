"""Submitting an application: one door.

``application_submit`` locks the application row, so that a double click, two tabs or a retry yield one
submission (the second call finds the receipt and returns it). Within that transaction it holds the deadline
(the server's clock against ``call.closes_at``, shown in Asia/Seoul), checks eligibility again with the programs
engine, refuses on any blocking problem (the draft stays as it was), takes the call's next receipt number from a
counter row locked with ``select_for_update`` (no gaps: the number is taken in the transaction that submits),
freezes the content as the snapshot and writes the history row.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programs.models import EligibilityRule

from ..models import Application, ApplicationDocument, ApplicationItem, CompanyRevenue, ReceiptCounter
from ..permissions import can_edit_company
from ..presubmission import application_problems, blocking, eligibility_of
from ..snapshot import build_snapshot
from ..workflow import Actor, ApplicationStatus
from .transitions import record_change


def receipt_number_for(call, number: int) -> str:
    """``YC-2027-HVC-0001``: the city, the call's year, its program and the number within the call."""
    return f"YC-{call.year}-{call.program.code.upper()}-{number:04d}"


def _deadline_text(call) -> str:
    return date_format(timezone.localtime(call.closes_at), "Y-m-d H:i")


def check_deadline(call, now: datetime) -> None:
    """Refuse unless the call accepts applications at ``now`` (server time; deadlines read in Asia/Seoul)."""
    if now >= call.closes_at:
        raise ValidationError(
            _(
                "The deadline of this call was %(deadline)s (Korea time). Your draft is kept unchanged, but it can "
                "no longer be submitted."
            )
            % {"deadline": _deadline_text(call)},
            code="deadline",
        )
    if not call.is_open(now):
        raise ValidationError(_("This call is not accepting applications now."), code="call_closed")


def _load(pk: int) -> Application:
    """The application with everything the checks and the snapshot read (a fixed number of queries)."""
    return (
        Application.objects.select_related("company", "call", "call__program")
        .prefetch_related(
            Prefetch("items", queryset=ApplicationItem.objects.select_related("support_item")),
            Prefetch("attachments", queryset=ApplicationDocument.objects.select_related("document")),
            "files",
            Prefetch(
                "call__eligibility_rules",
                queryset=EligibilityRule.objects.filter(is_active=True).order_by("order", "pk"),
            ),
            Prefetch("company__revenues", queryset=CompanyRevenue.objects.order_by("-year")),
        )
        .get(pk=pk)
    )


def _take_receipt_number(call) -> int:
    counter, _created = ReceiptCounter.objects.select_for_update().get_or_create(call_id=call.pk)
    counter.last_number += 1
    ReceiptCounter.objects.filter(pk=counter.pk).update(last_number=counter.last_number)
    return counter.last_number


def application_submit(*, application: Application, acting_user, expected_version: int | None = None) -> Application:
    """Submit the draft; return the submitted application (the same one, unchanged, when already submitted).

    Raises ``ValidationError`` with every blocking problem (deadline, eligibility, budget, documents,
    declarations) and changes nothing then; ``PermissionDenied`` for a user outside the company.
    """
    if not can_edit_company(acting_user, application.company):
        raise PermissionDenied(_("You may not submit this application."))
    now = timezone.now()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.receipt_number:
            return locked  # already submitted: the same receipt, never a second one
        if locked.status != ApplicationStatus.DRAFT:
            raise ValidationError(
                _("This application is “%(status)s” and cannot be submitted.")
                % {"status": ApplicationStatus(locked.status).label},
                code="not_draft",
            )
        full = _load(locked.pk)
        call = full.call
        check_deadline(call, now)
        if expected_version is not None and locked.version != expected_version:
            raise ValidationError(
                _("The application was changed after you opened this page. Review it again, then submit."),
                code="version",
            )
        today = timezone.localdate(now)
        eligibility = eligibility_of(full, today=today)
        problems = blocking(application_problems(full, eligibility=eligibility, today=today))
        if problems:
            raise ValidationError([problem.message for problem in problems], code="problems")
        receipt = receipt_number_for(call, _take_receipt_number(call))
        full.snapshot = build_snapshot(full, eligibility=eligibility, receipt_number=receipt, submitted_at=now)
        full.status = ApplicationStatus.SUBMITTED
        full.receipt_number = receipt
        full.submitted_at = now
        full.updated_at = now
        full.version = locked.version + 1
        full.save(update_fields=["snapshot", "status", "receipt_number", "submitted_at", "updated_at", "version"])
        record_change(
            application=full,
            from_status=ApplicationStatus.DRAFT,
            to_status=ApplicationStatus.SUBMITTED,
            acting_user=acting_user,
            actor=Actor.COMPANY,
            at=now,
        )
    return full
