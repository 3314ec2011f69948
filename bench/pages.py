"""The registry of what ``make bench`` measures. Later issues append their pages here.

HTTP pages (``PAGES``) are driven by wrk against gunicorn. Two controls come first and are
measured in every run, so that every other figure can be read as a ratio to them:

- ``hello``: a bare view (no template, no query): the floor of Django + gunicorn on this machine.
- ``rows50``: a plain page extending base.html with a 50-row table from one query: what a
  simple list page costs without any of the portal's logic.

Example of a page that needs a signed-in user::

    Page("staff-queue", "/staff/queue/", login="staff@demo.yc.kr", description="Staff review queue")

In-process benchmarks (``IN_PROCESS``) return an operation that the harness calls repeatedly;
each call returns how many operations it did (e.g. eligibility checks evaluated).
"""

from .notification_bench import BENCHMARKS as NOTIFICATION_BENCHMARKS
from .registry import BenchContext, InProcessBenchmark, Operation, Page
from .review_seed import QUEUE_CALL_CODE, SMALL_QUEUE_CALL_CODE, staff_otp_session
from .yearend_bench import BENCHMARKS as YEAREND_BENCHMARKS


def _rows50_render(context: BenchContext) -> Operation:
    from django.test import RequestFactory

    from portal.health.bench_urls import rows50

    request = RequestFactory().get("/bench/rows50", SERVER_NAME="127.0.0.1")

    def render_once() -> int:
        response = rows50(request)
        if response.status_code != 200:
            raise RuntimeError(f"rows50 answered {response.status_code}")
        return 1

    QUERY_COUNTS["rows50-view"] = _count_queries(render_once)
    return render_once


# Queries of one render of each in-process page benchmark (filled by its prepare step; ``run.py`` prints them).
QUERY_COUNTS: dict[str, int] = {}


def _count_queries(operation: Operation) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    operation()  # a first call may fill per-process caches
    with CaptureQueriesContext(connection) as queries:
        operation()
    return len(queries)


def _queue_render(code: str, name: str):
    """The staff queue of ``code`` rendered from the database through the whole middleware stack, signed in with
    OTP; its queries are counted once before the timing."""

    def prepare(context: BenchContext) -> Operation:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        cookie = staff_otp_session("staff@demo.yc.kr")(context)["Cookie"]
        cookie_name, value = cookie.split("=", 1)
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[cookie_name] = value
        url = f"/staff/calls/{code}/"

        def render_once() -> int:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"the queue answered {response.status_code}")
            return 1

        render_once()  # the session's first request may write it
        with CaptureQueriesContext(connection) as queries:
            render_once()
        QUERY_COUNTS[name] = len(queries)
        return render_once

    return prepare


def _submission_prepare(context: BenchContext) -> Operation:
    from bench import submission_bench

    return submission_bench.prepare(context)


def _history_import_prepare(context: BenchContext) -> Operation:
    from bench import history_bench

    return history_bench.prepare_import(context)


def _history_control_prepare(context: BenchContext) -> Operation:
    from bench import history_bench

    return history_bench.prepare_control(context)


# A year of the bench's 1,000 supported projects (bench/results_seed.py) beside the demo history's 20 of 2021.
RESULTS_YEAR = 2021


