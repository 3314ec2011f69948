"""The four drills. Each returns a ``DrillResult``: what it did, what it found (figures), and the failures (the
portal failed the drill when there is any)."""

import os
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.server import BenchSetupError

from .client import Answer, pdf_of, request
from .context import DrillContext
from .infra import wait_until

UNAVAILABLE_KO = "잠시 후 다시 시도해 주세요"  # in both 503 messages (portal/health/errors.py)
STORAGE_FULL_KO = "파일 저장 공간이 가득 차서"  # the file field's error (applications/services/documents.py)


@dataclass
class DrillResult:
    name: str
    did: list[str] = field(default_factory=list)
    found: dict[str, object] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def check(self, condition: bool, failure: str) -> None:
        if not condition:
            self.failures.append(failure)

    @property
    def passed(self) -> bool:
        return not self.failures


def _ok(answer: Answer) -> bool:
    return 200 <= answer.status < 400


def _gunicorn_workers(pid: int) -> set[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(child) for child in children.read_text().split()} if children.exists() else set()


# --- 1. PostgreSQL restarted under load ---------------------------------------------------------------------------
def postgres_restart(ctx: DrillContext, *, gap_seconds: float = 4.0, threads: int = 4) -> DrillResult:
    from django.db import connections

    from applications.models import VaultDocument
    from programs.enums import DocumentType

    result = DrillResult("PostgreSQL restarted under load")
    companies = ctx.companies(threads)
    doc_type = DocumentType.values[0]
    answers: list[tuple[Answer, str]] = []  # (answer, title of the upload or "")
    lock = threading.Lock()
    stop = threading.Event()
    pdf = pdf_of(20_000, "drill 1")
    pids_before = _gunicorn_workers(ctx.gunicorn.process.pid)

    def load(number: int, company) -> None:
        writes = 0
        while not stop.is_set():
            for path in ("/company/", "/company/documents/"):
                answer = company.session.get(path)
                with lock:
                    answers.append((answer, ""))
            answer = request("GET", "/api/v1/calls/", headers={"Accept-Language": "ko"})
            with lock:
                answers.append((answer, ""))
            writes += 1
            title = f"drill1-{number}-{writes}"
            answer = company.session.post(
                "/company/documents/upload/", {"doc_type": doc_type, "title": title}, {"file": (f"{title}.pdf", pdf)}
            )
            with lock:
                answers.append((answer, title))
            time.sleep(0.05)

    pool = [threading.Thread(target=load, args=(n, c), daemon=True) for n, c in enumerate(companies, 1)]
    for thread in pool:
        thread.start()
    wait_until(lambda: sum(_ok(a) for a, _t in answers) >= 40, timeout=120, what="40 answers before the fault")
    stopped_at = time.monotonic()
    ctx.postgres.stop("fast")
    result.did.append(
        f"{threads} signed-in companies read two pages, the public API and upload a document in a loop through "
        f"gunicorn ({len(pids_before)} workers); PostgreSQL stopped (fast) after {len(answers)} requests"
    )
    time.sleep(gap_seconds)  # the outage itself: the drill keeps the database down this long on purpose
    ctx.postgres.start()
    started_at = time.monotonic()
    result.did.append(f"PostgreSQL started again {started_at - stopped_at:.1f} s later; gunicorn left alone")

    # Recovered: 20 answers in a row that all succeeded, begun after the restart.
    def recovered() -> bool:
        with lock:
            after = [a for a, _t in answers if a.started >= started_at]
        tail = after[-20:]
        return len(tail) == 20 and all(_ok(a) for a in tail)

    wait_until(recovered, timeout=60, what="the portal answering again after the restart")
    time.sleep(2)  # two more seconds of load after recovery
    stop.set()
    for thread in pool:
        thread.join(timeout=60)
    connections.close_all()  # this process's connection died with the server

    failing = [a for a, _t in answers if not _ok(a)]
    last_failure = max((a.started + a.seconds for a in failing), default=started_at)
    gap = [a for a, _t in answers if stopped_at <= a.started < last_failure or (a.started < stopped_at and not _ok(a))]
    statuses = Counter(a.status for a, _t in answers)
    gap_statuses = Counter(a.status for a in gap)
    unavailable = [a for a in answers if a[0].status == 503]
    html_503 = [a for a, _t in unavailable if not a.path.startswith("/api/")]
    api_503 = [a for a, _t in unavailable if a.path.startswith("/api/")]
    result.found.update(
        requests=len(answers),
        statuses=dict(sorted(statuses.items())),
        requests_during_gap=len(gap),
        gap_statuses=dict(sorted(gap_statuses.items())),
        answers_503=len(unavailable),
        answers_500=statuses.get(500, 0),
        no_answer=statuses.get(0, 0),
        outage_s=round(started_at - stopped_at, 2),
        recovery_s=round(max(0.0, last_failure - started_at), 2),
        first_success_after_restart_s=round(
            min((a.started + a.seconds for a, _t in answers if a.started >= started_at and _ok(a)), default=0.0)
            - started_at,
            2,
        ),
    )
    result.check(statuses.get(500, 0) == 0, f"{statuses.get(500, 0)} answers were 500")
    result.check(statuses.get(0, 0) == 0, f"{statuses.get(0, 0)} requests got no HTTP answer")
    result.check(len(unavailable) > 0, "no 503 during the outage (was the database really down?)")
    failing_statuses = Counter(a.status for a in failing)
    result.check(set(failing_statuses) <= {503}, f"failures other than 503: {dict(failing_statuses)}")
    result.check(all(a.headers.get("retry-after") for a, _t in unavailable), "a 503 without Retry-After")
    result.check(all(UNAVAILABLE_KO in a.text for a in html_503), "a 503 page without the Korean message")
    result.check(
        all(a.headers.get("content-type", "").startswith("application/json") for a in api_503),
        "an API 503 that is not JSON",
    )
    result.check(bool(api_503) and bool(html_503), "the outage did not reach both pages and the API")
    result.check(ctx.gunicorn.process.poll() is None, "gunicorn exited")
    pids_after = _gunicorn_workers(ctx.gunicorn.process.pid)
    result.found["gunicorn_workers_replaced"] = len(pids_before - pids_after)
    result.check(pids_before == pids_after, f"gunicorn workers were replaced: {pids_before} → {pids_after}")

    # Writes: every upload the portal acknowledged (302) is saved once; none is saved twice.
    uploads = [(a, t) for a, t in answers if t]
    rows = Counter(
        VaultDocument.objects.filter(company_id__in=[c.company_id for c in companies]).values_list("title", flat=True)
    )
    acknowledged = [t for a, t in uploads if a.status == 302]
    refused = [t for a, t in uploads if a.status == 503]
    lost = [t for t in acknowledged if rows[t] != 1]
    doubled = [t for t, n in rows.items() if n > 1]
    saved_though_refused = [t for t in refused if rows[t]]
    missing_files = [
        d.pk for d in VaultDocument.objects.filter(company_id__in=[c.company_id for c in companies])
        if not d.file.storage.exists(d.file.name)
    ]  # fmt: skip
    uploads_dir = ctx.var_dir / "uploads"
    referenced = {d.file.name for d in VaultDocument.objects.filter(company_id__in=[c.company_id for c in companies])}
    on_disk = {
        str(path.relative_to(uploads_dir))
        for company in companies
        for path in (uploads_dir / "vault" / str(company.company_id)).glob("*")
    }
    result.found.update(
        uploads=len(uploads),
        uploads_acknowledged=len(acknowledged),
        uploads_answered_503=len(refused),
        uploads_saved_though_answered_503=len(saved_though_refused),
        writes_lost=len(lost),
        writes_doubled=len(doubled),
        rows_without_file=len(missing_files),
        files_without_row=len(on_disk - referenced),
    )
    result.check(not (on_disk - referenced), f"files left without a row: {sorted(on_disk - referenced)[:5]}")
    result.check(not lost, f"acknowledged uploads not saved exactly once: {lost[:5]}")
    result.check(not doubled, f"uploads saved twice: {doubled[:5]}")
    result.check(not missing_files, f"document rows without their file: {missing_files[:5]}")
    return result


