"""Staff generate the year-end report of this year: the progress bar moves as a real worker makes it (polled with
JavaScript, no reload), the download links appear, and the PDF downloads."""

import importlib
import os

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.review.demo import DEMO_TOTP_SECRETS, secret_hex
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified
from reports.yearend.models import YearEndReport
from tests.applications.factories import UserFactory
from tests.browser.axe import assert_accessible
from tests.review.helpers import with_role
from tests.yearend.factories import built_year

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
STAFF = "staff@demo.yc.kr"


def test_staff_generate_the_report_and_watch_it_finish(page, live_server, screenshots_dir, start_worker, settings):
    from django.core.cache import cache

    cache.clear()
    # The worker process stores the files where the settings module puts them; the live server reads them there.
    settings.MEDIA_ROOT = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"]).MEDIA_ROOT
    year = timezone.localdate().year
    built_year(year)
    staff = with_role(UserFactory(email=STAFF, full_name="이서연"), Role.TECHNOPARK_STAFF)
    user_email_mark_verified(user=staff)
    device = TOTPDevice.objects.create(user=staff, name="authenticator", key=secret_hex(DEMO_TOTP_SECRETS[STAFF]))
    page.goto("/accounts/login/")
    page.fill("#id_login", STAFF)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/staff/reports/")
    page.wait_for_url("**/staff/two-factor/?next=*")
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    page.wait_for_url("**/staff/reports/")
    assert_accessible(page)
    page.select_option("#id_year", str(year))
    page.locator("#yearend-generate").click()
    page.wait_for_url("**/staff/reports/*/")
    assert page.locator("#yearend-refresh").is_hidden()  # JavaScript polls instead of the refresh link
    worker = start_worker()
    try:
        page.locator("#yearend-files").wait_for(state="visible", timeout=180_000)
    except Exception as error:
        raise AssertionError(worker.output()) from error
    assert page.locator("#yearend-bar").evaluate("bar => bar.value") == 100
    assert page.locator("#yearend-percent").inner_text() == "100"
    page.screenshot(path=str(screenshots_dir / "yearend-progress-done.png"), full_page=True)
    assert_accessible(page)
    report = YearEndReport.objects.get()
    try:
        with page.expect_download() as download:
            page.locator("#yearend-pdf").click()
        path = download.value.path()
        with open(path, "rb") as handle:
            assert handle.read(4) == b"%PDF"
        assert download.value.suggested_filename.startswith(f"yearend-{year}-")
    finally:
        report.refresh_from_db()
        for field in (report.pdf, report.xlsx):
            if field:
                field.delete(save=False)
