"""The staff dashboard (calls with counts per status) and the queue of one call, with its exports."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from programs.models import Program

from .. import selectors
from ..exports import queue_csv_response, queue_xlsx_response
from ..page_cache import cached_fragment, page_key
from ..permissions import staff_calls, staff_required
from ..queue_display import queue_rows, rows_html
from ..queue_forms import PAGE_SIZE, SORT_CHOICES, QueueFilterForm

# What the queue, its exports and the filter's call select read of a call (not the long descriptions).
CALL_FIELDS = ("id", "program_id", "year", "code", "title_ko", "title_en", "required_documents")
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
    """The call (404 unless the user's), its support items and the filter form: one query for all the user's calls
    (what the queue and the exports read of them), one for the call's items and experts."""
    calls = list(staff_calls(request.user).select_related(None).only(*CALL_FIELDS))
    call = next((call for call in calls if call.code == call_code), None)
    if call is None:
        raise Http404
    items, experts = selectors.queue_choices(call=call)
    form = QueueFilterForm(request.GET, calls=calls, items=items, experts=experts)
    return call, items, form


def _switch_call(request: HttpRequest, form: QueueFilterForm, call, view_name: str) -> HttpResponse | None:
    """The form's call select names another call: go to that call's queue with the same filters."""
    other = form.filters().get("call")
    if other and other != call.code:
        query = form.query_without("call", "page", "item", "expert")
        return HttpResponseRedirect(reverse(view_name, args=[other]) + (f"?{query}" if query else ""))
    return None


@staff_required
def call_queue(request: HttpRequest, call_code: str) -> HttpResponse:
    """The queue of a call. Its content is cached under the call's review version (``page_cache``): a request after
    no change costs the sign-in and one query (the calls with their versions)."""
    calls = list(selectors.staff_calls_versioned(request.user, *CALL_FIELDS))
    call = next((call for call in calls if call.code == call_code), None)
    if call is None:
        raise Http404
    today = timezone.localdate()
    if request.GET.get("call", call.code) != call.code:  # another call chosen: a redirect (or the form's error)
        content = _queue_content(request, call, calls, today=today)
        if isinstance(content, HttpResponse):
            return content
    else:
        key = page_key(page="queue", call=call, query=request.GET, today=today)
        content = cached_fragment(key, lambda: _queue_content(request, call, calls, today=today))
    return render(request, "review/queue.html", {"staff_call": call, "queue_content": content})


def _queue_content(request: HttpRequest, call, calls, *, today) -> str | HttpResponse:
    """The queue's content from the database, or the redirect to another call's queue."""
    items, experts = selectors.queue_choices(call=call)
    form = QueueFilterForm(request.GET, calls=calls, items=items, experts=experts)
    switched = _switch_call(request, form, call, "review:queue")
    if switched:
        return switched
    filters = form.filters()
    by_status = selectors.call_status_counts(call=call)
    queryset = selectors.review_queue(call=call, filters=filters, today=today, with_related=False)
    paginator = Paginator(queryset, PAGE_SIZE)
    filtered = bool(FILTER_NAMES & set(filters))
    if not filtered:
        paginator.count = sum(by_status.values())  # known from the counts per status: no second COUNT query
    page = paginator.get_page(filters.get("page") or 1)
    applications = list(page.object_list)
    item_names, expert_names = selectors.row_names(application_ids=[app.pk for app in applications], items=items)
    rows = queue_rows(applications, item_names=item_names, expert_names=expert_names, today=today)
    show_experts = selectors.evaluation_available()
    current_status = form["status"].value() or ""
    counts = selectors.status_counts(by_status)
    for row in counts:  # what the status links show, prepared once (not a form lookup and a filter per link)
        row["current"] = row["status"] == current_status
        row["count_display"] = number_format(row["count"], force_grouping=True)
    query_without_status = form.query_without("status", "page")
    context = {
        "staff_call": call,
        "form": form,
        "selects": form.select_fields(call_code=call.code),
        "page": page,
        "rows": rows,
        "rows_html": rows_html(rows, show_experts=show_experts),
        "counts": counts,
        "current_status": current_status,
        "total": sum(by_status.values()),
        "filtered": filtered,
        "sort": filters.get("sort") or "receipt",
        "sort_choices": SORT_CHOICES,
        "query_without_page": form.query_without("page"),
        "query_without_sort": form.query_without("sort", "page"),
        "query_without_status": query_without_status,
        "status_query_prefix": f"{query_without_status}&" if query_without_status else "",
        "export_query": form.query_without("page"),
        "show_experts": show_experts,
        "today": today,
    }
    return render_to_string("review/queue_content.html", context, request=request)


@staff_required
def call_queue_export(request: HttpRequest, call_code: str, fmt: str) -> HttpResponse:
    """The queue with the current filters and sort, every page, as XLSX or CSV with Korean headers."""
    call, _items, form = _call_and_form(request, call_code)
    filters = form.filters()
    selectors.call_status_counts(call=call)
    queryset = selectors.review_queue(call=call, filters=filters, today=timezone.localdate())
    if fmt == "xlsx":
        return queue_xlsx_response(call=call, applications=queryset)
    return queue_csv_response(call=call, applications=queryset)
