"""A member of the company writes the interim report of a project in progress (in Korean), is told what is
missing, completes it with its evidence and submits it; staff find it in the call's queue and accept it."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.demo import minimal_pdf
from applications.progress.models import ProgressReport, ReportState
from applications.progress.services import agreed_milestones
from portal.accounts.services import user_email_mark_verified
from tests.browser.axe import assert_accessible
from tests.progress.factories import in_progress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_the_company_submits_the_interim_report_and_staff_accept_it(
    page, chromium_browser, live_server, screenshots_dir, tmp_path
):
    from django.core.cache import cache

    cache.clear()
    application, member, staff = in_progress()
    for user in (member, staff):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        user_email_mark_verified(user=user)
    device = TOTPDevice.objects.create(user=staff, name="authenticator")
    first, second = agreed_milestones(application)
    evidence = tmp_path / "설계서.pdf"
    evidence.write_bytes(minimal_pdf("Evidence"))

    company = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR").new_page()
    company.set_default_timeout(15_000)
    log_in(company, member.email)
    company.goto(f"/company/applications/{application.pk}/")
    company.locator("#progress-link").click()
    company.wait_for_load_state()
    assert_accessible(company)
    company.locator("tr[data-kind=interim] a").click()
    company.wait_for_load_state()
    company.fill("#id_work_done", "비전 검사 장비를 2호기에 시범 설치했습니다.")
    company.fill("#id_problems_plans", "하반기 전 라인 확대")
    company.locator(f"[data-milestone='{first.pk}']").get_by_label("완료", exact=True).check()
    company.locator(f"[data-milestone='{second.pk}']").get_by_label("미완료", exact=True).check()
    company.locator("#report-submit").click()
    company.wait_for_load_state()
    # What is missing is named; what was typed is kept.
    assert company.get_by_text("성과를 적어 주세요.").first.is_visible()
    assert company.get_by_text("완료 증빙 파일을 첨부해 주세요.").first.is_visible()
    assert company.input_value("#id_work_done") == "비전 검사 장비를 2호기에 시범 설치했습니다."
    company.screenshot(path=str(screenshots_dir / "progress-company-errors.png"), full_page=True)
    assert_accessible(company)
    company.fill("#id_results", "불량 검출률 92%")
    company.set_input_files(f"#id_ms{first.pk}_evidence", str(evidence))
    company.locator("#report-submit").click()
    company.wait_for_load_state()
    assert company.locator("[data-state=submitted]").first.is_visible()
    assert_accessible(company)

    log_in(page, staff.email)
    page.goto(f"/staff/calls/{application.call.code}/progress/")
    page.wait_for_url("**/staff/two-factor/?next=*")
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    page.wait_for_url(f"**/staff/calls/{application.call.code}/progress/")
    assert_accessible(page)
    page.locator("#progress-queue a").first.click()
    page.wait_for_load_state()
    assert "비전 검사 장비" in page.content()
    page.fill("#id_comment", "확인했습니다.")
    page.screenshot(path=str(screenshots_dir / "progress-staff-review.png"), full_page=True)
    assert_accessible(page)
    page.locator("#report-accept").click()
    page.wait_for_load_state()
    assert page.locator("[data-report=interim] [data-state=accepted]").is_visible()

    report = ProgressReport.objects.get()
    assert report.state == ReportState.ACCEPTED and report.answers.get(milestone=first).evidence() is not None
