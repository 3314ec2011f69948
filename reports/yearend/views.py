"""The staff pages of the year-end report: pick a year and generate, the list of generated reports with their
files, the progress of one (a page that refreshes itself without JavaScript, and a JSON endpoint that
static/yearend/progress.js polls), and the downloads (staff only: 404 for anyone else)."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from applications.forms.errors import add_service_errors, error_summary
from applications.review.permissions import staff_required

from . import selectors, services
from .forms import YearEndRequestForm
from .models import ReportState

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@staff_required
def report_index(request: HttpRequest) -> HttpResponse:
    form = YearEndRequestForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            report = services.yearend_report_request(year=form.cleaned_data["year"], acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("yearend:progress_page", pk=report.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "errors": error_summary(form) if form.is_bound else [], "reports": selectors.report_list()}
    return render(request, "yearend/staff_reports.html", context, status=status)


def _progress_data(report) -> dict:
    done = report.state == ReportState.DONE
    return {
        "id": report.pk,
        "state": report.state,
        "state_label": str(report.get_state_display()),
        "progress": report.progress,
        "step": report.step,
        "error": report.error if report.state == ReportState.FAILED else "",
        "finished": report.is_finished,
        "pdf_url": reverse("yearend:download", args=[report.pk, "pdf"]) if done else "",
        "xlsx_url": reverse("yearend:download", args=[report.pk, "xlsx"]) if done else "",
    }


@staff_required
def progress_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(pk=pk)
    return render(request, "yearend/progress.html", {"report": report, "data": _progress_data(report)})


@staff_required
def progress_json(request: HttpRequest, pk: int) -> JsonResponse:
    report = selectors.report_get(pk=pk)
    return JsonResponse(_progress_data(report))


@staff_required
def download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    report = selectors.report_get(pk=pk)
    field = {"pdf": report.pdf, "xlsx": report.xlsx}.get(kind)
    if report.state != ReportState.DONE or not field:
        raise Http404
    local = timezone.localtime(report.finished_at)
    filename = f"yearend-{report.year}-{local:%Y%m%d-%H%M}.{kind}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[kind])
