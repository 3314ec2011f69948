"""Deadline-day load: ``COMPANIES`` companies finish their applications in the last ten minutes of a call.

The system as deployed: gunicorn (sync workers, production settings), PostgreSQL, Redis as cache and Celery
broker, one Celery worker delivering mail over SMTP to a local server (aiosmtpd, in this process) that counts
what it accepts. Each company's browser (bench/deadline_client.py), ``concurrency`` of them at a time, takes
the real steps: the sign-in page, the allauth sign-in form with its password (the configured hasher), the
editor, two saves of the draft, the upload of a 1 MB PDF, the review page, the submission and the receipt page.
The call closes ``deadline_minutes`` after the rush starts.

The control, driven by the same client at the same concurrency in the same run: a bare view that stores a
1 MB upload and one row (``/bench/upload``, portal/health/bench_urls.py).

Sign-in throttling: allauth counts sign-ins per client address. Behind the reverse proxy every request comes from
the proxy's address, so the scenario does what the proxy does: each company's requests carry its own address
in ``X-Forwarded-For``, and gunicorn runs with the production settings, whose trusted proxy count is 1
(``TRUSTED_PROXY_COUNT``, set explicitly here). allauth's limits themselves stay at their defaults.

Afterwards it verifies (bench/deadline_verify.py): no unexpected answer, every submission present exactly once,
receipt numbers without a gap, every receipt email accepted by the mail server, and it times the password
hashers (PBKDF2, Django's default, and Argon2 when argon2-cffi is installed) in checks per CPU-second.
"""

import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from bench import server
from bench.deadline_client import Browser, UnexpectedAnswer, form_with_action, multipart

BASE_DIR = Path(__file__).resolve().parent.parent
CALL_CODE = "bench-deadline"
CALL_YEAR = 2095  # one call per program and year: the other benches take 2096 to 2099
SERIAL_BASE = 50_000  # business numbers 905-81-0000x…, apart from the submission bench's
EMAIL_PREFIX = "deadline-"
PASSWORD = "deadline-bench-password-7"
DOCUMENT_SIZE = 1024 * 1024
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/10")
STEPS = ("login-page", "sign-in", "editor", "save-draft", "upload", "review", "submit", "receipt")


def document() -> bytes:
    """A 1 MB file that the portal's content check reads as a PDF."""
    head = b"%PDF-1.4\n% deadline-day bench document\n"
    tail = b"\n%%EOF\n"
    return head + b"0" * (DOCUMENT_SIZE - len(head) - len(tail)) + tail


# --- data --------------------------------------------------------------------------------------------------


