"""Real concurrency against PostgreSQL: threads, each with its own database connection, submit at the same time."""

import threading

import pytest
from django.db import connection

from applications.models import Application, ApplicationStatusChange, ReceiptCounter
from applications.services import application_submit
from portal.accounts.models import User

from .apply_setup import open_call, ready_application

pytestmark = pytest.mark.services


def _run_together(jobs):
    """Start every job at once (a barrier), each in its own thread and connection; return results and errors."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait(timeout=30)
            value = job()
            with lock:
                results.append(value)
        except Exception as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def _submit_job(application_id: int, user_id: int):
    def job():
        application = Application.objects.select_related("company").get(pk=application_id)
        user = User.objects.get(pk=user_id)
        return application_submit(application=application, acting_user=user).receipt_number

    return job


def test_two_tabs_submitting_the_same_application_get_one_receipt(transactional_db, require_postgres):
    application = ready_application()
    user_id = application.company.members.get().user_id
    results, errors = _run_together([_submit_job(application.pk, user_id) for _ in range(2)])
    assert errors == []
    assert len(results) == 2 and len(set(results)) == 1
    assert results[0].endswith("-0001")
    assert ReceiptCounter.objects.get(call=application.call).last_number == 1
    assert ApplicationStatusChange.objects.filter(application=application).count() == 1


def test_twenty_companies_submitting_at_once_get_numbers_without_gaps_or_duplicates(transactional_db, require_postgres):
    call = open_call()
    applications = [ready_application(call=call) for _ in range(20)]
    jobs = [_submit_job(app.pk, app.company.members.get().user_id) for app in applications]
    results, errors = _run_together(jobs)
    assert errors == []
    prefix = f"YC-{call.year}-{call.program.code.upper()}-"
    assert sorted(results) == [f"{prefix}{number:04d}" for number in range(1, 21)]
    stored = sorted(Application.objects.filter(call=call).values_list("receipt_number", flat=True))
    assert stored == sorted(results)
    assert ReceiptCounter.objects.get(call=call).last_number == 20
