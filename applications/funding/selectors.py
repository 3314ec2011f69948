"""The reads of payments, settlement and refunds: one application's funding (a fixed number of queries), the
money of calls and programs (a fixed number of queries whatever the number of projects), and what a company has
to do next. Scoped to who asks: staff through the review app's calls, a company through its membership."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.agreements.models import Agreement, AgreementItem, AgreementVersion
from applications.models import Application, Company
from applications.permissions import membership_of
from applications.review.permissions import staff_calls
from applications.selectors.due import DueItem, FiledItem
from applications.workflow import ApplicationStatus
from programs.models import Call, SupportItem

from .events import company_link
from .models import (
    Payment,
    Refund,
    Repayment,
    Settlement,
    SettlementEvent,
    SettlementLine,
    SettlementReceipt,
    SettlementState,
)

S = ApplicationStatus
# The settlement appears among the company's due items this many days before the project ends.
SETTLEMENT_DUE_ITEM_LEAD_DAYS = 30


def staff_funding_application(*, user, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.filter(call__in=staff_calls(user), receipt_number__isnull=False).select_related(
            "company", "call", "call__program"
        ),
        pk=pk,
    )


def company_funding_application(*, user, pk: int) -> Application:
    membership = membership_of(user)
    applications: QuerySet[Application] = (
        Application.objects.none()
        if membership is None
        else Application.objects.filter(company_id=membership.company_id)
    )
    return get_object_or_404(applications.select_related("company", "call", "call__program"), pk=pk)


@dataclass
class LineMoney:
    support_item: SupportItem
    agreed: int
    paid: int
    settlement_line: SettlementLine | None

    @property
    def remaining(self) -> int:
        return self.agreed - self.paid


@dataclass
class Funding:
    """One application's money: the agreement in force, its lines with agreed and paid, the payments, the
    settlement with its lines and receipts, the refunds with their repayments."""

    application: Application
    agreement: Agreement | None
    version: AgreementVersion | None
    lines: list[LineMoney]
    payments: list[Payment]
    settlement: Settlement | None
    refunds: list[Refund]

    @property
    def agreed(self) -> int:
        return sum(line.agreed for line in self.lines)

    @property
    def paid(self) -> int:
        return sum(payment.amount_krw for payment in self.payments if not payment.is_void)

    @property
    def accepted(self) -> int:
        if self.settlement is None or self.settlement.state != SettlementState.REVIEWED:
            return 0
        return sum(line.accepted_city_krw or 0 for line in self.settlement.lines.all())

    @property
    def assessed(self) -> int:
        return sum(refund.amount_krw for refund in self.refunds)

    @property
    def repaid(self) -> int:
        return sum(r.amount_krw for refund in self.refunds for r in refund.repayments.all())

    @property
    def settlement_due_on(self) -> date | None:
        if self.version is None or self.version.ends_on is None:
            return None
        return self.version.ends_on + timedelta(days=self.application.call.settlement_due_days)


def funding_of(application: Application) -> Funding:
    """Everything on the funding pages of one application, in a fixed number of queries."""
    agreement = (
        Agreement.objects.filter(application=application)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.filter(confirmed_at__isnull=False)
                .order_by("number")
                .prefetch_related(Prefetch("lines", queryset=AgreementItem.objects.select_related("support_item"))),
            ),
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("support_item", "recorded_by", "voided_by").order_by(
                    "paid_on", "id"
                ),
            ),
            Prefetch(
                "refunds",
                queryset=Refund.objects.select_related("assessed_by").prefetch_related(
                    Prefetch("repayments", queryset=Repayment.objects.select_related("recorded_by"))
                ),
            ),
        )
        .first()
    )
    if agreement is None:
        return Funding(application, None, None, [], [], None, [])
    versions = list(agreement.versions.all())
    version = versions[-1] if versions else None
    settlement = (
        Settlement.objects.filter(agreement=agreement)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=SettlementLine.objects.select_related("support_item").prefetch_related(
                    Prefetch("receipts", queryset=SettlementReceipt.objects.order_by("id"))
                ),
            ),
            Prefetch("history", queryset=SettlementEvent.objects.select_related("acting_user")),
        )
        .first()
    )
    payments = list(agreement.payments.all())
    paid: dict[int, int] = defaultdict(int)
    for payment in payments:
        if not payment.is_void:
            paid[payment.support_item_id] += payment.amount_krw
    settled = {line.support_item_id: line for line in settlement.lines.all()} if settlement else {}
    lines = [
        LineMoney(
            line.support_item, line.city_support_krw, paid[line.support_item_id], settled.get(line.support_item_id)
        )
        for line in (version.lines.all() if version else [])
    ]
    return Funding(application, agreement, version, lines, payments, settlement, list(agreement.refunds.all()))


# --- the money of calls and programs -----------------------------------------------------------------------


@dataclass
class Money:
    """budget → agreed → paid → settled → refund assessed → refunded → remaining (see docs/funding.md)."""

    budget: int = 0
    agreed: int = 0
    paid: int = 0
    settled: int = 0
    assessed: int = 0
    refunded: int = 0
    committed: int = 0
    projects: int = 0

    @property
    def remaining(self) -> int:
        return self.budget - self.committed

    @property
    def refund_outstanding(self) -> int:
        return self.assessed - self.refunded

    def add(self, other: "Money") -> None:
        for name in ("budget", "agreed", "paid", "settled", "assessed", "refunded", "committed", "projects"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class CallMoney(Money):
    call: Call | None = None


@dataclass
class ProgramMoney(Money):
    program: object = None
    calls: list[CallMoney] = field(default_factory=list)


@dataclass
class MoneySummary:
    calls: list[CallMoney]
    programs: list[ProgramMoney]
    total: Money


def _sums(queryset, key: str, value: str) -> dict[int, int]:
    rows = queryset.values(key).annotate(total=Sum(value)).order_by()
    return {row[key]: row["total"] or 0 for row in rows}


def call_money_summary(*, calls) -> MoneySummary:
    """Per call (in the order given) and per program: the money figures. Six queries whatever the number of
    calls and projects: the calls, the agreed lines, and one sum each of paid, settled, assessed and refunded."""
    calls = list(calls.select_related("program") if isinstance(calls, QuerySet) else calls)
    call_ids = [call.pk for call in calls]
    agreed_rows = AgreementItem.objects.filter(
        version__agreement__application__call_id__in=call_ids, version__confirmed_at__isnull=False
    ).values_list(
        "version__agreement_id",
        "version__agreement__application__call_id",
        "version__agreement__application__status",
        "version__number",
        "city_support_krw",
    )
    latest: dict[int, int] = {}
    agreed_by_version: dict[tuple[int, int], int] = defaultdict(int)
    info: dict[int, tuple[int, str]] = {}
    for agreement_id, call_id, status, number, city in agreed_rows:
        latest[agreement_id] = max(latest.get(agreement_id, 0), number)
        agreed_by_version[(agreement_id, number)] += city
        info[agreement_id] = (call_id, status)
    in_calls = {"agreement__application__call_id__in": call_ids}
    paid = _sums(Payment.objects.filter(voided_at__isnull=True, **in_calls), "agreement_id", "amount_krw")
    settled = _sums(
        SettlementLine.objects.filter(
            settlement__state=SettlementState.REVIEWED,
            settlement__agreement__application__call_id__in=call_ids,
        ),
        "settlement__agreement_id",
        "accepted_city_krw",
    )
    assessed = _sums(Refund.objects.filter(**in_calls), "agreement_id", "amount_krw")
    refunded = _sums(
        Repayment.objects.filter(refund__agreement__application__call_id__in=call_ids),
        "refund__agreement_id",
        "amount_krw",
    )
    rows = {call.pk: CallMoney(call=call, budget=call.budget_krw) for call in calls}
    for agreement_id, number in latest.items():
        call_id, status = info[agreement_id]
        row = rows[call_id]
        agreed = agreed_by_version[(agreement_id, number)]
        closed = status == S.CANCELLED or agreement_id in settled
        row.projects += 1
        row.agreed += agreed
        row.paid += paid.get(agreement_id, 0)
        row.settled += settled.get(agreement_id, 0)
        row.assessed += assessed.get(agreement_id, 0)
        row.refunded += refunded.get(agreement_id, 0)
        row.committed += paid.get(agreement_id, 0) - assessed.get(agreement_id, 0) if closed else agreed
    programs: dict[int, ProgramMoney] = {}
    total = Money()
    for call in calls:
        row = rows[call.pk]
        program = programs.setdefault(call.program_id, ProgramMoney(program=call.program))
        program.add(row)
        program.calls.append(row)
        total.add(row)
    return MoneySummary(calls=[rows[call.pk] for call in calls], programs=list(programs.values()), total=total)


# --- what a company has to do ------------------------------------------------------------------------------


def company_due_items(*, company: Company, today: date) -> list[DueItem]:
    """The settlement of each project in progress or completed that is not submitted yet (from 30 days before
    the project ends), and each refund not repaid yet. Two queries."""
    items: list[DueItem] = []
    agreements = (
        Agreement.objects.filter(application__company=company, application__status__in=(S.IN_PROGRESS, S.COMPLETED))
        .exclude(settlement__state__in=(SettlementState.SUBMITTED, SettlementState.REVIEWED))
        .select_related("application", "application__call")
        .prefetch_related(
            Prefetch(
                "versions", queryset=AgreementVersion.objects.filter(confirmed_at__isnull=False).order_by("number")
            )
        )
        .order_by("pk")
    )
    for agreement in agreements:
        versions = list(agreement.versions.all())
        ends_on = versions[-1].ends_on if versions else None
        if ends_on is None or today < ends_on - timedelta(days=SETTLEMENT_DUE_ITEM_LEAD_DAYS):
            continue
        application = agreement.application
        due_on = ends_on + timedelta(days=application.call.settlement_due_days)
        items.append(
            DueItem(
                title=_("Settlement of the project's spending"),
                project=application.project_label,
                due_on=due_on,
                url=company_link(application.pk),
                overdue=due_on < today,
            )
        )
    refunds = (
        Refund.objects.filter(agreement__application__company=company, repaid_on__isnull=True)
        .select_related("agreement__application")
        .order_by("due_on", "pk")
    )
    for refund in refunds:
        application = refund.agreement.application
        items.append(
            DueItem(
                title=_("Refund of support"),
                project=application.project_label,
                due_on=refund.due_on,
                url=company_link(application.pk),
                overdue=refund.due_on < today,
            )
        )
    return items


def settlement_reviewed(application: Application) -> bool:
    """The project's settlement is reviewed (its refund, if any, assessed): what completion waits for."""
    return Settlement.objects.filter(agreement__application=application, state=SettlementState.REVIEWED).exists()


def company_filed_items(*, company: Company) -> list[FiledItem]:
    """Every submission of the company's settlements (one query)."""
    events = (
        SettlementEvent.objects.filter(
            settlement__agreement__application__company=company, state=SettlementState.SUBMITTED
        )
        .select_related("settlement__agreement__application")
        .order_by("-at")
    )
    return [
        FiledItem(
            at=event.at,
            title=_("Settlement submitted"),
            project=event.settlement.agreement.application.project_label,
            url=reverse("funding:company", args=[event.settlement.agreement.application_id]),
        )
        for event in events
    ]
