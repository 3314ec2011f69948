"""The world the authorization matrix walks: the demo (``seed_demo``: every role, two open calls with applications at
every step, running and finished projects, agreements, reports, payments, outcomes, a meeting, a year-end report)
plus the few rows the demo does not make (a draft and files of company A, an invitation, a notification, devices).

Company A is 금호오토텍 (``owner.geumho``): an application in evaluation, a running project (agreement, progress
reports, payments), finished ones (outcome reports). Company B is 고경금속 (``owner.gogyeong``), with applications of
its own. Every object the matrix puts in a URL belongs to company A, to expert A's assignment or to call A, so the
other company, the other expert and everyone else probe objects that are not theirs.
"""

from dataclasses import dataclass, field
from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.agreements.models import AgreementVersion
from applications.evaluation.models import Assignment
from applications.evaluation.selectors import expert_reading
from applications.funding.models import Payment, SettlementReceipt
from applications.models import Application, ApplicationFile, CompanyInvitation, CompanyMember, VaultDocument
from applications.outcomes.models import OutcomeEvidence, OutcomeReport
from applications.progress.models import ReportFile
from applications.review.versions import application_versions, version_document_ids
from portal.accounts.models import User
from portal.notifications.models import Notification
from programs.models import Call
from reports.meetings.models import Meeting
from reports.models import CaseStudy
from reports.yearend.models import YearEndReport
from tests.applications.apply_setup import open_call, ready_application
from tests.applications.files import minimal_pdf
from tests.review.helpers import KEY_HEX

COMPANY_A = "owner.geumho@demo.yc.kr"
COMPANY_B = "owner.gogyeong@demo.yc.kr"
EXPERT_A = "expert2@demo.yc.kr"  # holds the assignment the matrix opens
EXPERT_B = "expert@demo.yc.kr"


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    ids: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, name: str):
        value = self.ids.get(name)
        assert value is not None, f"the matrix world has no {name!r}: build it in tests/security/world.py"
        return value


def _pdf(name: str) -> ContentFile:
    return ContentFile(minimal_pdf(), name=name)


def _file_row(application: Application, user: User, title: str) -> ApplicationFile:
    return ApplicationFile.objects.create(
        application=application,
        title=title,
        file=_pdf("quote.pdf"),
        original_filename="견적서.pdf",
        size=len(minimal_pdf()),
        file_kind="pdf",
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=user,
    )


def build_world() -> World:
    call_command("seed_demo", stdout=StringIO())
    world = World()
    emails = {
        "company_a": COMPANY_A,
        "company_b": COMPANY_B,
        "staff": "staff@demo.yc.kr",
        "manager": "manager@demo.yc.kr",
        "expert_a": EXPERT_A,
        "expert_b": EXPERT_B,
        "city": "city@demo.yc.kr",
        "admin": "admin@demo.yc.kr",
    }
    world.users = {key: User.objects.get(email=email) for key, email in emails.items()}
    for key in ("staff", "manager", "city", "admin"):
        user = world.users[key]
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="authenticator", key=KEY_HEX, confirmed=True)

    member_a = CompanyMember.objects.select_related("company", "user").get(user=world.users["company_a"])
    company_a = member_a.company
    ids = world.ids
    ids["company_a"] = company_a

    # Call A: program A's open call, whose evaluation is open; expert A's assignment on it (declared, no conflict).
    assignment = (
        Assignment.objects.filter(
            expert__email=EXPERT_A, application__company=company_a, is_active=True, declaration__kind="none"
        )
        .select_related("application__call", "committee")
        .order_by("pk")
        .first()
    )
    ids["assignment"] = assignment
    evaluated = assignment.application
    ids["app_evaluated"] = evaluated
    ids["call_code"] = evaluated.call.code
    ids["app_evaluated_file"] = _file_row(evaluated, world.users["company_a"], "견적서")
    if not evaluated.status_changes.filter(to_status="revision_submitted").exists():
        # the file as the submission contained it, so that the expert reads it (the demo sends none)
        row = {"file_id": ids["app_evaluated_file"].pk, "title": "견적서", "original_filename": "견적서.pdf"}
        evaluated.snapshot["content"].setdefault("files", []).append(row)
        evaluated.save(update_fields=["snapshot"])
    document_ids = sorted(version_document_ids(application_versions(evaluated)))
    ids["app_evaluated_document"] = document_ids[0] if document_ids else None
    reading = expert_reading(assignment=assignment)
    ids["expert_document"] = next((row["document_id"] for row in reading["documents"] if row.get("document_id")), None)
    ids["expert_file"] = next((row["file_id"] for row in reading["files"] if row.get("file_id")), None)

    # A draft of company A on a call of its own, complete, with a file.
    draft = ready_application(owner=member_a, call=open_call())
    ids["app_draft"] = draft
    ids["app_draft_file"] = _file_row(draft, world.users["company_a"], "견적서")
    ids["open_call_code"] = draft.call.code
    ids["closed_call_code"] = Call.objects.filter(closes_at__lt=evaluated.call.opens_at).order_by("-closes_at").first()

    # The running project: agreement, progress reports, payments.
    running = Application.objects.filter(company=company_a, status="in_progress", agreement__isnull=False)
    running = running.order_by("-pk").first()
    ids["app_running"] = running
    ids["agreement_version"] = AgreementVersion.objects.filter(agreement__application=running).order_by("pk").first()
    signed = AgreementVersion.objects.filter(agreement__application=running, confirmed_at__isnull=False).first()
    if signed is not None and not signed.signed_pdf:  # the demo confirms without a scan: attach one
        signed.signed_pdf.save(f"{signed.pk}.pdf", _pdf("signed.pdf"), save=False)
        signed.signed_pdf_name = "signed.pdf"
        signed.save(update_fields=["signed_pdf", "signed_pdf_name"])
    ids["signed_version"] = signed
    ids["report_file"] = ReportFile.objects.filter(report__application__company=company_a).order_by("pk").first()
    ids["payment"] = (
        Payment.objects.filter(agreement__application__company=company_a).exclude(evidence="").order_by("pk").first()
    )
    ids["receipt"] = (
        SettlementReceipt.objects.filter(line__settlement__agreement__application__company=company_a)
        .order_by("pk")
        .first()
    )
    outcome = OutcomeReport.objects.filter(application__company=company_a).order_by("pk").first()
    ids["outcome_report"] = outcome
    ids["outcome_evidence"] = (
        OutcomeEvidence.objects.filter(report__application__company=company_a).select_related("report").first()
    )

    ids["vault_document"] = VaultDocument.objects.filter(company=company_a).order_by("pk").first()
    second = User.objects.create_user(email="second.geumho@example.com", password="x-unused-1")
    ids["member"] = CompanyMember.objects.create(company=company_a, user=second, role="member")
    ids["invitation"] = CompanyInvitation.objects.create(
        company=company_a, email=EXPERT_B, invited_by=world.users["company_a"]
    )
    inbox = Notification.objects.filter(recipient=world.users["company_a"], channel="in_app")
    ids["notification"] = inbox.order_by("pk").first()
    ids["meeting_year"] = Meeting.objects.order_by("-year").values_list("year", flat=True).first()
    ids["yearend"] = YearEndReport.objects.order_by("-pk").first()
    ids["case_study"] = CaseStudy.objects.order_by("pk").first()
    ids["results_year"] = outcome.year if outcome else None
    return world
