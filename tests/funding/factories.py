"""A project in progress: a selected application whose agreement staff sent and the company confirmed; files
for evidence and receipts."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.agreements.services import agreement_confirm, agreement_draft, agreement_version_issue
from applications.demo import minimal_pdf
from tests.agreements.factories import S, member_of, selected_application, staff  # noqa: F401 (re-exported)


def project(call=None, *, lines: int = 1, city: int = 20_000_000):
    """An application in progress with a confirmed agreement of ``lines`` lines of ``city`` city support each."""
    application = selected_application(call, lines=lines, city=city)
    user = staff()
    version = agreement_version_issue(
        version=agreement_draft(application=application, acting_user=user), acting_user=user
    )
    agreement_confirm(version=version, acting_user=member_of(application))
    application.refresh_from_db()
    return application


def items(application) -> list[int]:
    return list(
        application.agreement.versions.get(confirmed_at__isnull=False)
        .lines.order_by("support_item_id")
        .values_list("support_item_id", flat=True)
    )


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def fake_pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ this is not a pdf", content_type="application/pdf")


def today():
    return timezone.localdate()
