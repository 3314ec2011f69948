"""A member of the company files this year's outcome report of a completed project (in Korean): an unusual
figure is marked before submitting and must be checked; staff return it with a question, the company answers and
submits again, staff verify it and the verified outcomes page counts it. Every page passes axe-core."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.outcomes.models import ReportState
from applications.review.demo import DEMO_TOTP_SECRETS, secret_hex
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified
from tests.applications.factories import CompanyMemberFactory, UserFactory
from tests.browser.axe import assert_accessible
from tests.outcomes.factories import GOOD, completed_project, this_years_report
from tests.review.helpers import with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
STAFF = "staff@demo.yc.kr"
MEMBER = "member@outcomes.example"


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()


def fill_figures(page, **changes) -> None:
    for name, value in {**GOOD, **changes}.items():
        page.fill(f"#id_{name}", str(value))


def test_the_company_files_staff_return_and_verify(page, chromium_browser, live_server, screenshots_dir):
    from django.core.cache import cache

    cache.clear()
    staff = with_role(UserFactory(email=STAFF, full_name="이서연"), Role.TECHNOPARK_STAFF)
    user_email_mark_verified(user=staff)
    device = TOTPDevice.objects.create(user=staff, name="authenticator", key=secret_hex(DEMO_TOTP_SECRETS[STAFF]))
    application = completed_project()
    member = CompanyMemberFactory(company=application.company, user=UserFactory(email=MEMBER, full_name="김민준")).user
    user_email_mark_verified(user=member)
    report = this_years_report(application)

    company = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR").new_page()
    company.set_default_timeout(15_000)
    log_in(company, MEMBER)
    company.goto("/company/outcomes/")
    assert_accessible(company)
    company.locator(f"a[href='/company/applications/{application.pk}/outcomes/{report.year}/']").click()
    company.wait_for_load_state()
    fill_figures(company, sales_krw=900_000_000_000)
    company.locator("#report-submit").click()
    company.wait_for_load_state()
    # The unusual figure is marked, and the report waits for the company's check.
    assert company.locator("#report-flags").is_visible()
    assert company.locator("tr[data-figure=sales_krw].table-warning").is_visible()
    company.screenshot(path=str(screenshots_dir / "outcome-company-flags.png"), full_page=True)
    assert_accessible(company)
    company.locator("#id_flags_checked").check()
    company.locator("#report-submit").click()
    company.wait_for_load_state()
    assert company.locator("[data-state=submitted]").first.is_visible()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.flags == ["sales_krw"]

    log_in(page, STAFF)
    page.goto(f"/staff/calls/{application.call.code}/outcomes/")
    page.wait_for_url("**/staff/two-factor/?next=*")
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    page.wait_for_url(f"**/staff/calls/{application.call.code}/outcomes/")
    assert_accessible(page)
    page.locator(f"tr[data-report='{report.pk}'] a").click()
    page.wait_for_load_state()
    assert page.locator("#report-flags").is_visible()
    page.fill("#id_comment", "매출 증빙(세금계산서 합계표)을 첨부해 주세요.")
    page.locator("#report-return").click()
    page.wait_for_load_state()
    assert page.locator("[data-state=returned]").first.is_visible()
    page.screenshot(path=str(screenshots_dir / "outcome-staff-returned.png"), full_page=True)
    assert_accessible(page)

    company.reload()
    assert "매출 증빙(세금계산서 합계표)을 첨부해 주세요." in company.locator("#staff-questions").inner_text()
    company.fill("#id_sales_krw", str(GOOD["sales_krw"]))
    company.locator("#report-submit").click()
    company.wait_for_load_state()
    assert company.locator("[data-state=submitted]").first.is_visible()

    page.reload()
    page.locator("#report-verify").click()
    page.wait_for_load_state()
    assert page.locator("[data-state=verified]").first.is_visible()
    page.goto("/staff/outcomes/")
    assert page.locator(f"#call-{application.call.code} tr[data-year='{report.year}']").is_visible()
    page.screenshot(path=str(screenshots_dir / "outcome-staff-summary.png"), full_page=True)
    assert_accessible(page)
