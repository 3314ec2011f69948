"""A person without an account finds which open call fits a 25-employee Yeongcheon machinery maker, and why
the other one does not, in Korean and then in English (headless Chromium, no JavaScript needed by the pages)."""

import pytest

from programs import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_machinery_maker_finds_the_call_that_fits_in_korean_and_english(page, screenshots_dir):
    demo.seed(log=lambda message: None)  # its open calls run around today, whatever day the test runs
    year = demo.open_year()
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)

    page.goto("/programs/")
    assert page.locator("html").get_attribute("lang") == "ko"
    open_section = page.locator("section", has=page.locator("#open-title"))
    assert open_section.get_by_role("link", name=f"{year}년 영천시 혁신기술개발 지원사업 공고", exact=True).is_visible()
    assert open_section.get_by_text("D-").first.is_visible()
    page.screenshot(path=str(screenshots_dir / "programs-catalogue-ko.png"), full_page=True)

    page.locator("main a[href='/programs/eligibility/']").first.click()  # the self-check, from the catalogue
    page.wait_for_url("**/programs/eligibility/")

    page.locator("#id_address").fill("경상북도 영천시 금호읍 금호로 100")
    page.locator("#id_located_since_year").fill("2018")
    page.locator("#id_located_since_month").select_option("3")
    page.locator("#id_regular_employees").fill("25")
    page.locator("#id_ksic_code").fill("C29")
    page.locator("#id_annual_revenue_krw").fill("4,500,000,000")
    page.locator("#id_sme_certified_1").check()  # yes
    page.locator("#id_business_number").fill("123-45-67891")
    page.locator("form.self-check-form button[type=submit]").click()
    page.wait_for_selector("#results")

    itd = page.locator(f"#result-{year}-itd")
    hvc = page.locator(f"#result-{year}-hvc")
    assert itd.locator("[data-verdict]").get_attribute("data-verdict") in {"eligible", "needs_evidence"}
    assert itd.locator(".rule-fail").count() == 0
    assert hvc.locator("[data-verdict]").get_attribute("data-verdict") == "ineligible"
    failed = hvc.locator(".rule-fail")
    assert failed.count() == 1
    assert "상시근로자 30인 이상" in failed.inner_text()
    assert "25" in failed.inner_text()
    # what was typed is kept
    assert page.locator("#id_regular_employees").input_value() == "25"
    page.screenshot(path=str(screenshots_dir / "eligibility-journey-ko.png"), full_page=True)

    page.locator(".language-switch button[value=en]").click()
    page.wait_for_selector("html[lang=en]")
    itd = page.locator(f"#result-{year}-itd")
    hvc = page.locator(f"#result-{year}-hvc")
    assert "Not eligible" in hvc.locator("[data-verdict]").inner_text()
    failed_text = hvc.locator(".rule-fail").inner_text()
    assert "30 or more regular employees" in failed_text
    assert "below the minimum of 30" in failed_text
    assert itd.locator(".rule-fail").count() == 0
    assert "Fewer than 30 regular employees" in itd.inner_text()
    assert page.locator("#id_ksic_code").input_value() == "C29"
    page.screenshot(path=str(screenshots_dir / "eligibility-journey-en.png"), full_page=True)

    itd.get_by_role("link", name="Read the call").click()  # the call page, still in English
    page.wait_for_url(f"**/programs/calls/{year}-itd/")
    assert page.get_by_role("heading", name="Who may apply").is_visible()
    assert page.get_by_text("KRW 50,000,000").first.is_visible()
    page.screenshot(path=str(screenshots_dir / "call-page-en.png"), full_page=True)

    assert csp_errors == []


def test_api_docs_work_under_the_content_security_policy(page, screenshots_dir):
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto("/api/v1/docs/")
    page.get_by_text("/api/v1/eligibility/check").first.wait_for()
    assert page.get_by_text("/api/v1/calls/").first.is_visible()
    page.screenshot(path=str(screenshots_dir / "api-docs.png"))
    assert csp_errors == []