def seed(*, companies: int, closes_in: timedelta, log) -> tuple[object, list[dict]]:
    """The call (closing ``closes_in`` from now) and ``companies`` companies, each with a member who can sign in
    (verified email, the bench password hashed once with the configured hasher) and a complete draft."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from applications.enums import MemberRole
    from applications.models import Application, ApplicationItem, Company, CompanyMember
    from bench.submission_bench import business_number
    from portal.accounts.models import User
    from portal.accounts.roles import Role
    from programs.enums import CallStatus, ProgramCode
    from programs.models import Call, Program, SupportItem

    started = time.monotonic()
    now = timezone.now()
    program, _created = Program.objects.get_or_create(
        code=ProgramCode.HVC,
        defaults={"letter": "A", "name_ko": "벤치", "name_en": "Bench", "operator_ko": "-", "operator_en": "-",
                  "funder_ko": "-", "funder_en": "-"},
    )  # fmt: skip
    password = make_password(PASSWORD)
    group, _created = Group.objects.get_or_create(name=Role.COMPANY_MEMBER.value)
    with transaction.atomic():
        # make bench recreates the database; a second run on the same one (a trial) keeps the earlier call under
        # another code and takes the first free year below CALL_YEAR (one call per program and year).
        for earlier in Call.objects.filter(code=CALL_CODE):
            Call.objects.filter(pk=earlier.pk).update(code=f"{CALL_CODE}-{earlier.pk}")
        taken = set(Call.objects.filter(program=program).values_list("year", flat=True))
        year = next(year for year in range(CALL_YEAR, 2000, -1) if year not in taken)
        call = Call.objects.create(
            code=CALL_CODE,
            program=program,
            year=year,
            title_ko="마감일 부하 공고",
            title_en="Deadline-day call",
            opens_at=now - timedelta(days=30),
            closes_at=now + closes_in,
            budget_krw=10**13,
            status=CallStatus.PUBLISHED,
            required_documents=[],
        )
        item = SupportItem.objects.create(
            call=call, code="deadline-item", name_ko="벤치 항목", name_en="Bench item", max_support_krw=30_000_000,
            company_share_pct=Decimal("25"), min_cash_pct=Decimal("50"),
        )  # fmt: skip
        serial = SERIAL_BASE + Company.objects.filter(name__startswith="마감기업 ").count()
        numbers = [business_number(serial + n) for n in range(companies)]
        first = User.objects.filter(email__startswith=EMAIL_PREFIX, email__endswith="@bench.invalid").count()
        made = Company.objects.bulk_create(
            [
                Company(business_number=number, name=f"마감기업 {serial + n:05d}", representative="벤치",
                        head_office_address="경상북도 영천시 시청로 16")
                for n, number in enumerate(numbers)
            ]
        )  # fmt: skip
        users = User.objects.bulk_create(
            [
                User(email=f"{EMAIL_PREFIX}{first + n:05d}@bench.invalid", password=password, language="ko")
                for n in range(companies)
            ]
        )
        User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
        CompanyMember.objects.bulk_create(
            [CompanyMember(company=c, user=u, role=MemberRole.OWNER) for c, u in zip(made, users, strict=True)]
        )
        journeys = []
        for n, (company, user) in enumerate(zip(made, users, strict=True)):
            application = Application.objects.create(
                company=company, call=call, created_by=user, project_title=f"마감 과제 {n}", project_summary="요약",
                current_state="현황", objective="목표",
                milestones=[{"title": "1단계", "starts_on": "", "ends_on": "", "deliverable": ""}],
                declares_no_tax_arrears=True, declares_no_duplicate_funding=True, declares_truthful=True,
            )  # fmt: skip
            ApplicationItem.objects.create(
                application=application, support_item=item, city_support_krw=30_000_000,
                company_cash_krw=5_000_000, company_inkind_krw=5_000_000,
            )  # fmt: skip
            journeys.append({"n": n, "email": user.email, "company": company.pk, "application": application.pk})
    log(f"deadline-day seed: call {CALL_CODE} closing in {closes_in}, {companies} companies with drafts "
        f"({time.monotonic() - started:.1f} s)")  # fmt: skip
    return call, journeys


# --- the rush ----------------------------------------------------------------------------------------------


def client_address(n: int) -> str:
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"


def journey(browser: Browser, data: dict, doc: bytes) -> None:
    """One company: sign in, save the draft twice, upload the document, submit, read the receipt."""
    from django.urls import reverse

    pk = data["application"]
    edit = reverse("applications:application_edit", args=[pk])
    login_path = reverse("account_login")
    page = browser.get("login-page", f"{login_path}?next={edit}")
    login = form_with_action(page, login_path)
    target = browser.post_form("sign-in", login, login.values(login=data["email"], password=PASSWORD))
    if target != edit:
        raise UnexpectedAnswer(f"sign-in led to {target}, not to {edit}")
    page = browser.get("editor", edit)
    for n in (1, 2):
        form = form_with_action(page, edit)
        page = browser.post_form("save-draft", form, form.values(project_summary=f"요약 {n}차 저장"), follow="editor")
    files = form_with_action(page, reverse("applications:application_file_upload", args=[pk]))
    attachment = [("file", "plan.pdf", "application/pdf", doc)]
    browser.post_form("upload", files, files.values(title="사업계획서"), attachment, follow="editor")
    page = browser.get("review", reverse("applications:application_review", args=[pk]))
    submit = form_with_action(page, reverse("applications:application_submit", args=[pk]))
    browser.post_form("submit", submit, submit.values(), follow="receipt")


def control_request(browser: Browser, data: dict, doc: bytes) -> None:
    """The control: one 1 MB upload to the bare view that stores it and writes one row."""
    body, content_type = multipart([], [("file", "control.pdf", "application/pdf", doc)])
    browser.request("control-upload", "POST", "/bench/upload", body=body, content_type=content_type)


@dataclass
class Drive:
    seconds: float = 0.0
    samples: list = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    completed: int = 0


def drive(*, base_url: str, items: list[dict], concurrency: int, action) -> Drive:
    """Run ``action(browser, item, doc)`` for every item, ``concurrency`` at a time, each with its own browser."""
    host, port = base_url.removeprefix("http://").split(":")
    doc = document()
    result = Drive()
    lock = threading.Lock()

    def one(item: dict) -> None:
        browser = Browser(host, int(port), client_address=client_address(item["n"]))
        try:
            action(browser, item, doc)
            ok, message = True, ""
        except Exception as error:  # one company's failure is counted, the others go on
            ok, message = False, f"#{item['n']}: {type(error).__name__}: {error}"
        finally:
            browser.close()
        with lock:
            result.samples += browser.samples
            if ok:
                result.completed += 1
            else:
                result.failures.append(message)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, items))
    result.seconds = time.perf_counter() - started
    return result


def step_rows(run: Drive) -> list[dict]:
    by_step = defaultdict(list)
    for sample in run.samples:
        by_step[sample.step].append(sample)
    rows = []
    for step in [*STEPS, "control-upload"]:
        samples = by_step.get(step)
        if not samples:
            continue
        times = sorted(sample.seconds * 1000 for sample in samples)
        quantiles = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
        rows.append(
            {
                "step": step,
                "requests": len(samples),
                "per_second": len(samples) / run.seconds,
                "p50_ms": quantiles[49],
                "p99_ms": quantiles[98],
                "unexpected": sum(1 for sample in samples if not sample.expected),
                "statuses": dict(Counter(sample.status for sample in samples)),
            }
        )
    return rows


# --- the mail server ---------------------------------------------------------------------------------------


class MailCounter:
    """A local SMTP server that counts accepted messages by recipient, and wakes a waiter at a total."""

    def __init__(self, port: int = 0) -> None:
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.by_recipient: Counter = Counter()
        self.total = 0
        self.target: int | None = None
        self.reached = threading.Event()
        self.lock = threading.Lock()
        self.port = port or server.free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, smtp, session, envelope) -> str:
        with self.lock:
            for address in envelope.rcpt_tos:
                self.by_recipient[address.lower()] += 1
            self.total += 1
            if self.target is not None and self.total >= self.target:
                self.reached.set()
        return "250 OK"

    def wait_for(self, total: int, timeout: float) -> bool:
        with self.lock:
            self.target = total
            if self.total >= total:
                return True
            self.reached.clear()
        return self.reached.wait(timeout)

    def stop(self) -> None:
        self.controller.stop()


def start_worker(env: dict[str, str], log_file: Path) -> subprocess.Popen:
    handle = log_file.open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--concurrency", "1", "--pool", "prefork",
         "--without-mingle", "--without-gossip", "--loglevel", "WARNING"],
        cwd=BASE_DIR, env={**os.environ, **env}, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def stop_process(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


# --- password hashers --------------------------------------------------------------------------------------


def hasher_rates(*, seconds: float = 3.0) -> list[dict]:
    """Password checks per CPU-second (one core: the CPU time of this process, all its threads) of PBKDF2 and
    Argon2 at Django's parameters, and which one the settings make the default."""
    from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher, get_hasher

    default = get_hasher("default").algorithm
    rows = []
    for hasher in (PBKDF2PasswordHasher(), Argon2PasswordHasher()):
        try:
            encoded = hasher.encode(PASSWORD, hasher.salt())
        except ValueError as error:  # Argon2 without argon2-cffi
            rows.append({"hasher": hasher.algorithm, "error": str(error)})
            continue
        checks, cpu_started, wall_started = 0, time.process_time(), time.perf_counter()
        while checks < 3 or time.perf_counter() - wall_started < seconds:
            if not hasher.verify(PASSWORD, encoded):
                raise RuntimeError(f"{hasher.algorithm} did not verify its own hash")
            checks += 1
        cpu = time.process_time() - cpu_started
        wall = time.perf_counter() - wall_started
        rows.append(
            {
                "hasher": hasher.algorithm,
                "parameters": {key: value for key, value in hasher.safe_summary(encoded).items() if key not in
                               ("salt", "hash")},
                "checks": checks,
                "per_cpu_second": checks / cpu,
                "cpu_ms_per_check": cpu / checks * 1000,
                "wall_ms_per_check": wall / checks * 1000,
                "default": hasher.algorithm == default,
            }
        )  # fmt: skip
    return rows