# --- 2. Redis (the broker and the cache) stopped while companies submit ----------------------------------------------
def redis_stopped(ctx: DrillContext, *, submissions: int = 20) -> DrillResult:
    from applications.models import Application
    from portal.notifications.enums import ChannelKind, Status
    from portal.notifications.models import Notification
    from portal.notifications.rendering import message_id

    result = DrillResult("Redis stopped while companies submit")
    companies = ctx.companies(submissions)
    worker = ctx.worker("redis")
    ctx.redis.stop()
    down_at = time.monotonic()
    result.did.append(
        f"Redis (broker db 0 and cache db 1) stopped; {submissions} companies then submitted their applications "
        "through gunicorn; a worker was running"
    )
    answers = [
        c.session.post(f"/company/applications/{c.application_id}/submit/", {"version": str(c.version)})
        for c in companies
    ]
    statuses = Counter(a.status for a in answers)
    ids = [c.application_id for c in companies]
    submitted = Application.objects.filter(pk__in=ids, receipt_number__isnull=False)
    numbers = sorted(int(number.rsplit("-", 1)[1]) for number in submitted.values_list("receipt_number", flat=True))
    emails = Notification.objects.filter(
        application_id__in=ids, event="application_submitted", channel=ChannelKind.EMAIL
    )
    result.found.update(
        submit_statuses=dict(sorted(statuses.items())),
        submit_seconds_median=round(statistics.median(a.seconds for a in answers), 3),
        submit_seconds_max=round(max(a.seconds for a in answers), 3),
        submissions_saved=submitted.count(),
        receipts_gap_free=numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else False,
        receipt_emails_pending_while_down=emails.filter(status=Status.PENDING).count(),
        worker_alive_while_redis_down=worker.alive(),
    )
    result.check(statuses == Counter({302: submissions}), f"submissions answered {dict(statuses)}, not all 302")
    result.check(submitted.count() == submissions, f"{submitted.count()} of {submissions} submissions saved")
    result.check(result.found["receipts_gap_free"], f"receipt numbers not gap-free: {numbers}")
    result.check(emails.count() == submissions, f"{emails.count()} receipt emails queued for {submissions} submissions")

    ctx.redis.start()
    result.found["redis_down_s"] = round(time.monotonic() - down_at, 1)
    result.did.append("Redis started again, empty (nothing kept on disk: the queued messages are lost)")
    worker_survived = worker.alive()
    if not worker_survived:
        result.did.append("the worker had exited; a new one was started, as the process supervisor would")
        worker = ctx.worker("redis-2")
    sent = lambda: emails.filter(status=Status.SENT).count() == submissions  # noqa: E731
    try:
        seconds = ctx.sweep_until(sent, timeout=180, what="every receipt email sent after Redis returned")
    except BenchSetupError as error:
        seconds = float("nan")
        result.failures.append(str(error))
    received = [ctx.sink.received[message_id(row)] for row in emails]
    result.found.update(
        worker_survived_outage=worker_survived,
        receipt_emails_sent=emails.filter(status=Status.SENT).count(),
        receipt_emails_delivered=sum(1 for n in received if n >= 1),
        receipt_emails_duplicated=sum(1 for n in received if n > 1),
        delivered_within_s=round(seconds, 1),
    )
    result.did.append("this process played beat: the sweeper every second until every receipt email was sent")
    result.check(all(n == 1 for n in received), f"receipt emails not delivered exactly once: {Counter(received)}")
    return result


