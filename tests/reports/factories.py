"""A small year of both programs: projects with agreements, payments and outcome reports, companies placed in
Yeongcheon's areas, built through the services where they exist (agreements, payments) and as the history import
writes verified reports (directly)."""

from django.utils import timezone

from applications.funding.services import payment_record
from applications.models import Application, ApplicationStatusChange, Company
from applications.outcomes.models import OutcomeReport, ReportState
from applications.workflow import ApplicationStatus
from programs.enums import ProgramCode
from tests.funding.factories import items, pdf, project, staff, today
from tests.programs.factories import CallFactory, ProgramFactory

S = ApplicationStatus


def calls_of(year: int):
    """The calls of programs A and B of ``year``."""
    return (
        CallFactory(year=year, program=ProgramFactory(code=ProgramCode.HVC)),
        CallFactory(year=year, program=ProgramFactory(code=ProgramCode.ITD)),
    )


def supported(call, *, address: str, city: int = 20_000_000, lines: int = 1, paid: int = 0):
    """A project in progress on ``call`` with a confirmed agreement, its company at ``address``; ``paid`` paid on
    its first line."""
    application = project(call, lines=lines, city=city)
    Company.objects.filter(pk=application.company_id).update(head_office_address=address)
    if paid:
        payment_record(
            application=application,
            acting_user=staff(),
            support_item_id=items(application)[0],
            tranche=1,
            paid_on=today(),
            amount_krw=paid,
            evidence=pdf(),
        )
    return application


def move(application, status, *, was_selected=False):
    """Set the status as the workflow would have left it; ``was_selected`` records the selection in the history."""
    Application.objects.filter(pk=application.pk).update(status=status)
    if was_selected:
        ApplicationStatusChange.objects.create(
            application=application, from_status=S.EVALUATION, to_status=S.SELECTED, actor="staff"
        )


def report(application, year: int, *, state=ReportState.VERIFIED, baseline=None, **figures):
    """An outcome report as the history import writes it (verified, directly)."""
    return OutcomeReport.objects.create(
        application=application,
        year=year,
        due_on=timezone.localdate(),
        state=state,
        baseline_sales_krw=baseline,
        verified_at=timezone.now() if state == ReportState.VERIFIED else None,
        **figures,
    )