# --- the scenario ------------------------------------------------------------------------------------------


def scenario_environment(base_env: dict[str, str]) -> dict[str, str]:
    return {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "TRUSTED_PROXY_COUNT": "1",  # one reverse proxy in front, as the clients' X-Forwarded-For says
        "CELERY_BROKER_URL": BROKER_URL,
    }


def run(*, base_env: dict[str, str], var_dir: Path, companies: int, concurrency: int, workers: int,
        deadline_minutes: float, log) -> dict:  # fmt: skip
    """The whole scenario; returns its figures (also for results.json). Django is set up by the caller against the
    bench database."""
    import redis

    env = scenario_environment(base_env)
    redis.Redis.from_url(BROKER_URL).flushdb()
    call, journeys = seed(companies=companies, closes_in=timedelta(minutes=deadline_minutes), log=log)
    mail = MailCounter(int(os.environ.get("BENCH_SMTP_PORT", 0)))
    env["EMAIL_URL"] = f"smtp://127.0.0.1:{mail.port}"
    gunicorn = server.Gunicorn(
        env=env, workers=workers, log_file=var_dir / "gunicorn-deadline.log",
        port=int(os.environ.get("BENCH_DEADLINE_PORT", 0)),
    )  # fmt: skip
    worker = None
    try:
        worker = start_worker(env, var_dir / "worker-deadline.log")
        gunicorn.start()
        log(f"deadline-day: gunicorn ({workers} sync workers, portal.settings.production) on {gunicorn.base_url}, "
            f"a Celery worker (broker {BROKER_URL}), mail to 127.0.0.1:{mail.port}")  # fmt: skip
        warm = drive(
            base_url=gunicorn.base_url, items=[{"n": n} for n in range(concurrency)], concurrency=concurrency,
            action=control_request,
        )  # fmt: skip
        log(f"deadline-day: control: {companies} uploads of 1 MB, {concurrency} at a time "
            f"(after {warm.completed} warm-up uploads)")  # fmt: skip
        control = drive(
            base_url=gunicorn.base_url, items=[{"n": n} for n in range(companies)], concurrency=concurrency,
            action=control_request,
        )  # fmt: skip
        log(f"deadline-day: {companies} companies, {concurrency} at a time")
        load_before = os.getloadavg()[0]
        rush = drive(base_url=gunicorn.base_url, items=journeys, concurrency=concurrency, action=journey)
        log(f"deadline-day: rush over in {rush.seconds:.1f} s ({rush.completed} journeys completed); waiting for mail")
        from portal.notifications.enums import ChannelKind
        from portal.notifications.models import Notification

        expected_mail = Notification.objects.filter(
            event="application_submitted", channel=ChannelKind.EMAIL,
            application_id__in=[item["application"] for item in journeys],
        ).count()  # fmt: skip
        mail_started = time.perf_counter()
        delivered_in_time = mail.wait_for(expected_mail, timeout=max(300.0, rush.seconds * 2))
        mail_seconds = time.perf_counter() - mail_started
        time.sleep(1.0)  # let a message beyond the expected count (a duplicate) arrive before counting
        by_recipient = dict(mail.by_recipient)
    finally:
        gunicorn.stop()
        stop_process(worker)
        mail.stop()
    from bench.deadline_verify import verify_call

    verification = verify_call(
        call=call, company_ids=[item["company"] for item in journeys], document_size=DOCUMENT_SIZE,
        mail_by_recipient=by_recipient,
    )  # fmt: skip
    unexpected = [sample for sample in rush.samples + control.samples if not sample.expected]
    problems = list(verification.problems)
    if unexpected:
        statuses = Counter(f"{sample.step} {sample.status}" for sample in unexpected)
        problems.append(f"{len(unexpected)} unexpected answers: {dict(statuses)}")
    problems += rush.failures[:10] + control.failures[:10]
    if not delivered_in_time:
        problems.append(f"mail: {sum(by_recipient.values())} of {expected_mail} messages within the wait")
    cores = os.cpu_count() or 1
    sign_ins = sum(1 for sample in rush.samples if sample.step == "sign-in" and sample.expected)
    figures = {
        "companies": companies,
        "concurrency": concurrency,
        "gunicorn_workers": workers,
        "deadline_minutes": deadline_minutes,
        "load_average_before": round(load_before, 2),
        "seconds": rush.seconds,
        "journeys_completed": rush.completed,
        "submissions_per_second": verification.submitted / rush.seconds,
        "requests": len(rush.samples),
        "requests_per_second": len(rush.samples) / rush.seconds,
        "sign_ins_per_second": sign_ins / rush.seconds,
        "sign_ins_per_second_per_core": sign_ins / rush.seconds / cores,
        "control_seconds": control.seconds,
        "control_requests_per_second": len(control.samples) / control.seconds,
        "ratio_to_control": (len(rush.samples) / rush.seconds) / (len(control.samples) / control.seconds),
        "steps": step_rows(rush) + step_rows(control),
        "submitted": verification.submitted,
        "receipts": verification.receipts,
        "documents": verification.files,
        "receipt_emails": verification.receipt_emails,
        "emails_expected": verification.emails_expected,
        "emails_delivered": verification.emails_delivered,
        "mail_wait_seconds": mail_seconds,
        "problems": problems,
        "hashers": hasher_rates(),
        "cpu_cores": cores,
    }
    return figures


