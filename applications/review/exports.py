"""The queue as XLSX and CSV, with Korean headers (English msgids, rendered with the Korean catalogue)."""

import csv
from collections.abc import Iterator
from io import BytesIO, StringIO

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application
from applications.workflow import ApplicationStatus
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


def queue_xlsx_response(*, call: Call, applications: QuerySet[Application]) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    with translation.override(EXPORT_LANGUAGE):
        sheet = workbook.create_sheet(title=_("Queue")[:31])
        sheet.append(queue_headers())
        for application in applications.iterator(chunk_size=CHUNK):
            sheet.append(queue_row(application))
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(call, "xlsx")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _csv_lines(applications: QuerySet[Application]) -> Iterator[str]:
    buffer = StringIO()
    writer = csv.writer(buffer)
    with translation.override(EXPORT_LANGUAGE):
        yield "\ufeff"  # the BOM: Excel then reads the file as UTF-8 (Korean)
        writer.writerow(queue_headers())
        for index, application in enumerate(applications.iterator(chunk_size=CHUNK)):
            writer.writerow(queue_row(application))
            if index % 200 == 199:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()


def queue_csv_response(*, call: Call, applications: QuerySet[Application]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _csv_lines(applications)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(call, "csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response
