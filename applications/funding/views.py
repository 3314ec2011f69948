"""The funding pages: the staff summary of calls and programs; one application's payments, settlement review,
refunds and cancellation for staff; the company's settlement and refund status. Each POST calls one service; a
refused input re-renders the page (400) with the errors beside the fields and what was typed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.forms.errors import add_service_errors, error_summary
from applications.review.permissions import reviewed_calls, staff_required
from applications.views.common import member_required
from applications.workflow import ApplicationStatus

from . import selectors, services
from .forms import PaymentForm, ReasonForm, RepaymentForm, ReturnForm, ReviewForm, SettlementForm
from .models import Payment, Repayment, SettlementReceipt, SettlementState

S = ApplicationStatus
CANCELLABLE = (S.SELECTED, S.AGREEMENT, S.IN_PROGRESS)


@staff_required
def summary(request: HttpRequest) -> HttpResponse:
    calls = reviewed_calls().select_related("program").order_by("-year", "program__code", "code")
    return render(request, "funding/summary.html", {"summary": selectors.call_money_summary(calls=calls)})


def _bind(form, error: ValidationError):
    add_service_errors(form, error)
    return form


def _staff_context(funding, **forms) -> dict:
    application = funding.application
    settlement = funding.settlement
    context = {
        "application": application,
        "staff_call": application.call,
        "funding": funding,
        "payment_form": PaymentForm(lines=funding.lines),
        "void_form": ReasonForm(prefix="void"),
        "void_payment_id": None,
        "return_form": ReturnForm(prefix="return"),
        "review_form": ReviewForm(lines=funding.lines, prefix="review"),
        "repayment_form": None,
        "repayment_refund_id": None,
        "cancel_form": ReasonForm(prefix="cancel"),
        "can_pay": application.status == S.IN_PROGRESS
        and funding.version is not None
        and not (settlement and settlement.state == SettlementState.REVIEWED),
        "can_review": settlement is not None and settlement.state == SettlementState.SUBMITTED,
        "can_void": not (settlement and settlement.state == SettlementState.REVIEWED),
        "can_cancel": application.status in CANCELLABLE,
        "action_error": "",
    }
    context.update({key: value for key, value in forms.items() if value is not None})
    for refund in funding.refunds:
        bound = context["repayment_form"] if context["repayment_refund_id"] == refund.pk else None
        refund.repayment_form = bound or RepaymentForm(prefix=f"refund{refund.pk}")
    bound = [f for f in forms.values() if hasattr(f, "is_bound") and f.is_bound]
    context["errors"] = error_summary(bound[0]) if bound else []
    return context


def _staff_page(request, funding, status: int = 200, **forms) -> HttpResponse:
    return render(request, "funding/staff_application.html", _staff_context(funding, **forms), status=status)


@staff_required
def staff_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_funding_application(user=request.user, pk=pk)
    funding = selectors.funding_of(application)
    if request.method != "POST":
        return _staff_page(request, funding)
    action = request.POST.get("action", "")
    handler = STAFF_ACTIONS.get(action)
    if handler is None:
        raise Http404
    return handler(request, funding)


def _done(request, funding, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("funding:staff_application", pk=funding.application.pk)


def _payment(request, funding) -> HttpResponse:
    form = PaymentForm(request.POST, request.FILES, lines=funding.lines)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.payment_record(
                application=funding.application,
                acting_user=request.user,
                support_item_id=data["support_item"],
                tranche=data["tranche"],
                paid_on=data["paid_on"],
                amount_krw=data["amount_krw"],
                evidence=data["evidence"],
                note=data["note"],
            )
        except ValidationError as error:
            _bind(form, error)
        else:
            return _done(request, funding, _("The payment was recorded."))
    return _staff_page(request, funding, 400, payment_form=form)


def _void(request, funding) -> HttpResponse:
    payment = next((p for p in funding.payments if str(p.pk) == request.POST.get("payment")), None)
    if payment is None:
        raise Http404
    form = ReasonForm(request.POST, prefix="void")
    if form.is_valid():
        try:
            services.payment_void(payment=payment, acting_user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _bind(form, error)
        else:
            return _done(request, funding, _("The payment was voided."))
    return _staff_page(request, funding, 400, void_form=form, void_payment_id=payment.pk)


def _return(request, funding) -> HttpResponse:
    if funding.settlement is None:
        raise Http404
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            services.settlement_return(
                settlement=funding.settlement, acting_user=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            _bind(form, error)
        else:
            return _done(request, funding, _("The settlement was returned to the company."))
    return _staff_page(request, funding, 400, return_form=form)


def _finish(request, funding) -> HttpResponse:
    if funding.settlement is None:
        raise Http404
    form = ReviewForm(request.POST, lines=funding.lines, prefix="review")
    if form.is_valid():
        try:
            services.settlement_review_finish(
                settlement=funding.settlement, acting_user=request.user, decisions=form.decisions()
            )
        except ValidationError as error:
            _bind(form, error)
        else:
            return _done(request, funding, _("The settlement review is finished."))
    return _staff_page(request, funding, 400, review_form=form)


def _repayment(request, funding) -> HttpResponse:
    refund = next((r for r in funding.refunds if str(r.pk) == request.POST.get("refund")), None)
    if refund is None:
        raise Http404
    form = RepaymentForm(request.POST, request.FILES, prefix=f"refund{refund.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.refund_repayment_record(
                refund=refund,
                acting_user=request.user,
                paid_on=data["paid_on"],
                amount_krw=data["amount_krw"],
                evidence=data["evidence"],
            )
        except ValidationError as error:
            _bind(form, error)
        else:
            return _done(request, funding, _("The repayment was recorded."))
    return _staff_page(request, funding, 400, repayment_form=form, repayment_refund_id=refund.pk)


def _cancel(request, funding) -> HttpResponse:
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.project_cancel(
                application=funding.application, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _bind(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return _done(request, funding, _("The project was cancelled."))
    return _staff_page(request, funding, 400, cancel_form=form)


STAFF_ACTIONS = {
    "payment": _payment,
    "void": _void,
    "return": _return,
    "finish": _finish,
    "repayment": _repayment,
    "cancel": _cancel,
}


def _open(row, field_name: str, default_name: str) -> FileResponse:
    stored = getattr(row, field_name)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=False,
        filename=row.file_name or default_name,
        content_type=row.file_type or "application/octet-stream",
    )


@staff_required
def staff_file(request: HttpRequest, pk: int, kind: str, file_pk: int) -> FileResponse:
    application = selectors.staff_funding_application(user=request.user, pk=pk)
    if kind == "payment":
        row = Payment.objects.filter(agreement__application=application, pk=file_pk).first()
        field_name = "evidence"
    elif kind == "receipt":
        row = SettlementReceipt.objects.filter(line__settlement__agreement__application=application, pk=file_pk).first()
        field_name = "file"
    elif kind == "repayment":
        row = Repayment.objects.filter(refund__agreement__application=application, pk=file_pk).first()
        field_name = "evidence"
    else:
        raise Http404
    if row is None:
        raise Http404
    return _open(row, field_name, "evidence")


# --- the company's page ------------------------------------------------------------------------------------


def _company_context(funding, form=None) -> dict:
    settlement = funding.settlement
    editable = (
        funding.version is not None
        and funding.application.status in services.SETTLEMENT_STATUSES
        and (settlement is None or settlement.editable)
    )
    if editable and form is None:
        form = SettlementForm(lines=funding.lines)
    return {
        "application": funding.application,
        "funding": funding,
        "form": form if editable else None,
        "editable": editable,
        "errors": error_summary(form) if form is not None and form.is_bound else [],
        "open_refunds": [refund for refund in funding.refunds if refund.is_open],
    }


@member_required
def company_funding(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.company_funding_application(user=request.user, pk=pk)
    funding = selectors.funding_of(application)
    if request.method != "POST":
        return render(request, "funding/company.html", _company_context(funding))
    context = _company_context(funding)
    if not context["editable"]:
        raise Http404
    action = request.POST.get("action", "")
    if action == "remove_receipt":
        receipt = next(
            (
                r
                for line in funding.lines
                if line.settlement_line
                for r in line.settlement_line.receipts.all()
                if str(r.pk) == request.POST.get("receipt")
            ),
            None,
        )
        if receipt is None:
            raise Http404
        try:
            services.settlement_receipt_remove(receipt=receipt, acting_user=request.user)
        except ValidationError as error:  # submitted meanwhile (another member, another tab)
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The receipt was removed."))
        return redirect("funding:company", pk=pk)
    if action not in ("save", "submit"):
        raise Http404
    form = SettlementForm(request.POST, request.FILES, lines=funding.lines)
    if form.is_valid():
        try:
            services.settlement_save(
                application=application, acting_user=request.user, lines=form.spending(), receipts=form.receipts()
            )
            if action == "submit":
                # The draft stays saved as typed when the submission is refused.
                services.settlement_submit(application=application, acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if action == "submit":
                messages.success(request, _("Thank you: the settlement was submitted for review."))
            else:
                messages.success(request, _("The settlement draft was saved."))
            return redirect("funding:company", pk=pk)
    funding = selectors.funding_of(application)
    form.lines = funding.lines
    return render(request, "funding/company.html", _company_context(funding, form=form), status=400)


@member_required
def company_receipt(request: HttpRequest, pk: int, receipt_pk: int) -> FileResponse:
    application = selectors.company_funding_application(user=request.user, pk=pk)
    receipt = SettlementReceipt.objects.filter(
        line__settlement__agreement__application=application, pk=receipt_pk
    ).first()
    if receipt is None:
        raise Http404
    return _open(receipt, "file", "receipt")
