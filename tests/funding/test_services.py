"""The money services: payments within what is agreed (also under concurrent payments on PostgreSQL), voiding,
the settlement with its receipts, the review and its refund, repayments, cancellation; bad input names its field
and saves nothing."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from applications.funding.models import Payment, Refund, RefundKind, Settlement, SettlementReceipt, SettlementState
from applications.funding.selectors import call_money_summary, funding_of
from applications.funding.services import (
    LineDecision,
    SpendingInput,
    payment_record,
    payment_void,
    project_cancel,
    refund_repayment_record,
    settlement_return,
    settlement_review_finish,
    settlement_save,
    settlement_submit,
)
from applications.models import ApplicationStatusChange
from programs.models import Call
from tests.agreements.factories import selected_application

from .factories import S, fake_pdf, items, member_of, pdf, project, staff, today

pytestmark = pytest.mark.django_db


def pay(application, amount, *, item=None, user=None, tranche=1):
    return payment_record(
        application=application,
        acting_user=user or staff(),
        support_item_id=item or items(application)[0],
        tranche=tranche,
        paid_on=today(),
        amount_krw=amount,
        evidence=pdf(),
    )


def submitted(application, spent: dict[int, int], member=None):
    member = member or member_of(application)
    settlement_save(
        application=application,
        acting_user=member,
        lines=[SpendingInput(item, city, 1_000_000, 0) for item, city in spent.items()],
        receipts={item: [pdf("receipt.pdf")] for item in spent},
    )
    return settlement_submit(application=application, acting_user=member)


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_payments_up_to_the_agreed_line_and_not_one_won_more():
    application = project(city=20_000_000)
    user = staff()
    pay(application, 12_000_000, user=user)
    pay(application, 8_000_000, user=user, tranche=2)
    with pytest.raises(ValidationError) as caught:
        pay(application, 1, user=user, tranche=3)
    assert "amount_krw" in field_errors(caught.value)
    assert [e.code for e in caught.value.error_dict["amount_krw"]] == ["over_agreed"]
    assert Payment.objects.count() == 2
    assert funding_of(application).paid == 20_000_000


def test_payment_bad_input_names_the_field_and_saves_nothing():
    application = project()
    user = staff()
    cases = [
        ({"amount_krw": 0}, "amount_krw"),
        ({"tranche": 0}, "tranche"),
        ({"paid_on": None}, "paid_on"),
        ({"evidence": None}, "evidence"),
        ({"evidence": fake_pdf()}, "evidence"),
        ({"support_item_id": selected_application().items.get().support_item_id}, "support_item"),
    ]
    for changes, field in cases:
        kwargs = {
            "application": application,
            "acting_user": user,
            "support_item_id": items(application)[0],
            "tranche": 1,
            "paid_on": today(),
            "amount_krw": 1_000_000,
            "evidence": pdf(),
        }
        kwargs.update(changes)
        with pytest.raises(ValidationError) as caught:
            payment_record(**kwargs)
        assert field in field_errors(caught.value), (changes, caught.value)
    assert Payment.objects.count() == 0


def test_payments_only_by_staff_and_only_in_progress():
    application = project()
    with pytest.raises(PermissionDenied):
        pay(application, 1_000, user=member_of(application))
    selected = selected_application()
    with pytest.raises(ValidationError):
        pay(selected, 1_000, item=selected.items.get().support_item_id)
    assert Payment.objects.count() == 0


def test_the_lines_of_the_agreement_in_force_limit_each_line_separately():
    application = project(lines=2, city=10_000_000)
    first, second = items(application)
    pay(application, 10_000_000, item=first)
    with pytest.raises(ValidationError):
        pay(application, 1, item=first)
    pay(application, 10_000_000, item=second)
    assert [line.remaining for line in funding_of(application).lines] == [0, 0]


def test_a_voided_payment_frees_its_amount_and_stays_in_the_history():
    application = project(city=10_000_000)
    user = staff()
    payment = pay(application, 10_000_000, user=user)
    with pytest.raises(ValidationError) as caught:
        payment_void(payment=payment, acting_user=user, reason=" ")
    assert "reason" in field_errors(caught.value)
    payment_void(payment=payment, acting_user=user, reason="잘못된 계좌")
    pay(application, 10_000_000, user=user)
    funding = funding_of(application)
    assert funding.paid == 10_000_000 and len(funding.payments) == 2
    assert [p.void_reason for p in funding.payments if p.is_void] == ["잘못된 계좌"]
    with pytest.raises(ValidationError):
        payment_void(payment=payment, acting_user=user, reason="again")


def test_settlement_submission_needs_a_receipt_for_each_line_with_spending_and_keeps_the_draft():
    application = project(lines=2, city=10_000_000)
    first, second = items(application)
    member = member_of(application)
    settlement_save(
        application=application,
        acting_user=member,
        lines=[SpendingInput(first, 5_000_000, 1_000_000, 0), SpendingInput(second, 3_000_000, 0, 0)],
        receipts={first: [pdf("r1.pdf")]},
    )
    with pytest.raises(ValidationError) as caught:
        settlement_submit(application=application, acting_user=member)
    assert list(field_errors(caught.value)) == [f"receipts_{second}"]
    settlement = Settlement.objects.get()
    assert settlement.state == SettlementState.DRAFT
    assert sorted(settlement.lines.values_list("city_spent_krw", flat=True)) == [3_000_000, 5_000_000]


def test_a_bad_receipt_is_refused_naming_its_line_and_nothing_is_saved():
    application = project()
    item = items(application)[0]
    member = member_of(application)
    with pytest.raises(ValidationError) as caught:
        settlement_save(
            application=application,
            acting_user=member,
            lines=[SpendingInput(item, 5_000_000, 0, 0)],
            receipts={item: [pdf("ok.pdf"), fake_pdf("bad.pdf")]},
        )
    assert list(field_errors(caught.value)) == [f"receipts_{item}"]
    assert "bad.pdf" in field_errors(caught.value)[f"receipts_{item}"][0]
    assert not Settlement.objects.exists() and not SettlementReceipt.objects.exists()


def test_only_a_member_of_the_company_prepares_the_settlement():
    application = project()
    with pytest.raises(PermissionDenied):
        settlement_save(application=application, acting_user=staff(), lines=[])
    with pytest.raises(PermissionDenied):
        settlement_save(application=application, acting_user=member_of(project()), lines=[])


def test_review_accepts_within_spent_and_paid_and_the_refund_is_paid_minus_accepted():
    application = project(lines=2, city=10_000_000)
    first, second = items(application)
    pay(application, 10_000_000, item=first)
    pay(application, 6_000_000, item=second)
    settlement = submitted(application, {first: 9_000_000, second: 7_000_000})
    user = staff()
    with pytest.raises(ValidationError) as caught:
        settlement_review_finish(
            settlement=settlement,
            acting_user=user,
            decisions=[LineDecision(first, 9_500_000, ""), LineDecision(second, 6_500_000, "")],
        )
    errors = field_errors(caught.value)
    assert {f"accepted_{first}", f"accepted_{second}", f"reason_{second}"} <= set(errors)
    assert Settlement.objects.get().state == SettlementState.SUBMITTED and not Refund.objects.exists()
    settlement_review_finish(
        settlement=settlement,
        acting_user=user,
        decisions=[LineDecision(first, 8_000_000, "영수증 불인정"), LineDecision(second, 6_000_000, "미지급분")],
    )
    refund = Refund.objects.get()
    assert refund.kind == RefundKind.SETTLEMENT and refund.amount_krw == 16_000_000 - 14_000_000
    funding = funding_of(application)
    assert funding.assessed == funding.paid - funding.accepted
    # After the review: no more payments, no voiding.
    with pytest.raises(ValidationError):
        pay(application, 1, item=second)
    with pytest.raises(ValidationError):
        payment_void(payment=Payment.objects.first(), acting_user=user, reason="x")


def test_a_fully_accepted_settlement_opens_no_refund():
    application = project(city=10_000_000)
    item = items(application)[0]
    pay(application, 10_000_000, item=item)
    settlement = submitted(application, {item: 10_000_000})
    settlement_review_finish(settlement=settlement, acting_user=staff(), decisions=[LineDecision(item, 10_000_000, "")])
    assert not Refund.objects.exists()


def test_returned_settlement_is_revised_and_submitted_again():
    application = project()
    item = items(application)[0]
    member = member_of(application)
    settlement = submitted(application, {item: 1_000_000}, member)
    with pytest.raises(ValidationError) as caught:
        settlement_return(settlement=settlement, acting_user=staff(), comment="")
    assert "comment" in field_errors(caught.value)
    settlement_return(settlement=settlement, acting_user=staff(), comment="세금계산서를 추가하세요")
    with pytest.raises(ValidationError):
        settlement_review_finish(settlement=settlement, acting_user=staff(), decisions=[LineDecision(item, 0, "x")])
    settlement_save(application=application, acting_user=member, lines=[SpendingInput(item, 2_000_000, 0, 0)])
    settlement_submit(application=application, acting_user=member)
    settlement.refresh_from_db()
    assert settlement.state == SettlementState.SUBMITTED
    assert list(settlement.history.values_list("state", flat=True)) == ["submitted", "returned", "submitted"]


def test_repayments_never_exceed_the_refund_and_close_it():
    application = project(city=10_000_000)
    item = items(application)[0]
    pay(application, 10_000_000, item=item)
    user = staff()
    refund = project_cancel(application=application, acting_user=user, reason="사업 포기")
    assert refund.amount_krw == 10_000_000
    refund_repayment_record(refund=refund, acting_user=user, paid_on=today(), amount_krw=4_000_000)
    with pytest.raises(ValidationError) as caught:
        refund_repayment_record(refund=refund, acting_user=user, paid_on=today(), amount_krw=6_000_001)
    assert "amount_krw" in field_errors(caught.value)
    with pytest.raises(ValidationError) as caught:
        refund_repayment_record(refund=refund, acting_user=user, paid_on=today(), amount_krw=1, evidence=fake_pdf())
    assert "evidence" in field_errors(caught.value)
    refund_repayment_record(refund=refund, acting_user=user, paid_on=today(), amount_krw=6_000_000, evidence=pdf())
    refund.refresh_from_db()
    assert refund.repaid_on == today() and not refund.is_open


def test_cancellation_needs_a_reason_moves_the_status_and_refunds_what_was_paid():
    application = project(city=10_000_000)
    pay(application, 7_000_000)
    user = staff()
    with pytest.raises(ValidationError) as caught:
        project_cancel(application=application, acting_user=user, reason="  ")
    assert "reason" in field_errors(caught.value)
    application.refresh_from_db()
    assert application.status == S.IN_PROGRESS
    refund = project_cancel(application=application, acting_user=user, reason="협약 위반")
    application.refresh_from_db()
    assert application.status == S.CANCELLED
    change = ApplicationStatusChange.objects.filter(application=application).latest("changed_at")
    assert (change.to_status, change.reason) == (S.CANCELLED, "협약 위반")
    assert refund.kind == RefundKind.CANCELLATION and refund.amount_krw == 7_000_000
    assert refund.due_on > today()
    with pytest.raises(ValidationError):
        pay(application, 1)


def test_cancellation_after_a_reviewed_settlement_refunds_only_what_is_not_yet_assessed():
    application = project(city=10_000_000)
    item = items(application)[0]
    pay(application, 10_000_000, item=item)
    settlement = submitted(application, {item: 10_000_000})
    settlement_review_finish(settlement=settlement, acting_user=staff(), decisions=[LineDecision(item, 9_000_000, "x")])
    project_cancel(application=application, acting_user=staff(), reason="사후 취소")
    funding = funding_of(application)
    assert funding.assessed == funding.paid - funding.accepted == 1_000_000
    assert Refund.objects.count() == 1


def test_cancelling_without_any_payment_opens_no_refund():
    application = project()
    assert project_cancel(application=application, acting_user=staff(), reason="포기") is None
    assert not Refund.objects.exists()


def test_call_summary_figures_are_consistent():
    call = Call.objects.get(pk=project().call_id)
    running = project(call, city=10_000_000)
    pay(running, 4_000_000)
    settled = project(call, city=10_000_000)
    item = items(settled)[0]
    pay(settled, 10_000_000, item=item)
    settlement_review_finish(
        settlement=submitted(settled, {item: 10_000_000}),
        acting_user=staff(),
        decisions=[LineDecision(item, 7_000_000, "x")],
    )
    refund = Refund.objects.get()
    refund_repayment_record(refund=refund, acting_user=staff(), paid_on=today(), amount_krw=1_000_000)
    row = call_money_summary(calls=Call.objects.filter(pk=call.pk)).calls[0]
    assert (row.projects, row.agreed, row.paid, row.settled, row.assessed, row.refunded) == (
        3,
        40_000_000,
        14_000_000,
        7_000_000,
        3_000_000,
        1_000_000,
    )
    # Committed: 20,000,000 + 10,000,000 agreed for the open projects, 10,000,000 - 3,000,000 for the settled one.
    assert row.remaining == call.budget_krw - 37_000_000
    assert row.paid <= row.agreed <= row.budget and row.assessed == 10_000_000 - row.settled


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payments_of_the_last_remaining_amount_let_exactly_one_through(require_postgres):
    application = project(city=10_000_000)
    item = items(application)[0]
    pay(application, 6_000_000, item=item)
    users = [staff(), staff()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def record(user) -> None:
        try:
            barrier.wait(timeout=10)
            pay(application, 4_000_000, item=item, user=user, tranche=2)
            outcomes.append("paid")
        except ValidationError as error:
            outcomes.extend(e.code for e in error.error_dict.get("amount_krw", []))
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["over_agreed", "paid"]
    funding = funding_of(application)
    assert funding.paid == funding.agreed == 10_000_000


@pytest.mark.django_db(transaction=True)
def test_a_payment_and_a_cancellation_at_once_keep_refund_equal_to_paid(require_postgres):
    application = project(city=10_000_000)
    item = items(application)[0]
    pay(application, 3_000_000, item=item)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    payer, canceller = staff(), staff()

    def record() -> None:
        try:
            barrier.wait(timeout=10)
            pay(application, 5_000_000, item=item, user=payer, tranche=2)
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    def cancel() -> None:
        try:
            barrier.wait(timeout=10)
            project_cancel(application=application, acting_user=canceller, reason="취소")
            outcomes.append("cancelled")
        finally:
            connection.close()

    threads = [threading.Thread(target=record), threading.Thread(target=cancel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert "cancelled" in outcomes and len(outcomes) == 2
    funding = funding_of(application)
    assert funding.assessed == funding.paid - funding.accepted
    assert funding.paid in (3_000_000, 8_000_000)


def test_settlement_due_date_follows_the_agreement_end():
    application = project()
    funding = funding_of(application)
    assert funding.settlement_due_on == funding.version.ends_on + timedelta(days=application.call.settlement_due_days)


@pytest.mark.usefixtures("english")
def test_a_change_of_the_agreement_cannot_agree_less_than_is_paid():
    from applications.agreements.services import (
        LineInput,
        agreement_change,
        agreement_version_issue,
        agreement_version_save,
    )

    application = project(city=20_000_000)
    item = items(application)[0]
    pay(application, 15_000_000)
    user = staff()
    change = agreement_change(agreement=application.agreement, acting_user=user, reason="사업비 감액")
    line = change.lines.get()
    agreement_version_save(
        version=change,
        acting_user=user,
        starts_on=change.starts_on,
        ends_on=change.ends_on,
        special_conditions="",
        change_reason="사업비 감액",
        lines=[LineInput(item, 10_000_000, line.company_cash_krw, line.company_inkind_krw)],
        milestones=[],
    )
    with pytest.raises(ValidationError) as caught:
        agreement_version_issue(version=change, acting_user=user)
    assert list(caught.value.message_dict) == [f"city_{item}"]
    assert "KRW 15,000,000 is paid already" in caught.value.message_dict[f"city_{item}"][0]
    change.refresh_from_db()
    assert change.issued_at is None
