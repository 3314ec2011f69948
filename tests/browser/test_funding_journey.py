"""Staff pay the first tranche with its evidence; the company enters its spending, is told a line without a receipt
cannot be submitted, attaches the receipt and submits (in Korean); staff accept part of it with a reason; the
company sees the refund. Every page passes axe-core."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.demo import minimal_pdf
from applications.funding.models import Payment, Refund, SettlementState
from applications.review.demo import DEMO_TOTP_SECRETS, secret_hex
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified
from tests.applications.factories import CompanyMemberFactory, UserFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_agreement_journey import STAFF, log_in
from tests.funding.factories import items, project, today
from tests.review.helpers import with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "member@funding.example"


def test_payment_settlement_review_and_refund(page, chromium_browser, live_server, screenshots_dir, tmp_path):
    from django.core.cache import cache

    cache.clear()
    staff = with_role(UserFactory(email=STAFF, full_name="이서연"), Role.TECHNOPARK_STAFF)
    user_email_mark_verified(user=staff)
    device = TOTPDevice.objects.create(user=staff, name="authenticator", key=secret_hex(DEMO_TOTP_SECRETS[STAFF]))
    application = project(city=10_000_000)
    item = items(application)[0]
    member = CompanyMemberFactory(company=application.company, user=UserFactory(email=MEMBER, full_name="김민준")).user
    user_email_mark_verified(user=member)
    evidence = tmp_path / "이체확인증.pdf"
    evidence.write_bytes(minimal_pdf("transfer"))

    log_in(page, STAFF)
    page.goto(f"/staff/applications/{application.pk}/")
    page.wait_for_url("**/staff/two-factor/?next=*")
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    page.wait_for_url(f"**/staff/applications/{application.pk}/")
    page.locator("#funding-link").click()
    page.wait_for_load_state()
    page.select_option("#id_support_item", str(item))
    page.fill("#id_paid_on", today().isoformat())
    page.fill("#id_amount_krw", "10000001")
    page.set_input_files("#id_evidence", str(evidence))
    page.locator("#payment-record").click()
    page.wait_for_load_state()
    assert page.locator("#id_amount_krw_error").is_visible()
    assert_accessible(page)
    page.fill("#id_amount_krw", "10000000")
    page.set_input_files("#id_evidence", str(evidence))
    page.locator("#payment-record").click()
    page.wait_for_load_state()
    assert "10,000,000" in page.locator("#payments").inner_text()
    page.screenshot(path=str(screenshots_dir / "funding-staff-payment.png"), full_page=True)
    assert_accessible(page)
    assert Payment.objects.get().amount_krw == 10_000_000

    company = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR").new_page()
    company.set_default_timeout(15_000)
    log_in(company, MEMBER)
    company.goto(f"/company/applications/{application.pk}/")
    company.locator("#funding-link").click()
    company.wait_for_load_state()
    company.fill(f"#id_city_{item}", "9000000")
    company.fill(f"#id_cash_{item}", "3000000")
    company.locator("#settlement-submit").click()
    company.wait_for_load_state()
    assert company.locator(f"#id_receipts_{item}_error").is_visible()
    assert company.locator(f"#id_city_{item}").input_value() == "9000000"
    assert_accessible(company)
    receipt = tmp_path / "세금계산서.pdf"
    receipt.write_bytes(minimal_pdf("invoice"))
    company.set_input_files(f"#id_receipts_{item}", str(receipt))
    company.locator("#settlement-submit").click()
    company.wait_for_load_state()
    assert company.locator("#settlement-state").is_visible()
    company.screenshot(path=str(screenshots_dir / "funding-company-submitted.png"), full_page=True)
    assert_accessible(company)

    page.reload()
    page.fill(f"#id_review-accepted_{item}", "8000000")
    page.fill(f"#id_review-reason_{item}", "사업 기간 밖 지출 1건")
    page.locator("#review-finish").click()
    page.wait_for_load_state()
    assert "2,000,000" in page.locator("#refunds-title + div").inner_text()
    assert_accessible(page)

    company.reload()
    assert "2,000,000" in company.content() and "사업 기간 밖 지출 1건" in company.content()
    company.screenshot(path=str(screenshots_dir / "funding-company-refund.png"), full_page=True)
    assert_accessible(company)
    assert Refund.objects.get().amount_krw == 2_000_000
    assert application.agreement.settlement.state == SettlementState.REVIEWED
