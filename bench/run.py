"""``make bench``: measure the portal's pages under gunicorn on PostgreSQL with wrk.

A benchmark, not a test: it prints figures and asserts nothing about them. Steps: start
PostgreSQL if needed, recreate the ``portal_bench`` database, migrate, seed (bench/seed.py),
collectstatic into var/bench, start gunicorn on a free loopback port, then for every page of
bench/pages.py a warm-up and a measured wrk run, then the in-process benchmarks. gunicorn is
stopped at the end, on errors and on Ctrl-C; PostgreSQL is left running.

Usage: make bench BENCH_ARGS="--duration 5 --pages home"   (python bench/run.py --help)
"""

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path; import the package from the root instead.
if sys.path and Path(sys.path[0]).resolve() == BASE_DIR / "bench":
    sys.path[0] = str(BASE_DIR)
elif str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench import report, server  # noqa: E402
from bench.registry import BenchContext, InProcessBenchmark, Page  # noqa: E402
from bench.wrk import STATUS_COUNTER_LUA, WRK_INSTALL_HINT, WrkOptions, wrk_path, wrk_run  # noqa: E402

VAR_DIR = BASE_DIR / "var" / "bench"
# The deadline-day scenario (bench/deadline_bench.py): its own gunicorn, worker and mail server, after the pages.
DEADLINE = "deadline-day"


