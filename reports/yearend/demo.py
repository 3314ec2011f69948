"""Demo year-end report: the staff user generated last year's report (the year of the imported history and of the
demo projects), so that the staff reports page lists one with its files. Generated here synchronously, as the worker
would; seeding again keeps it."""

from portal.accounts.models import User
from programs.demo import open_year

from .models import ReportState, YearEndReport
from .services import report_years, yearend_report_generate

STAFF_EMAIL = "staff@demo.yc.kr"


def seed(*, log) -> list[str]:
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    year = open_year() - 1
    if staff is None or year not in report_years():
        log("skipped the demo year-end report: staff or last year's calls missing")
        return []
    if YearEndReport.objects.filter(year=year, state=ReportState.DONE).exists():
        log(f"kept the year-end report of {year}")
        return []
    report = YearEndReport.objects.create(year=year, requested_by=staff)
    yearend_report_generate(report_id=report.pk)
    report.refresh_from_db()
    log(f"year-end report of {year}: {report.get_state_display()}")
    return [f"year-end report {year}"]
