"""The year-end report: staff request it (a row, and the task queued on commit); the task generates it, writing
its progress to the row after each part so that the progress page moves with the real work."""

import time
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.review.permissions import is_staff_user

from .models import ReportState, YearEndReport

# The parts of the generation, in order, with the progress reached after each (percent).
STEPS = (
    (10, gettext_lazy("Figures computed")),
    (25, gettext_lazy("Charts drawn")),
    (40, gettext_lazy("Pages laid out")),
    (85, gettext_lazy("PDF rendered")),
    (95, gettext_lazy("XLSX written")),
    (100, gettext_lazy("Files stored")),
)


def report_years() -> list[int]:
    """The years a report can be made of: every year with a call, the latest first."""
    from programs.models import Call

    return sorted(set(Call.objects.values_list("year", flat=True)), reverse=True)


def yearend_report_request(*, year: int, acting_user) -> YearEndReport:
    """Staff ask for the report of ``year``: the row, queued; the task starts once the transaction commits."""
    from .tasks import yearend_report_generate_task

    if not is_staff_user(acting_user):
        raise PermissionDenied
    if year not in report_years():
        raise ValidationError({"year": _("There is no call in %(year)s.") % {"year": year}})
    with transaction.atomic():
        report = YearEndReport.objects.create(year=year, requested_by=acting_user, step=str(ReportState.QUEUED.label))
        transaction.on_commit(lambda: yearend_report_generate_task.delay(report_id=report.pk))
    return report


def _advance(report: YearEndReport, progress: int, step) -> None:
    """Record a part as done: saved at once (outside any transaction) so that the progress page sees it."""
    report.progress = progress
    report.step = str(step)
    report.steps = [*report.steps, {"progress": progress, "step": str(step), "at": timezone.now().isoformat()}]
    report.save(update_fields=["progress", "step", "steps", "state"])


def yearend_report_generate(*, report_id: int) -> YearEndReport | None:
    """Generate the PDF and XLSX of a requested report, in the portal's language; ``None`` when the row is gone or
    already finished. A failure is recorded on the row (state failed, the error) and not raised again."""
    from django.conf import settings

    from .content import report_charts, yearend_content
    from .documents import html_to_pdf, report_html, report_xlsx

    report = YearEndReport.objects.select_related("requested_by").filter(pk=report_id).first()
    if report is None or report.is_finished:
        return None
    steps = iter(STEPS)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            report.state = ReportState.RUNNING
            report.save(update_fields=["state"])
            content = yearend_content(report.year, charts=False)
            report.unverified_reports = content.unverified_reports
            report.save(update_fields=["unverified_reports"])
            _advance(report, *next(steps))
            content.charts = report_charts(content.series)
            _advance(report, *next(steps))
            html = report_html(content, requested_by=str(report.requested_by or ""))
            _advance(report, *next(steps))
            started = time.perf_counter()
            pdf = html_to_pdf(html)
            report.pdf_seconds = Decimal(f"{time.perf_counter() - started:.2f}")
            _advance(report, *next(steps))
            xlsx = report_xlsx(content)
            _advance(report, *next(steps))
            name = f"yearend-{report.year}"
            report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
            report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
            report.state = ReportState.DONE
            report.finished_at = timezone.now()
            report.save(update_fields=["pdf", "xlsx", "pdf_seconds", "finished_at"])
            _advance(report, *next(steps))
        except Exception as error:  # recorded for staff; the task itself does not fail again
            for stored in (report.pdf, report.xlsx):
                if stored:  # one file stored before the other failed: no orphan left in the vault
                    stored.delete(save=False)
            report.state = ReportState.FAILED
            report.error = f"{type(error).__name__}: {error}"
            report.finished_at = timezone.now()
            report.save(update_fields=["state", "error", "finished_at", "pdf", "xlsx"])
    return report