def deadline_selected(names: str) -> bool:
    wanted = {name.strip() for name in names.split(",") if name.strip()}
    return not wanted or DEADLINE in wanted


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds of each measured wrk run (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of each wrk warm-up run (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn sync workers (default 2: this machine has 2 cores)"
    )
    parser.add_argument("--users", type=int, default=60, help="generated users in the seed (default 60, min 50)")
    parser.add_argument(
        "--in-process-duration", type=float, default=3, help="seconds of each in-process benchmark (default 3)"
    )
    parser.add_argument(
        "--pages", default="", help="comma-separated page and in-process names to run (controls always run)"
    )
    parser.add_argument("--list", action="store_true", help="list the registered pages and benchmarks, then exit")
    parser.add_argument(
        "--deadline-companies", type=int, default=500, help="companies of the deadline-day scenario (default 500)"
    )
    parser.add_argument(
        "--deadline-concurrency",
        type=int,
        default=8,
        help="companies at a time in the deadline-day scenario and its control (default 8)",
    )
    args = parser.parse_args(argv)
    if args.duration < 1 or args.warmup < 0 or args.in_process_duration <= 0:
        parser.error("--duration must be at least 1 s, --warmup at least 0 and --in-process-duration above 0")
    if args.threads < 1 or args.connections < args.threads:
        parser.error("--threads must be at least 1 and --connections at least --threads")
    if args.deadline_companies < 1 or args.deadline_concurrency < 1:
        parser.error("--deadline-companies and --deadline-concurrency must be at least 1")
    if args.workers < 1 or args.users < 50:
        parser.error("--workers must be at least 1 and --users at least 50 (the rows50 control shows 50 rows)")
    return args


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def select(
    pages: list[Page], benchmarks: list[InProcessBenchmark], names: str
) -> tuple[list[Page], list[InProcessBenchmark]]:
    from bench.pages import COMPARISONS

    named = {name.strip() for name in names.split(",") if name.strip()}
    if not named:
        return pages, benchmarks
    wanted = named - {DEADLINE}  # the scenario is not a page: run.py runs it after them
    # A measured figure comes with its control.
    wanted |= {control for measured, control, _goal in COMPARISONS if measured in wanted}
    known = {page.name for page in pages} | {benchmark.name for benchmark in benchmarks}
    unknown = wanted - known
    if unknown:
        raise SystemExit(f"unknown name(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
    return (
        [page for page in pages if page.control or page.name in wanted],
        [benchmark for benchmark in benchmarks if benchmark.name in wanted],
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def probe_status(url: str, headers: dict[str, str]) -> int:
    """The status of one request, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def measure_page(page: Page, *, context: BenchContext, args: argparse.Namespace, script: Path) -> report.PageResult:
    result = report.PageResult(name=page.name, path="", description=page.description, signed_in=bool(page.login))
    try:
        result.path = page.resolve_path(context)
        headers = page.headers(context)
        url = context.base_url + result.path
        result.probe_status = probe_status(url, headers)
        options = WrkOptions(threads=args.threads, connections=args.connections)
        if args.warmup > 0:
            wrk_run(url=url, duration_s=args.warmup, options=options, headers=headers, script=script)
        measured, _ = wrk_run(
            url=url,
            duration_s=args.duration,
            options=options,
            headers=headers,
            script=script,
            log=VAR_DIR / f"wrk-{page.name}.txt",
        )
    except Exception as error:  # one failing page must not hide the others' figures
        result.error = f"{type(error).__name__}: {error}"
        return result
    result.requests_per_second = measured.requests_per_second
    result.p50_ms = measured.p50_ms
    result.p99_ms = measured.p99_ms
    result.requests = measured.requests
    result.non_2xx = measured.non_2xx
    result.statuses = measured.statuses
    result.socket_errors = measured.socket_errors
    return result


def measure_in_process(
    benchmark: InProcessBenchmark, *, context: BenchContext, args: argparse.Namespace
) -> report.InProcessResult:
    result = report.InProcessResult(name=benchmark.name, unit=benchmark.unit, description=benchmark.description)
    try:
        operation = benchmark.prepare(context)
        deadline = time.perf_counter() + min(args.warmup, args.in_process_duration)
        operation()
        while time.perf_counter() < deadline:
            operation()
        timings: list[float] = []
        operations = 0
        started = time.perf_counter()
        deadline = started + args.in_process_duration
        while (now := time.perf_counter()) < deadline:
            operations += operation()
            timings.append(time.perf_counter() - now)
        elapsed = time.perf_counter() - started
    except Exception as error:
        result.error = f"{type(error).__name__}: {error}"
        return result
    result.operations = operations
    result.calls = len(timings)
    result.operations_per_second = operations / elapsed
    quantiles = statistics.quantiles(timings, n=100, method="inclusive") if len(timings) > 1 else timings * 99
    result.p50_ms = quantiles[49] * 1000
    result.p99_ms = quantiles[98] * 1000
    return result


def comparison_rows(page_results: list[report.PageResult], in_process: list[report.InProcessResult]) -> list[list[str]]:
    """Each figure of ``pages.COMPARISONS`` beside its control: time per operation (or per request) and queries."""
    from bench.pages import COMPARISONS, QUERY_COUNTS

    ms_per_call: dict[str, float] = {}
    for result in in_process:
        if result.operations_per_second and not result.error:
            ms_per_call[result.name] = 1000 / result.operations_per_second
    for result in page_results:
        if result.requests_per_second and not result.error:
            ms_per_call[result.name] = 1000 / result.requests_per_second
    rows = []
    for measured, control, goal in COMPARISONS:
        if measured not in ms_per_call or control not in ms_per_call:
            continue
        ratio = ms_per_call[measured] / ms_per_call[control]
        queries = f"{QUERY_COUNTS[measured]} / {QUERY_COUNTS[control]}" if measured in QUERY_COUNTS else "-"
        rows.append(
            [
                measured,
                control,
                f"{ms_per_call[measured]:.2f}",
                f"{ms_per_call[control]:.2f}",
                f"{ratio:.2f}x",
                queries if control in QUERY_COUNTS else "-",
                goal,
            ]
        )
    return rows


COMPARISON_HEADER = ["figure", "control", "ms", "control ms", "ratio", "queries", "goal"]


def _command_output(command: list[str], *, any_exit: bool = False) -> str:
    """The first line a command prints ("unknown" if it fails); ``wrk --version`` exits 1 by design."""
    try:
        completed = subprocess.run(command, capture_output=True, text=True, cwd=BASE_DIR, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (completed.stdout + completed.stderr).strip().splitlines()
    return lines[0].strip() if lines and (completed.returncode == 0 or any_exit) else "unknown"


def run_meta(args: argparse.Namespace, *, postgres_version: str) -> dict:
    import django
    import gunicorn

    cores = os.cpu_count()
    return {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": _command_output(["git", "rev-parse", "--short", "HEAD"]),
        "machine": f"{cores} CPU cores, {platform.machine()}, {platform.system()}",
        "setup": (
            f"gunicorn ({args.workers} sync workers, portal.settings.production, PostgreSQL {postgres_version}) "
            f"and wrk ({args.threads} threads, {args.connections} connections, {args.warmup:g} s warm-up, "
            f"{args.duration:g} s measured per page) share this machine's {cores} CPU cores over loopback; "
            f"data: demo seed + {args.users} generated users."
        ),
        "cpu_cores": cores,
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "postgresql": postgres_version,
        "wrk": _command_output(["wrk", "--version"], any_exit=True),
        "options": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "threads": args.threads,
            "connections": args.connections,
            "gunicorn_workers": args.workers,
            "users": args.users,
            "in_process_duration_s": args.in_process_duration,
        },
    }


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from bench.pages import IN_PROCESS, PAGES

    if args.list:
        for page in PAGES:
            print(f"page        {page.name:<20} {page.path if isinstance(page.path, str) else '(computed)'}")
        for benchmark in IN_PROCESS:
            print(f"in-process  {benchmark.name:<20} {benchmark.unit}")
        print(f"scenario    {DEADLINE:<20} companies signing in, saving, uploading and submitting at the deadline")
        return 0
    pages, benchmarks = select(PAGES, IN_PROCESS, args.pages)
    if wrk_path() is None:
        print(WRK_INSTALL_HINT, file=sys.stderr)
        return 2
    # Ctrl-C and TERM both end the run through the same path, which stops gunicorn (even when
    # a parent started this process with SIGINT ignored, as shells do for background jobs).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    setup_log = VAR_DIR / "setup.log"
    setup_log.write_text("")
    env = server.bench_environment(var_dir=VAR_DIR, secret_key=server.secret_key_generate())
    gunicorn = server.Gunicorn(env=env, workers=args.workers, log_file=VAR_DIR / "gunicorn.log")
    (VAR_DIR / "gunicorn.log").write_text("")
    try:
        server.postgres_ensure_running(log=log)
        server.redis_ensure_running(log=log)
        postgres_version = server.database_recreate(log=log)
        step = {"env": env, "log_file": setup_log, "log": log}
        server.manage_step(["manage.py", "migrate", "--noinput"], label="migrate", **step)
        server.manage_step(["bench/seed.py", "--users", str(args.users)], label="seed", **step)
        server.manage_step(["manage.py", "collectstatic", "--noinput", "--clear"], label="collectstatic", **step)

        os.environ.update(env)
        import django

        django.setup()
        gunicorn.start()
        log(f"gunicorn on {gunicorn.base_url} with {args.workers} workers; this machine has {os.cpu_count()} cores")
        meta = run_meta(args, postgres_version=postgres_version)
        load = meta["load_average_at_start"][0]
        if load > (os.cpu_count() or 1):
            log(f"warning: load average {load} exceeds the {os.cpu_count()} cores; figures will be low and noisy")
        context = BenchContext(base_url=gunicorn.base_url)
        page_results: list[report.PageResult] = []
        with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-status-") as script:
            script.write(STATUS_COUNTER_LUA)
            script.flush()
            for page in pages:
                log(f"page {page.name}: {args.warmup:g} s warm-up, {args.duration:g} s measured")
                page_results.append(measure_page(page, context=context, args=args, script=Path(script.name)))
        in_process_results = []
        for benchmark in benchmarks:
            log(f"in-process {benchmark.name}: {args.in_process_duration:g} s")
            in_process_results.append(measure_in_process(benchmark, context=context, args=args))
        deadline = None
        if deadline_selected(args.pages):
            from bench import deadline_bench

            gunicorn.stop()  # the scenario runs its own, with the broker and the proxy's address
            deadline = deadline_bench.run(
                base_env=env,
                var_dir=VAR_DIR,
                companies=args.deadline_companies,
                concurrency=args.deadline_concurrency,
                workers=args.workers,
                deadline_minutes=args.deadline_minutes,
                log=log,
            )
    except server.BenchSetupError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted; gunicorn stopped.", file=sys.stderr)
        return 130
    finally:
        gunicorn.stop()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()

    report.ratios_fill(page_results)
    print()
    print(meta["setup"])
    print()
    print(report.text_table(report.PAGE_HEADER, report.page_rows(page_results)))
    if in_process_results:
        print()
        print(report.text_table(report.IN_PROCESS_HEADER, report.in_process_rows(in_process_results)))
    comparisons = comparison_rows(page_results, in_process_results)
    if comparisons:
        print("\nBeside their controls (ms per operation, from operations/s or requests/s):")
        print(report.text_table(COMPARISON_HEADER, comparisons))
    if deadline is not None:
        from bench import deadline_bench

        print()
        print(deadline_bench.text_report(deadline))
        (VAR_DIR / "deadline.json").write_text(json.dumps(deadline, indent=2, ensure_ascii=False))
    issues = report.problems(page_results, in_process_results)
    if any(result.non_2xx for result in page_results):
        print(report.INVALID_NOTE)
    if issues:
        print("\nProblems:")
        for line in issues:
            print(f"  {line}")
    json_path, md_path = report.results_write(
        directory=VAR_DIR, meta=meta, pages=page_results, in_process=in_process_results
    )
    print(f"\nWritten {json_path.relative_to(BASE_DIR)} and {md_path.relative_to(BASE_DIR)}")
    # Figures are printed and written either way, but a run with a failing page is a failed run.
    failed = (
        any(result.error or result.non_2xx for result in page_results)
        or any(result.error for result in in_process_results)
        or bool(deadline and deadline["problems"])
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
