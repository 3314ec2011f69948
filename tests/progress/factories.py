"""A project in progress: a selected application whose agreement (two milestones, a period of 240 days from 60
days ago) staff sent and a member confirmed; the member; staff; uploads."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.agreements.models import AgreementVersion
from applications.agreements.services import (
    LineInput,
    MilestoneInput,
    agreement_confirm,
    agreement_draft,
    agreement_version_issue,
    agreement_version_save,
)
from applications.demo import minimal_pdf
from applications.progress.services import (
    AnswerInput,
    agreed_milestones,
    report_accept,
    report_save,
    report_submit,
)
from tests.agreements.factories import member_of, selected_application, staff


def in_progress(call=None, *, starts_days: int = -60, days: int = 240):
    """(application, member, staff): the agreement runs from ``starts_days`` from today for ``days`` days."""
    application = selected_application(call)
    person = staff()
    member = member_of(application)
    version = agreement_draft(application=application, acting_user=person)
    starts_on = timezone.localdate() + timedelta(days=starts_days)
    agreement_version_save(
        version=version,
        acting_user=person,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        special_conditions="",
        change_reason="",
        lines=[
            LineInput(line.support_item_id, line.city_support_krw, line.company_cash_krw, line.company_inkind_krw)
            for line in version.lines.all()
        ],
        milestones=[MilestoneInput(m.title, m.due_on, m.deliverable) for m in version.milestones.all()],
    )
    agreement_confirm(version=agreement_version_issue(version=version, acting_user=person), acting_user=member)
    application.refresh_from_db()
    return application, member, person


def confirmed(application) -> AgreementVersion:
    return AgreementVersion.objects.get(agreement__application=application, confirmed_at__isnull=False)


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf("Evidence"), content_type="application/pdf")


def complete_answers(application, *, evidence: bool = True) -> list[AnswerInput]:
    return [
        AnswerInput(milestone_id=m.pk, done=True, note="완료", evidence=pdf() if evidence else None)
        for m in agreed_milestones(application)
    ]


def filed(application, member, kind: str, *, submit: bool = True):
    report = report_save(
        application=application,
        kind=kind,
        acting_user=member,
        work_done="장비 설치",
        results="불량률 감소",
        problems_plans="전 라인 확대",
        answers=complete_answers(application),
    )
    return report_submit(report=report, acting_user=member) if submit else report


def accepted(application, member, person, kind: str):
    return report_accept(report=filed(application, member, kind), acting_user=person)


def settled(application, member, person):
    """The project's settlement filed with no spending and reviewed (nothing paid, nothing to refund): what
    completion needs beside the accepted final report."""
    from applications.funding.services import (
        LineDecision,
        SpendingInput,
        settlement_review_finish,
        settlement_save,
        settlement_submit,
    )

    lines = confirmed(application).lines.all()
    settlement_save(
        application=application,
        acting_user=member,
        lines=[SpendingInput(line.support_item_id, 0, 0, 0) for line in lines],
    )
    settlement = settlement_submit(application=application, acting_user=member)
    return settlement_review_finish(
        settlement=settlement,
        acting_user=person,
        decisions=[LineDecision(line.support_item_id, 0, "") for line in lines],
    )
