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

from .registry import BenchContext, InProcessBenchmark, Operation, Page
from .review_seed import staff_otp_session


def _rows50_render(context: BenchContext) -> Operation:
    from django.test import RequestFactory

    from portal.health.bench_urls import rows50

    request = RequestFactory().get("/bench/rows50", SERVER_NAME="127.0.0.1")

    def render_once() -> int:
        response = rows50(request)
        if response.status_code != 200:
            raise RuntimeError(f"rows50 answered {response.status_code}")
        return 1

    return render_once


def _queue_render_prepare(context: BenchContext) -> Operation:
    """The staff queue of the 10,000-application call rendered from the database every time (page cache off):
    what the first view after a change costs, through the whole middleware stack, signed in with OTP."""
    from django.conf import settings
    from django.test import Client

    cookie = staff_otp_session("staff@demo.yc.kr")(context)["Cookie"]
    name, value = cookie.split("=", 1)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[name] = value
    url = "/staff/calls/bench-queue/"

    def render_once() -> int:
        kept, settings.REVIEW_PAGE_CACHE_SECONDS = settings.REVIEW_PAGE_CACHE_SECONDS, 0
        try:
            response = client.get(url)
        finally:
            settings.REVIEW_PAGE_CACHE_SECONDS = kept
        if response.status_code != 200:
            raise RuntimeError(f"the queue answered {response.status_code}")
        return 1

    return render_once


def _submission_prepare(context: BenchContext) -> Operation:
    from bench import submission_bench

    return submission_bench.prepare(context)


def _engine_prepare(context: BenchContext) -> Operation:
    from bench import engine_bench

    return engine_bench.prepare(context)


PAGES: list[Page] = [
    Page("hello", "/bench/hello", description="Control: bare view, plain text", control=True),
    Page("rows50", "/bench/rows50", description="Control: base.html with a 50-row table", control=True),
    Page("home", "/", description="Home page, anonymous"),
    Page("admin-index", "/admin/", login="admin@demo.yc.kr", description="Django admin index, signed in"),
    Page("catalogue", "/programs/", description="Program catalogue, anonymous"),
    Page(
        "rows50-staff",
        "/bench/rows50",
        setup=staff_otp_session("staff@demo.yc.kr"),
        description="rows50 for the signed-in, OTP-verified staff user of staff-queue (what signing in costs)",
    ),
    Page(
        "staff-queue",
        "/staff/calls/bench-queue/",
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
        "staff-queue-render",
        _queue_render_prepare,
        unit="renders",
        description="Staff queue (10,000 applications) rendered with the page cache off: the first view after a change",
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
IN_PROCESS += __import__("bench.notification_bench", fromlist=["BENCHMARKS"]).BENCHMARKS  # issue 6
