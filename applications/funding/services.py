"""The writes of payments, settlement, refunds and cancellation. Keyword-only, each in one transaction;
notifications are written in the transaction and queued on commit.

Every write that changes money of an agreement locks the agreement's row first (``select_for_update``): two
payments on the same project, or a payment and a cancellation, are serialised, and the second sees the first.
The invariants kept here (and tested under concurrent writes on PostgreSQL):

- per agreed line, paid (payments not voided) ≤ the city support of the current confirmed agreement;
- per settlement line, accepted ≤ spent and ≤ paid on that line;
- refunds assessed for an agreement = paid - accepted (accepted is 0 until the settlement is reviewed);
- per refund, repaid ≤ amount.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.agreements.models import Agreement, AgreementVersion
from applications.enums import FileKind
from applications.models import Application
from applications.permissions import is_member
from applications.review.permissions import is_staff_user
from applications.services.transitions import move
from applications.uploads import CheckedFile, check_upload
from applications.workflow import ApplicationStatus
from reports.cache import results_changed

from .events import notify_funding
from .models import (
    Payment,
    Refund,
    RefundKind,
    Repayment,
    Settlement,
    SettlementEvent,
    SettlementLine,
    SettlementReceipt,
    SettlementState,
)

S = ApplicationStatus
PAYMENT_STATUSES = (S.IN_PROGRESS,)
SETTLEMENT_STATUSES = (S.IN_PROGRESS, S.COMPLETED)
EVIDENCE_KINDS = (FileKind.PDF, FileKind.JPEG, FileKind.PNG)
MAX_RECEIPTS_PER_LINE = 20


@dataclass(frozen=True)
class SpendingInput:
    support_item_id: int
    city: int
    cash: int
    inkind: int


@dataclass(frozen=True)
class LineDecision:
    support_item_id: int
    accepted: int | None
    reason: str


def won(amount: int) -> str:
    return _("KRW %(amount)s") % {"amount": intcomma(amount)}


def _require_staff(user) -> None:
    if not is_staff_user(user):
        raise PermissionDenied(_("Only Technopark staff may record payments, review settlements and refunds."))


def _evidence(uploaded, field: str) -> CheckedFile:
    """A PDF or an image, checked by its content; the error names ``field``."""
    try:
        checked = check_upload(uploaded)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    if checked.kind not in EVIDENCE_KINDS:
        raise ValidationError({field: _("Upload a PDF, JPG or PNG file.")})
    return checked


def _store(row, field_name: str, uploaded, checked: CheckedFile) -> None:
    getattr(row, field_name).save(uploaded.name or "file", uploaded, save=False)
    row.file_name = (uploaded.name or "")[:255]
    row.file_sha256 = checked.sha256
    row.file_type = checked.content_type


def current_version(agreement: Agreement) -> AgreementVersion | None:
    """The agreement in force: its newest confirmed version."""
    return agreement.versions.filter(confirmed_at__isnull=False).order_by("-number").prefetch_related("lines").first()


def agreed_by_item(agreement: Agreement) -> dict[int, int]:
    version = current_version(agreement)
    return {line.support_item_id: line.city_support_krw for line in version.lines.all()} if version else {}


def paid_by_item(agreement: Agreement) -> dict[int, int]:
    rows = (
        Payment.objects.filter(agreement=agreement, voided_at__isnull=True)
        .values("support_item_id")
        .annotate(total=Sum("amount_krw"))
        .order_by()
    )
    return {row["support_item_id"]: row["total"] for row in rows}


def accepted_total(agreement: Agreement) -> int:
    """City support accepted by the reviewed settlement (0 before the review)."""
    return (
        SettlementLine.objects.filter(
            settlement__agreement=agreement, settlement__state=SettlementState.REVIEWED
        ).aggregate(total=Sum("accepted_city_krw"))["total"]
        or 0
    )


def assessed_total(agreement: Agreement) -> int:
    return Refund.objects.filter(agreement=agreement).aggregate(total=Sum("amount_krw"))["total"] or 0


def _locked_agreement(application: Application) -> Agreement:
    agreement = Agreement.objects.select_for_update().filter(application_id=application.pk).first()
    if agreement is None:
        raise ValidationError(_("This application has no agreement."), code="no_agreement")
    return agreement


def _status(application: Application) -> str:
    return Application.objects.filter(pk=application.pk).values_list("status", flat=True).get()


def _settlement_reviewed(agreement: Agreement) -> bool:
    return Settlement.objects.filter(agreement=agreement, state=SettlementState.REVIEWED).exists()


# --- payments ----------------------------------------------------------------------------------------------


@transaction.atomic
def payment_record(
    *,
    application: Application,
    acting_user,
    support_item_id: int | None,
    tranche: int | None,
    paid_on: date | None,
    amount_krw: int | None,
    evidence,
    note: str = "",
) -> Payment:
    """Staff record a payment on one line of the agreement in force, if the line's agreed city support minus
    what was already paid on it covers the amount, for a project in progress."""
    _require_staff(acting_user)
    errors: dict[str, str] = {}
    if not amount_krw or amount_krw <= 0:
        errors["amount_krw"] = _("Enter the amount paid, more than zero.")
    if not tranche or tranche < 1:
        errors["tranche"] = _("Enter the tranche: 1, 2, …")
    if paid_on is None:
        errors["paid_on"] = _("Enter the date of the payment.")
    if evidence is None:
        errors["evidence"] = _("Attach the evidence of the payment (PDF or image).")
    if errors:
        raise ValidationError(errors)
    checked = _evidence(evidence, "evidence")
    agreement = _locked_agreement(application)
    if _status(application) not in PAYMENT_STATUSES:
        raise ValidationError(_("Payments are recorded only for a project in progress."), code="not_in_progress")
    if _settlement_reviewed(agreement):
        raise ValidationError(_("The settlement is reviewed: no more payments."), code="settled")
    agreed = agreed_by_item(agreement)
    if support_item_id not in agreed:
        raise ValidationError(
            {"support_item": _("Choose a support item of the agreement in force.")}, code="not_agreed"
        )
    paid = paid_by_item(agreement).get(support_item_id, 0)
    remaining = agreed[support_item_id] - paid
    if amount_krw > remaining:
        message = _(
            "%(amount)s is above what remains of this line: %(agreed)s agreed, %(paid)s already paid, "
            "%(remaining)s remains."
        ) % {
            "amount": won(amount_krw),
            "agreed": won(agreed[support_item_id]),
            "paid": won(paid),
            "remaining": won(max(remaining, 0)),
        }
        raise ValidationError({"amount_krw": ValidationError(message, code="over_agreed")})
    payment = Payment(
        agreement=agreement,
        support_item_id=support_item_id,
        tranche=tranche,
        paid_on=paid_on,
        amount_krw=amount_krw,
        note=(note or "").strip(),
        recorded_by=acting_user,
    )
    _store(payment, "evidence", evidence, checked)
    payment.save()
    results_changed()
    return payment


@transaction.atomic
def payment_void(*, payment: Payment, acting_user, reason: str) -> Payment:
    """Staff void a wrong payment with the reason (the row stays, struck through), until the settlement is
    reviewed."""
    _require_staff(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for voiding the payment.")})
    agreement = Agreement.objects.select_for_update().get(pk=payment.agreement_id)
    payment = Payment.objects.get(pk=payment.pk)
    if payment.voided_at is not None:
        raise ValidationError(_("This payment is already void."), code="void")
    if _settlement_reviewed(agreement):
        raise ValidationError(_("The settlement is reviewed: payments can no longer be voided."), code="settled")
    payment.voided_at, payment.voided_by, payment.void_reason = timezone.now(), acting_user, reason
    payment.save(update_fields=["voided_at", "voided_by", "void_reason"])
    results_changed()
    return payment


# --- settlement --------------------------------------------------------------------------------------------


def _member_settlement(application: Application, acting_user) -> tuple[Agreement, Settlement]:
    application = Application.objects.select_related("company").get(pk=application.pk)
    if not is_member(acting_user, application.company):
        raise PermissionDenied(_("Only a member of the company may prepare its settlement."))
    agreement = _locked_agreement(application)
    if application.status not in SETTLEMENT_STATUSES:
        raise ValidationError(_("A settlement is made for a project in progress or completed."), code="status")
    settlement, _created = Settlement.objects.get_or_create(agreement=agreement)
    if not settlement.editable:
        raise ValidationError(_("The settlement was submitted; it cannot be changed now."), code="not_editable")
    return agreement, settlement


@transaction.atomic
def settlement_save(
    *,
    application: Application,
    acting_user,
    lines: list[SpendingInput],
    receipts: dict[int, list] | None = None,
) -> Settlement:
    """The company saves its draft: spending per agreed line (as typed) and any receipts added. A receipt that is
    not a PDF or an image is refused naming its line, and then nothing is saved."""
    agreement, settlement = _member_settlement(application, acting_user)
    agreed = agreed_by_item(agreement)
    if any(line.support_item_id not in agreed for line in lines):
        raise ValidationError({"lines": _("A support item that is not of the agreement was given.")})
    receipts = {item: files for item, files in (receipts or {}).items() if files}
    if any(item not in agreed for item in receipts):
        raise ValidationError({"lines": _("A support item that is not of the agreement was given.")})
    checked: dict[int, list] = {}
    errors: dict[str, list[str]] = {}
    for item, files in receipts.items():
        for uploaded in files:
            try:
                checked.setdefault(item, []).append((uploaded, _evidence(uploaded, f"receipts_{item}")))
            except ValidationError as error:
                errors.setdefault(f"receipts_{item}", []).extend(
                    f"{uploaded.name}: {message}" for message in error.messages
                )
    if errors:
        raise ValidationError(errors)
    existing = {line.support_item_id: line for line in settlement.lines.all()}
    for item_id in agreed:
        line = existing.get(item_id) or SettlementLine(settlement=settlement, support_item_id=item_id)
        given = next((entry for entry in lines if entry.support_item_id == item_id), None)
        if given is not None:
            line.city_spent_krw, line.cash_spent_krw, line.inkind_spent_krw = given.city, given.cash, given.inkind
        line.save()
        for uploaded, result in checked.get(item_id, []):
            if line.receipts.count() >= MAX_RECEIPTS_PER_LINE:
                raise ValidationError(
                    {
                        f"receipts_{item_id}": _("Attach at most %(max)d receipts per line.")
                        % {"max": MAX_RECEIPTS_PER_LINE}
                    }
                )
            receipt = SettlementReceipt(line=line, uploaded_by=acting_user)
            _store(receipt, "file", uploaded, result)
            receipt.save()
    SettlementLine.objects.filter(settlement=settlement).exclude(support_item_id__in=list(agreed)).delete()
    return settlement


@transaction.atomic
def settlement_receipt_remove(*, receipt: SettlementReceipt, acting_user) -> None:
    application = receipt.line.settlement.agreement.application
    _agreement, settlement = _member_settlement(application, acting_user)
    if receipt.line.settlement_id != settlement.pk:
        raise PermissionDenied
    SettlementReceipt.objects.filter(pk=receipt.pk).delete()


@transaction.atomic
def settlement_submit(*, application: Application, acting_user) -> Settlement:
    """The company submits its saved draft; every line with spending needs at least one receipt."""
    agreement, settlement = _member_settlement(application, acting_user)
    agreed = agreed_by_item(agreement)
    lines = list(settlement.lines.select_related("support_item").prefetch_related("receipts"))
    if {line.support_item_id for line in lines} != set(agreed):
        raise ValidationError(_("Enter the spending of every line first."), code="incomplete")
    errors = {
        f"receipts_{line.support_item_id}": _("%(item)s: attach at least one receipt for the spending of this line.")
        % {"item": line.support_item.name}
        for line in lines
        if line.has_spending and not line.receipts.all()
    }
    if errors:
        raise ValidationError(errors, code="receipt_missing")
    settlement.state = SettlementState.SUBMITTED
    settlement.submitted_at, settlement.submitted_by = timezone.now(), acting_user
    settlement.save(update_fields=["state", "submitted_at", "submitted_by"])
    SettlementEvent.objects.create(settlement=settlement, state=SettlementState.SUBMITTED, acting_user=acting_user)
    return settlement


def _submitted_locked(settlement: Settlement) -> tuple[Agreement, Settlement]:
    agreement = Agreement.objects.select_for_update().select_related("application").get(pk=settlement.agreement_id)
    settlement = Settlement.objects.get(pk=settlement.pk)
    if settlement.state != SettlementState.SUBMITTED:
        raise ValidationError(_("This settlement is not waiting for review."), code="not_submitted")
    if agreement.application.status not in SETTLEMENT_STATUSES:
        raise ValidationError(_("A settlement is made for a project in progress or completed."), code="status")
    return agreement, settlement


@transaction.atomic
def settlement_return(*, settlement: Settlement, acting_user, comment: str) -> Settlement:
    """Staff send the settlement back to the company with what to revise."""
    _require_staff(acting_user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the company should revise.")})
    agreement, settlement = _submitted_locked(settlement)
    settlement.state, settlement.return_comment = SettlementState.RETURNED, comment
    settlement.save(update_fields=["state", "return_comment"])
    SettlementEvent.objects.create(
        settlement=settlement, state=SettlementState.RETURNED, acting_user=acting_user, comment=comment
    )
    notify_funding(event="settlement_returned", agreement=agreement, params={"comment": comment})
    return settlement


def _refund_open(*, agreement: Agreement, acting_user, kind: str, reason: str) -> Refund | None:
    """A refund of what is paid and neither accepted nor already assessed (inside the caller's lock)."""
    paid = sum(paid_by_item(agreement).values())
    amount = paid - accepted_total(agreement) - assessed_total(agreement)
    if amount <= 0:
        return None
    refund = Refund.objects.create(
        agreement=agreement,
        kind=kind,
        amount_krw=amount,
        reason=reason,
        due_on=timezone.localdate() + timedelta(days=settings.FUNDING_REFUND_DUE_DAYS),
        assessed_by=acting_user,
    )
    notify_funding(
        event="refund_assessed",
        agreement=agreement,
        params={"amount": intcomma(amount), "due_on": refund.due_on.isoformat()},
    )
    return refund


@transaction.atomic
def settlement_review_finish(*, settlement: Settlement, acting_user, decisions: list[LineDecision]) -> Settlement:
    """Staff accept the city support of each line (≤ spent, ≤ paid on the line; a reason when less than spent
    is accepted) and finish the review; what was paid and not accepted becomes a refund."""
    _require_staff(acting_user)
    agreement, settlement = _submitted_locked(settlement)
    paid = paid_by_item(agreement)
    given = {decision.support_item_id: decision for decision in decisions}
    lines = list(settlement.lines.select_related("support_item"))
    errors: dict[str, str] = {}
    for line in lines:
        decision = given.get(line.support_item_id)
        item = line.support_item_id
        if decision is None or decision.accepted is None:
            errors[f"accepted_{item}"] = _("Enter the city support accepted for this line.")
            continue
        if decision.accepted < 0:
            errors[f"accepted_{item}"] = _("The amount cannot be negative.")
        elif decision.accepted > line.city_spent_krw:
            errors[f"accepted_{item}"] = _("At most the city support spent (%(spent)s) can be accepted.") % {
                "spent": won(line.city_spent_krw)
            }
        elif decision.accepted > paid.get(item, 0):
            errors[f"accepted_{item}"] = _("At most what was paid on this line (%(paid)s) can be accepted.") % {
                "paid": won(paid.get(item, 0))
            }
        if decision.accepted < line.city_spent_krw and not (decision.reason or "").strip():
            errors[f"reason_{item}"] = _("Give the reason for disallowing part of the spending.")
    if errors:
        raise ValidationError(errors)
    for line in lines:
        decision = given[line.support_item_id]
        line.accepted_city_krw = decision.accepted
        line.disallow_reason = (decision.reason or "").strip() if decision.accepted < line.city_spent_krw else ""
        line.save(update_fields=["accepted_city_krw", "disallow_reason"])
    settlement.state, settlement.reviewed_at, settlement.reviewed_by = (
        SettlementState.REVIEWED,
        timezone.now(),
        acting_user,
    )
    settlement.save(update_fields=["state", "reviewed_at", "reviewed_by"])
    SettlementEvent.objects.create(settlement=settlement, state=SettlementState.REVIEWED, acting_user=acting_user)
    notify_funding(event="settlement_reviewed", agreement=agreement)
    _refund_open(
        agreement=agreement,
        acting_user=acting_user,
        kind=RefundKind.SETTLEMENT,
        reason=_("Paid and not accepted in the settlement."),
    )
    results_changed()
    return settlement


# --- refunds and cancellation ------------------------------------------------------------------------------


@transaction.atomic
def refund_repayment_record(
    *, refund: Refund, acting_user, paid_on: date | None, amount_krw: int | None, evidence=None
) -> Repayment:
    """Staff record money paid back; never more than what is still owed. The refund is repaid when the
    repayments reach its amount."""
    _require_staff(acting_user)
    errors: dict[str, str] = {}
    if not amount_krw or amount_krw <= 0:
        errors["amount_krw"] = _("Enter the amount paid back, more than zero.")
    if paid_on is None:
        errors["paid_on"] = _("Enter the date of the repayment.")
    if errors:
        raise ValidationError(errors)
    checked = _evidence(evidence, "evidence") if evidence is not None else None
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    repaid = refund.repayments.aggregate(total=Sum("amount_krw"))["total"] or 0
    outstanding = refund.amount_krw - repaid
    if amount_krw > outstanding:
        raise ValidationError(
            {
                "amount_krw": ValidationError(
                    _("%(amount)s is more than the %(outstanding)s still owed.")
                    % {"amount": won(amount_krw), "outstanding": won(outstanding)},
                    code="over_refund",
                )
            }
        )
    repayment = Repayment(refund=refund, paid_on=paid_on, amount_krw=amount_krw, recorded_by=acting_user)
    if checked is not None:
        _store(repayment, "evidence", evidence, checked)
    repayment.save()
    if repaid + amount_krw == refund.amount_krw:
        refund.repaid_on = paid_on
        refund.save(update_fields=["repaid_on"])
    results_changed()
    return repayment


@transaction.atomic
def project_cancel(*, application: Application, acting_user, reason: str) -> Refund | None:
    """Staff cancel the project with the reason (application → cancelled, through ``move``); what was paid and
    not accepted in a reviewed settlement becomes a refund."""
    _require_staff(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the project.")})
    agreement = Agreement.objects.select_for_update().filter(application_id=application.pk).first()
    application = Application.objects.select_related("company").get(pk=application.pk)
    move(application=application, acting_user=acting_user, to=S.CANCELLED, reason=reason)
    results_changed()
    if agreement is None:
        return None
    notify_funding(event="project_cancelled", agreement=agreement, params={"reason": reason})
    return _refund_open(agreement=agreement, acting_user=acting_user, kind=RefundKind.CANCELLATION, reason=reason)
