"""A company member registers the company for the results meeting and answers the opinion survey (in Korean);
staff see the answer on the survey results page."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.review.demo import DEMO_TOTP_SECRETS, secret_hex
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified
from reports.meetings.models import Registration, Response
from tests.applications.factories import CompanyMemberFactory, UserFactory
from tests.browser.axe import assert_accessible
from tests.meetings.factories import meeting, survey
from tests.review.helpers import with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
STAFF = "staff@demo.yc.kr"
MEMBER = "member@meeting.example"


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_a_company_registers_and_answers_and_staff_see_the_answer(page, chromium_browser, live_server, screenshots_dir):
    from django.core.cache import cache

    cache.clear()
    staff = with_role(UserFactory(email=STAFF, full_name="이서연"), Role.TECHNOPARK_STAFF)
    user_email_mark_verified(user=staff)
    device = TOTPDevice.objects.create(user=staff, name="authenticator", key=secret_hex(DEMO_TOTP_SECRETS[STAFF]))
    m = meeting(by=staff, agenda=2)
    survey(m, by=staff)
    member = CompanyMemberFactory(user=UserFactory(email=MEMBER, full_name="김민준")).user
    user_email_mark_verified(user=member)

    log_in(page, MEMBER)
    page.goto(f"/meetings/{m.year}/")
    assert "성과 발표 0" in page.content()
    page.locator("#meeting-register-link").click()
    page.wait_for_url(f"**/company/meetings/{m.year}/")
    page.get_by_label("참석 인원").select_option("2")
    page.get_by_label("참석자 이름").fill("김민준, 박지훈")
    page.locator("#registration-submit").click()
    page.wait_for_load_state()
    assert page.locator("[data-state=registered]").is_visible()
    # Sent without the required choice: refused, naming the question, keeping the typed opinion.
    page.get_by_role("radio", name="4").check()
    page.get_by_label("기타 의견").fill("평가 일정을 더 일찍 알려 주세요.")
    page.locator("#survey-submit").click()
    page.wait_for_load_state()
    assert page.get_by_text("질문 “내년에 가장 필요한 지원은?” 항목에 답하십시오.").first.is_visible()
    assert page.get_by_label("기타 의견").input_value() == "평가 일정을 더 일찍 알려 주세요."
    page.screenshot(path=str(screenshots_dir / "meeting-company-error.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("radio", name="마케팅").check()
    page.locator("#survey-submit").click()
    page.wait_for_load_state()
    assert page.locator("#survey-answered").is_visible()
    page.screenshot(path=str(screenshots_dir / "meeting-company-answered.png"), full_page=True)
    assert_accessible(page)
    assert Registration.objects.get().attendees == 2 and Response.objects.get().answered_by == member

    staff_page = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR")
    other = staff_page.new_page()
    other.set_default_timeout(15_000)
    log_in(other, STAFF)
    other.goto(f"/staff/meetings/{m.year}/results/")
    other.wait_for_url("**/staff/two-factor/?next=*")
    other.fill("#id_code", f"{totp(device.bin_key):06d}")
    other.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    other.wait_for_url(f"**/staff/meetings/{m.year}/results/")
    content = other.content()
    assert "평가 일정을 더 일찍 알려 주세요." in content and "평균 4.0점 / 5점 (응답 1건)" in content
    other.screenshot(path=str(screenshots_dir / "meeting-staff-results.png"), full_page=True)
    assert_accessible(other)
    other.goto(f"/staff/meetings/{m.year}/registrations/")
    assert "김민준, 박지훈" in other.content()
    assert_accessible(other)
