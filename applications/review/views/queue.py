"""The staff dashboard (calls with counts per status) and the queue of one call, with its exports."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from programs.models import Program

from .. import selectors
from ..exports import queue_csv_response, queue_xlsx_response
from ..forms import SORT_CHOICES, QueueFilterForm
from ..permissions import staff_required

FILTER_NAMES = frozenset({"q", "status", "item", "verdict", "expert", "band", "docs"})


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    programs = list(Program.objects.order_by("letter"))
    program = request.GET.get("program", "")
    if program not in {p.code for p in programs}:
        program = ""
    context = {
        "calls": selectors.calls_with_counts(user=request.user, program=program),
        "programs": programs,
        "program": program,
    }
    return render(request, "review/dashboard.html", context)


def _call_and_form(request: HttpRequest, call_code: str):
    """The call (404 unless the user's) and the filter form: one query for all the user's calls (the call select),
    one for the call's support items, one for its experts."""
    calls = list(selectors.queue_calls(user=request.user))
    call = next((call for call in calls if call.code == call_code), None)
    if call is None:
        raise Http404
    experts = selectors.call_experts(call=call)
    form = QueueFilterForm(
        request.GET,
        calls=calls,
        items=list(selectors.call_items(call=call)),
        experts=None if experts is None else list(experts),
    )
    return call, form


def _switch_call(request: HttpRequest, form: QueueFilterForm, call, view_name: str) -> HttpResponse | None:
    """The form's call select names another call: go to that call's queue with the same filters."""
    other = form.filters().get("call")
    if other and other != call.code:
        query = form.query_without("call", "page", "item", "expert")
        return HttpResponseRedirect(reverse(view_name, args=[other]) + (f"?{query}" if query else ""))
    return None


@staff_required
def call_queue(request: HttpRequest, call_code: str) -> HttpResponse:
    """The queue of a call, from the database: a fixed number of queries whatever the number of applications."""
    call, form = _call_and_form(request, call_code)
    switched = _switch_call(request, form, call, "review:queue")
    if switched:
        return switched
    filters = form.filters()
    by_status = selectors.call_status_counts(call=call)
    today = timezone.localdate()
    queryset = selectors.review_queue(call=call, filters=filters, today=today)
    paginator = Paginator(queryset, selectors.PAGE_SIZE)
    filtered = bool(FILTER_NAMES & set(filters))
    if not filtered:
        paginator.count = sum(by_status.values())  # known from the counts per status: no second COUNT query
    page = paginator.get_page(filters.get("page") or 1)
    current_status = form["status"].value() or ""
    query_without_status = form.query_without("status", "page")
    context = {
        "staff_call": call,
        "form": form,
        "page": page,
        "counts": selectors.status_counts(by_status),
        "current_status": current_status,
        "total": sum(by_status.values()),
        "filtered": filtered,
        "sort": filters.get("sort") or "receipt",
        "sort_choices": SORT_CHOICES,
        "query_without_page": form.query_without("page"),
        "query_without_sort": form.query_without("sort", "page"),
        "query_without_status": query_without_status,
        "export_query": form.query_without("page"),
        "show_experts": selectors.evaluation_available(),
        "today": today,
    }
    return render(request, "review/queue.html", context)


@staff_required
def call_queue_export(request: HttpRequest, call_code: str, fmt: str) -> HttpResponse:
    """The queue with the current filters and sort, every page, as XLSX or CSV with Korean headers."""
    call, form = _call_and_form(request, call_code)
    filters = form.filters()
    selectors.call_status_counts(call=call)
    queryset = selectors.review_queue(call=call, filters=filters, today=timezone.localdate())
    if fmt == "xlsx":
        return queue_xlsx_response(call=call, applications=queryset)
    return queue_csv_response(call=call, applications=queryset)