# --- 3. A worker killed mid-batch -----------------------------------------------------------------------------------
def worker_killed(ctx: DrillContext, *, people: int = 30, rounds: int = 10, kill_at: int = 120) -> DrillResult:
    from django.contrib.auth import get_user_model

    from portal.notifications.enums import ChannelKind, Status
    from portal.notifications.models import Notification
    from portal.notifications.rendering import message_id
    from portal.notifications.services import notify

    result = DrillResult("A worker killed (SIGKILL) mid-batch")
    missing = people - get_user_model().objects.count()
    if missing > 0:  # run alone (--only worker): make the people first
        ctx.companies(missing)
    users = list(get_user_model().objects.order_by("pk")[:people])
    sink = ctx.sink
    before = sink.total
    sink.holding.clear()
    sink.release.clear()
    sink.dropped = 0
    sink.hold_at = before + kill_at  # the sink holds that message unanswered: the worker is then mid-send
    rows = []
    for _round in range(rounds):
        rows += notify(event="call_closing", context_ids={}, recipients=users, channels=[ChannelKind.EMAIL])
    ids = [row.pk for row in rows]
    batch = Notification.objects.filter(pk__in=ids)
    first = ctx.worker("killed")
    result.did.append(f"{len(rows)} email notifications queued in batches; a worker started")
    wait_until(sink.holding.is_set, timeout=180, what=f"the worker sending message {kill_at}")
    first.kill()
    sink.release.set()
    wait_until(lambda: sink.dropped == 1, timeout=30, what="the held message dropped with its worker")
    result.did.append(f"the worker (main process and pool child) killed with SIGKILL while sending message {kill_at}")
    result.found.update(
        delivered_before_kill=sink.total - before,
        sending_after_kill=batch.filter(status=Status.SENDING).count(),
        sent_after_kill=batch.filter(status=Status.SENT).count(),
        pending_after_kill=batch.filter(status=Status.PENDING).count(),
    )
    ctx.worker("after-kill")
    result.did.append("a new worker started; this process played beat (the sweeper every second)")
    try:
        seconds = ctx.sweep_until(
            lambda: batch.filter(status=Status.SENT).count() == len(rows), timeout=300, what="every notification sent"
        )
    except BenchSetupError as error:
        seconds = float("nan")
        result.failures.append(str(error))
    received = [sink.received[message_id(row)] for row in rows]
    result.found.update(
        notifications=len(rows),
        delivered=sum(1 for n in received if n >= 1),
        lost=sum(1 for n in received if n == 0),
        duplicated=sum(1 for n in received if n > 1),
        all_sent_within_s=round(seconds, 1),
    )
    result.check(result.found["sending_after_kill"] <= 1, "more than one row left in sending by the killed worker")
    result.check(all(n == 1 for n in received), f"not delivered exactly once: {Counter(received)}")
    return result


