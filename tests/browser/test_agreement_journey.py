"""Staff draft the agreement of a selected application from its budget, add a condition and send it; a member of
the company reads it and confirms it on behalf of the company (in Korean); the application is in progress."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.agreements.models import AgreementVersion
from applications.review.demo import DEMO_TOTP_SECRETS, secret_hex
from applications.workflow import ApplicationStatus
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified
from tests.agreements.factories import selected_application
from tests.applications.factories import CompanyMemberFactory, UserFactory
from tests.browser.axe import assert_accessible
from tests.review.helpers import with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
STAFF = "staff@demo.yc.kr"
MEMBER = "member@agreement.example"


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_staff_send_an_agreement_and_the_company_confirms_it(page, chromium_browser, live_server, screenshots_dir):
    from django.core.cache import cache

    cache.clear()
    staff = with_role(UserFactory(email=STAFF, full_name="이서연"), Role.TECHNOPARK_STAFF)
    user_email_mark_verified(user=staff)
    device = TOTPDevice.objects.create(user=staff, name="authenticator", key=secret_hex(DEMO_TOTP_SECRETS[STAFF]))
    application = selected_application(lines=2)
    member = CompanyMemberFactory(company=application.company, user=UserFactory(email=MEMBER, full_name="김민준")).user
    user_email_mark_verified(user=member)

    log_in(page, STAFF)
    page.goto(f"/staff/applications/{application.pk}/")
    page.wait_for_url("**/staff/two-factor/?next=*")
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    page.wait_for_url(f"**/staff/applications/{application.pk}/")
    page.locator("#agreement-link").click()
    page.locator("#agreement-draft").click()
    page.wait_for_load_state()
    assert page.locator("#agreement-form").is_visible()
    page.fill("#id_special_conditions", "중간보고 승인 후 2차 사업비를 지급한다.")
    page.screenshot(path=str(screenshots_dir / "agreement-staff-draft.png"), full_page=True)
    assert_accessible(page)
    page.locator("#agreement-issue").click()
    page.wait_for_load_state()
    assert page.locator("[data-state=issued]").is_visible()
    assert_accessible(page)

    company = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR").new_page()
    company.set_default_timeout(15_000)
    log_in(company, MEMBER)
    company.goto(f"/company/applications/{application.pk}/")
    company.locator("#agreement-link").click()
    company.wait_for_load_state()
    assert "중간보고 승인 후 2차 사업비를 지급한다." in company.content()
    # Without the checkbox the confirmation is refused, naming the field.
    company.locator("#agreement-confirm").click()
    company.wait_for_load_state()
    assert company.get_by_text("협약을 확인하려면 확인란을 선택하십시오.").first.is_visible()
    company.screenshot(path=str(screenshots_dir / "agreement-company-error.png"), full_page=True)
    assert_accessible(company)
    company.get_by_label(f"{application.company.name} 기업을 대표하여 이 협약을 확인합니다.").check()
    company.locator("#agreement-confirm").click()
    company.wait_for_load_state()
    assert company.locator("[data-state=confirmed]").is_visible()
    assert "김민준" in company.locator("[data-confirmation]").inner_text()
    company.screenshot(path=str(screenshots_dir / "agreement-company-confirmed.png"), full_page=True)
    assert_accessible(company)

    version = AgreementVersion.objects.get()
    assert version.confirmed_by_id == member.pk and version.special_conditions.startswith("중간보고")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS
