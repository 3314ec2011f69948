"""The queue as XLSX and CSV, with Korean headers (English msgids, rendered with the Korean catalogue)."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application
from applications.workflow import ApplicationStatus
from portal import exports
from programs.enums import Verdict
from programs.models import Call

EXPORT_LANGUAGE = "ko"
CHUNK = 2000


def queue_headers() -> list[str]:
    return [
        _("Receipt number"),
        _("Company"),
        _("Business registration number"),
        _("Submitted at"),
        _("Status"),
        _("Support items"),
        _("Requested city support (KRW)"),
        _("Eligibility verdict"),
        _("Regular employees"),
        _("Required documents missing"),
        _("Earliest document expiry"),
        _("Assigned experts"),
    ]


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def queue_row(application: Application) -> list:
    facts = getattr(application, "queue_facts", None)
    submitted = (
        timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M") if application.submitted_at else ""
    )
    experts = getattr(application, "active_assignments", [])
    number = facts.business_number if facts else ""
    return [
        application.receipt_number or "",
        facts.company_name if facts else "",
        f"{number[:3]}-{number[3:5]}-{number[5:]}" if len(number) == 10 else number,
        submitted,
        _label(ApplicationStatus, application.status),
        ", ".join(row.support_item.name for row in application.items.all()),
        facts.requested_city_krw if facts else 0,
        _label(Verdict, facts.verdict) if facts and facts.verdict else "",
        float(facts.regular_employees) if facts and facts.regular_employees is not None else "",
        facts.missing_required if facts else 0,
        facts.earliest_expiry.isoformat() if facts and facts.earliest_expiry else "",
        ", ".join(str(assignment.expert) for assignment in experts),
    ]


def _filename(call: Call, extension: str) -> str:
    return f"queue-{call.code}-{timezone.localdate().isoformat()}.{extension}"


def _rows(applications: QuerySet[Application]) -> Iterator[list]:
    yield queue_headers()
    for application in applications.iterator(chunk_size=CHUNK):
        yield queue_row(application)


def queue_xlsx_response(*, call: Call, applications: QuerySet[Application]) -> HttpResponse:
    with translation.override(EXPORT_LANGUAGE):
        content = exports.xlsx_bytes(_("Queue"), _rows(applications))
    return exports.download(content, content_type=exports.XLSX_CONTENT_TYPE, filename=_filename(call, "xlsx"))


def _csv_chunks(applications: QuerySet[Application]) -> Iterator[bytes]:
    with translation.override(EXPORT_LANGUAGE):  # the rows are made as the response streams
        yield from exports.csv_stream(_rows(applications))


def queue_csv_response(*, call: Call, applications: QuerySet[Application]) -> StreamingHttpResponse:
    return exports.download(
        _csv_chunks(applications), content_type=exports.CSV_CONTENT_TYPE, filename=_filename(call, "csv")
    )