# --- 4. The upload disk full ----------------------------------------------------------------------------------------
def disk_full(ctx: DrillContext, *, size: str = "2m", file_bytes: int = 450_000) -> DrillResult:
    from applications.models import ApplicationFile, VaultDocument
    from programs.enums import DocumentType

    from .infra import SmallDisk

    result = DrillResult("The upload disk full")
    uploads_dir = ctx.var_dir / "uploads"
    disk = SmallDisk(uploads_dir, size=size, log=ctx.log)
    try:
        company = ctx.companies(1)[0]
        result.did.append(
            f"uploads ({uploads_dir}) on a tmpfs of {size}; a company uploads {file_bytes:,}-byte documents until "
            "the disk is full, then an application file, then submits its application"
        )
        answers: list[tuple[str, Answer]] = []
        for number in range(1, 12):
            title = f"drill4-{number}"
            answer = company.session.post(
                "/company/documents/upload/",
                {"doc_type": DocumentType.values[0], "title": title},
                {"file": (f"{title}.pdf", pdf_of(file_bytes, title))},
            )
            answers.append((title, answer))
            if answer.status != 302:
                break
        refused_title, refused = answers[-1]
        attachment = company.session.post(
            f"/company/applications/{company.application_id}/files/",
            {"title": "drill4-attachment"},
            {"file": ("drill4-attachment.pdf", pdf_of(file_bytes, "attachment"))},
        )
        submit = company.session.post(
            f"/company/applications/{company.application_id}/submit/", {"version": str(company.version)}
        )
        documents = list(VaultDocument.objects.filter(company_id=company.company_id))
        files = list(ApplicationFile.objects.filter(application_id=company.application_id))
        on_disk = {str(path.relative_to(uploads_dir)) for path in uploads_dir.rglob("*") if path.is_file()}
        referenced = {d.file.name for d in documents} | {f.file.name for f in files}
        without_file = [d.title for d in documents if d.file.name not in on_disk or d.file.size != d.size]
        statvfs = os.statvfs(uploads_dir)
        result.found.update(
            uploads_saved=sum(1 for _t, a in answers if a.status == 302),
            refused_upload_status=refused.status,
            refused_upload_shows_error=STORAGE_FULL_KO in refused.text,
            refused_upload_keeps_title=f'value="{refused_title}"' in refused.text,
            refused_rows=sum(1 for d in documents if d.title == refused_title),
            attachment_status=attachment.status,
            attachment_shows_error=STORAGE_FULL_KO in attachment.text,
            attachment_rows=len(files),
            rows_without_file=len(without_file),
            orphan_files=len(on_disk - referenced),
            submit_status=submit.status,
            free_bytes_after=statvfs.f_bavail * statvfs.f_frsize,
            answers_500=sum(1 for _t, a in answers if a.status == 500) + (attachment.status == 500),
        )
        result.check(refused.status == 400, f"the upload on a full disk answered {refused.status}, not 400")
        result.check(result.found["refused_upload_shows_error"], "the full-disk error is not on the upload page")
        result.check(result.found["refused_upload_keeps_title"], "the upload form lost what the company typed")
        result.check(result.found["refused_rows"] == 0, "a row was saved for the refused upload")
        result.check(attachment.status == 400 and result.found["attachment_shows_error"],
                     f"the application file on a full disk answered {attachment.status} without the error")  # fmt: skip
        result.check(not files, "an application file row was saved on a full disk")
        result.check(not without_file, f"document rows without their (whole) file: {without_file}")
        result.check(not (on_disk - referenced), f"files left on disk without a row: {sorted(on_disk - referenced)}")
        result.check(submit.status in (302, 400), f"the submission answered {submit.status}")
    finally:
        disk.close()
    return result


DRILLS = {
    "postgres": postgres_restart,
    "redis": redis_stopped,
    "worker": worker_killed,
    "disk": disk_full,
}