def _results_render(context: BenchContext) -> Operation:
    """The public year page's body rendered from the database (the uncached path); its queries are counted once
    before the timing, to be read beside the 16 that tests/reports counts at 1 and 6 projects."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from reports.selectors import year_page

    def render_once() -> int:
        with translation.override("ko"):
            render_to_string("reports/_year_body.html", year_page(RESULTS_YEAR))
        return 1

    QUERY_COUNTS["results-year-render"] = _count_queries(render_once)
    return render_once


def _engine_prepare(context: BenchContext) -> Operation:
    from bench import engine_bench

    return engine_bench.prepare(context)


PAGES: list[Page] = [
    Page("hello", "/bench/hello", description="Control: bare view, plain text", control=True),
    Page("rows50", "/bench/rows50", description="Control: base.html with a 50-row table", control=True),
    Page("home", "/", description="Home page, anonymous"),
    Page(
        "admin-index",
        "/admin/",
        setup=staff_otp_session("admin@demo.yc.kr"),
        description="Django admin index, signed in with the second factor",
    ),
    Page("catalogue", "/programs/", description="Program catalogue, anonymous"),
    Page(
        "results-year",
        f"/results/{RESULTS_YEAR}/",
        description="Public results page of 2021 (1,020 supported projects), anonymous, its body from the cache "
        "(read beside hello)",
    ),
    Page(
        "rows50-staff",
        "/bench/rows50",
        setup=staff_otp_session("staff@demo.yc.kr"),
        description="rows50 for the signed-in, OTP-verified staff user of staff-queue (what signing in costs: "
        "session, user and OTP device, beside the anonymous rows50 control)",
    ),
    Page(
        "staff-queue-100",
        f"/staff/calls/{SMALL_QUEUE_CALL_CODE}/",
        setup=staff_otp_session("staff@demo.yc.kr"),
        description="Control of staff-queue: the staff queue of a call with 100 applications (OTP-verified staff)",
    ),
    Page(
        "staff-queue",
        f"/staff/calls/{QUEUE_CALL_CODE}/",
        setup=staff_otp_session("staff@demo.yc.kr"),
        description="Staff queue of a call with 10,000 applications (staff@demo.yc.kr, OTP-verified session)",
    ),
    Page(
        "ranking",
        "/staff/calls/bench-ranking/evaluation/ranking/",
        setup=staff_otp_session("staff@demo.yc.kr"),
        description="Evaluation ranking of 10,000 applications x 5 scores, first page of 200 (OTP-verified staff)",
    ),
]

IN_PROCESS: list[InProcessBenchmark] = [
    InProcessBenchmark(
        "rows50-view",
        _rows50_render,
        unit="renders",
        description="The rows50 view called directly (query + template, no HTTP, no middleware)",
    ),
    InProcessBenchmark(
        "staff-queue-render-100",
        _queue_render(SMALL_QUEUE_CALL_CODE, "staff-queue-render-100"),
        unit="renders",
        description="Control of staff-queue-render: the staff queue of 100 applications rendered from the database",
    ),
    InProcessBenchmark(
        "staff-queue-render",
        _queue_render(QUEUE_CALL_CODE, "staff-queue-render"),
        unit="renders",
        description="Staff queue of 10,000 applications rendered from the database (goal: at most 1.3x the 100's time)",
    ),
    InProcessBenchmark(
        "results-year-render",
        _results_render,
        unit="renders",
        description="The public results page of 2021 (1,020 supported projects) rendered from the database, no cache "
        "(read beside rows50-view)",
    ),
    InProcessBenchmark(
        "eligibility",
        _engine_prepare,
        unit="checks",
        description="Eligibility engine: company x call checks, rules prefetched, new companies each round",
    ),
    InProcessBenchmark(
        "submission",
        _submission_prepare,
        unit="submissions",
        description="Application submissions through the submit view (lock, receipt counter, snapshot)",
    ),
]
IN_PROCESS += NOTIFICATION_BENCHMARKS
IN_PROCESS += [
    InProcessBenchmark(
        "history-import-control",
        _history_control_prepare,
        unit="rows",
        description="Control of history-import: the same 10,000 outcome reports written with one bulk_create",
    ),
    InProcessBenchmark(
        "history-import",
        _history_import_prepare,
        unit="rows",
        description="History import of a 10,000-row CSV (parse, check every row, write), rolled back each round",
    ),
]
IN_PROCESS += YEAREND_BENCHMARKS

# Figures read side by side: (measured, its control, what the goal is). ``run.py`` prints the ratio of the times per
# operation (in-process, from operations/s) or per request (pages, from requests/s), and the queries of one render
# where counted.
COMPARISONS: list[tuple[str, str, str]] = [
    ("staff-queue-render", "staff-queue-render-100", "time per render at 10,000 within 1.3x of 100; same queries"),
    ("staff-queue", "staff-queue-100", "the same over HTTP"),
    ("rows50-staff", "rows50", "signed-in rows50 against anonymous rows50"),
    ("results-year", "hello", "the cached public results page against the bare view"),
    ("results-year-render", "rows50-view", "the results page from the database against a plain 50-row page"),
    (
        "notifications-delivered",
        "notifications-smtplib-control",
        "at most 2x the control's time per message (at least 0.5x its rate)",
    ),
    ("history-import", "history-import-control", "at least 0.3x the control's rate (at most 3.3x its time per row)"),
    ("yearend-pdf", "yearend-pdf-control", "the report's PDF at most 2x the time of a plain table of its rows"),
]
