"""The demo: the running project of last year's call has its first tranche; on an older call one ended
project's settlement waits for review; another was reviewed with a disallowed part and has an open refund; a
second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from applications.funding.models import Payment, Refund, Settlement, SettlementState
from applications.funding.selectors import call_money_summary, funding_of
from programs.demo import open_year
from programs.models import Call

pytestmark = pytest.mark.django_db


def test_the_demo_has_payments_a_settlement_to_review_and_an_open_refund():
    call_command("seed_demo", stdout=StringIO())
    # The demo history's imported projects are paid and settled in full; these are the funding demo's own.
    own = {"agreement__application__receipt_number__regex": r"-H[0-9]{4}$"}
    states = sorted(Settlement.objects.exclude(**own).values_list("state", flat=True))
    assert states == [SettlementState.REVIEWED, SettlementState.SUBMITTED]
    refund = Refund.objects.get()
    assert refund.is_open and refund.amount_krw == 5_000_000
    funding = funding_of(refund.agreement.application)
    assert funding.assessed == funding.paid - funding.accepted
    counts = Payment.objects.exclude(**own).count()
    assert counts == 5
    call = Call.objects.filter(year__gte=open_year() - 2)
    for row in call_money_summary(calls=call).calls:
        assert row.paid <= row.agreed <= row.budget
    call_command("seed_demo", stdout=StringIO())
    assert Payment.objects.exclude(**own).count() == counts and Refund.objects.count() == 1
