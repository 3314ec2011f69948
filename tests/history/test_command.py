"""``manage.py import_history``: problems with row numbers, a non-zero exit on errors, counts on success."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from applications.outcomes.models import OutcomeReport
from tests.applications.factories import UserFactory
from tests.evaluation.factories import staff
from tests.history.files import BAD_NUMBER, csv_bytes, past_call, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(path, *args, user) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_history", str(path), "--user", user.email, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_errors_are_printed_with_their_rows_and_the_command_fails(tmp_path):
    call = past_call()
    path = tmp_path / "history.csv"
    path.write_bytes(csv_bytes([row(call), row(call, year=call.year + 1, business_number=BAD_NUMBER)]))
    err = StringIO()
    with pytest.raises(CommandError, match=re.escape("Errors: 1 in 2 rows. Nothing was imported.")):
        call_command("import_history", str(path), "--user", staff().email, stdout=StringIO(), stderr=err)
    assert "row 3, business_number: error: Not a valid business registration number" in err.getvalue()
    assert OutcomeReport.objects.count() == 0


def test_a_dry_run_prints_its_verdict_and_writes_nothing(tmp_path):
    call = past_call()
    path = tmp_path / "history.xlsx"
    path.write_bytes(xlsx_bytes([row(call), row(call, year=call.year + 1)]))
    out, err = run(path, "--dry-run", user=staff())
    assert "Dry run: 2 rows without errors; nothing was written." in out
    assert err == ""
    assert OutcomeReport.objects.count() == 0


def test_a_real_run_prints_the_counts(tmp_path):
    call = past_call()
    path = tmp_path / "history.csv"
    path.write_bytes(csv_bytes([row(call), row(call, year=call.year + 1)]))
    out, _err = run(path, user=staff())
    assert (
        "Imported 2 rows. New companies: 1, projects: 1, verified outcome reports: 2, national R&D tasks: 0."
    ) in out
    assert OutcomeReport.objects.count() == 2


def test_only_a_staff_user_may_import(tmp_path):
    call = past_call()
    path = tmp_path / "history.csv"
    path.write_bytes(csv_bytes([row(call)]))
    with pytest.raises(CommandError, match="No staff user"):
        run(path, user=UserFactory())
    assert OutcomeReport.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv", user=staff())


def test_the_problems_are_printed_in_korean_by_default(tmp_path):
    from django.utils import translation

    call = past_call()
    path = tmp_path / "history.csv"
    path.write_bytes(csv_bytes([row(call, business_number=BAD_NUMBER)]))
    err = StringIO()
    with translation.override("ko"), pytest.raises(CommandError, match="아무것도 가져오지 않았습니다"):
        call_command("import_history", str(path), "--user", staff().email, stdout=StringIO(), stderr=err)
    assert "2행, business_number: 오류: 올바른 사업자등록번호가 아닙니다" in err.getvalue()