def text_report(figures: dict) -> str:
    from bench import report

    lines = [
        f"Deadline day: {figures['companies']} companies, {figures['concurrency']} at a time, gunicorn "
        f"{figures['gunicorn_workers']} sync workers, call closing {figures['deadline_minutes']:g} min after the start",
        "",
    ]
    rows = [
        [r["step"], str(r["requests"]), f"{r['per_second']:.1f}", f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}",
         str(r["unexpected"])]
        for r in figures["steps"]
    ]  # fmt: skip
    lines.append(report.text_table(["step", "requests", "per s", "p50 ms", "p99 ms", "unexpected"], rows))
    lines += [
        "",
        f"rush: {figures['seconds']:.1f} s, {figures['submissions_per_second']:.2f} submissions/s, "
        f"{figures['requests_per_second']:.1f} requests/s; control: {figures['control_requests_per_second']:.1f} "
        f"requests/s; ratio {figures['ratio_to_control']:.2f}x (goal >= 0.3x)",
        f"submitted {figures['submitted']} of {figures['companies']}, receipts {figures['receipts']}, documents "
        f"{figures['documents']}, receipt emails {figures['receipt_emails']}, emails delivered "
        f"{figures['emails_delivered']} of {figures['emails_expected']} ({figures['mail_wait_seconds']:.1f} s after "
        f"the rush)",
        f"sign-ins: {figures['sign_ins_per_second']:.2f}/s, {figures['sign_ins_per_second_per_core']:.2f}/s per core",
    ]
    for row in figures["hashers"]:
        if "error" in row:
            lines.append(f"hasher {row['hasher']}: {row['error']}")
        else:
            lines.append(
                f"hasher {row['hasher']}{' (default)' if row['default'] else ''}: {row['per_cpu_second']:.1f} checks "
                f"per CPU-second ({row['cpu_ms_per_check']:.0f} ms CPU, {row['wall_ms_per_check']:.0f} ms wall a "
                f"check; {row['parameters']})"
            )
    lines.append("verification: " + ("OK, 0 problems" if not figures["problems"] else "PROBLEMS"))
    lines += [f"  {problem}" for problem in figures["problems"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Alone, against an existing migrated and seeded bench database (BENCH_DATABASE_NAME): for trials."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description="The deadline-day scenario alone (see bench/run.py for make bench).")
    parser.add_argument("--companies", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--deadline-minutes", type=float, default=10)
    args = parser.parse_args(argv)
    var_dir = BASE_DIR / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = server.bench_environment(var_dir=var_dir, secret_key=server.secret_key_generate())
    os.environ.update(env)
    import django

    django.setup()
    figures = run(base_env=env, var_dir=var_dir, companies=args.companies, concurrency=args.concurrency,
                  workers=args.workers, deadline_minutes=args.deadline_minutes, log=print)  # fmt: skip
    print(text_report(figures))
    (var_dir / "deadline.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    return 1 if figures["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
