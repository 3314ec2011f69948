"""A person without an account finds which open call fits a 25-employee Yeongcheon machinery maker, and why
the other one does not, in Korean and then in English (headless Chromium, no JavaScript needed by the pages)."""

import pytest

from programs import demo
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


BUSINESS_NUMBER = "123-45-67891"


def fill_machinery_maker(page) -> None:
    """Answer the self-check as a 25-employee machinery maker of 금호읍, business number included, and post it."""
    page.locator("#id_address").fill("경상북도 영천시 금호읍 금호로 100")
    page.locator("#id_located_since_year").fill("2018")
    page.locator("#id_located_since_month").select_option("3")
    page.locator("#id_regular_employees").fill("25")
    page.locator("#id_ksic_code").fill("C29")
    page.locator("#id_annual_revenue_krw").fill("4,500,000,000")
    page.locator("#id_sme_certified_1").check()  # yes
    page.locator("#id_business_number").fill(BUSINESS_NUMBER)
    page.locator("form.self-check-form button[type=submit]").click()
    page.wait_for_selector("#results")


def test_machinery_maker_finds_the_call_that_fits_in_korean_and_english(page, screenshots_dir):
    demo.seed(log=lambda message: None)  # its open calls run around today, whatever day the test runs
    year = demo.open_year()
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    requests: list[tuple[str, str]] = []  # every request the browser makes: the business number is in no URL
    page.on("request", lambda request: requests.append((request.method, request.url)))

    page.goto("/programs/")
    assert page.locator("html").get_attribute("lang") == "ko"
    open_section = page.locator("section", has=page.locator("#open-title"))
    assert open_section.get_by_role("link", name=f"{year}년 영천시 혁신기술개발 지원사업 공고", exact=True).is_visible()
    assert open_section.get_by_text("D-").first.is_visible()
    page.screenshot(path=str(screenshots_dir / "programs-catalogue-ko.png"), full_page=True)
    assert_accessible(page)

    page.locator("main a[href='/programs/eligibility/']").first.click()  # the self-check, from the catalogue
    page.wait_for_url("**/programs/eligibility/")

    fill_machinery_maker(page)

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
    assert_accessible(page)

    page.locator(".language-switch button[value=en]").click()
    page.wait_for_selector("html[lang=en]")
    # The answers were posted, not put in the address: the switch returns to the empty form, answered again.
    assert page.locator("#results").count() == 0
    fill_machinery_maker(page)
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
    assert_accessible(page)

    itd.get_by_role("link", name="Read the call").click()  # the call page, still in English
    page.wait_for_url(f"**/programs/calls/{year}-itd/")
    assert page.get_by_role("heading", name="Who may apply").is_visible()
    assert page.get_by_text("KRW 50,000,000").first.is_visible()
    page.screenshot(path=str(screenshots_dir / "call-page-en.png"), full_page=True)
    assert_accessible(page)

    assert csp_errors == []
    digits = BUSINESS_NUMBER.replace("-", "")
    posted = [url for method, url in requests if method == "POST" and url.endswith("/programs/eligibility/")]
    assert len(posted) == 2
    assert [url for _method, url in requests if digits in url.replace("-", "").replace("%2D", "")] == []


def test_api_docs_work_under_the_content_security_policy(page, screenshots_dir):
    csp_errors: list[str] = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto("/api/v1/docs/")
    page.get_by_text("/api/v1/eligibility/check").first.wait_for()
    assert page.get_by_text("/api/v1/calls/").first.is_visible()
    page.screenshot(path=str(screenshots_dir / "api-docs.png"))
    assert csp_errors == []


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab (as a keyboard user does) until the element matching ``selector`` has the focus."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


SEOUL = "서울특별시 중구 영천동 1"
WORDS = {
    "ko": {"error_title": "오류:", "not_eligible": "신청 불가", "located": "영천시 소재 1년 이상"},
    "en": {
        "error_title": "Error:",
        "not_eligible": "Not eligible",
        "located": "Located in Yeongcheon-si for at least 1 year",
    },
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_self_check_with_the_keyboard_alone_says_a_seoul_company_is_not_eligible(page, screenshots_dir, language):
    """Head office and factory in Seoul's Yeongcheon-dong and no lab: program B answers "not eligible" and the
    years-in-Yeongcheon rule is not met; a wrong answer puts the error in the title and the focus on the summary."""
    demo.seed(log=lambda message: None)
    itd_code = f"{demo.open_year()}-itd"
    words = WORDS[language]

    page.goto("/programs/eligibility/")
    if language == "en":
        tab_to(page, ".language-switch button[value=en]")
        page.keyboard.press("Enter")
        page.wait_for_selector("html[lang=en]")

    type_into(page, "#id_address", SEOUL)
    type_into(page, "#id_factory_address", SEOUL)
    tab_to(page, "#id_lab_address_none")
    page.keyboard.press("Space")
    assert page.locator("#id_lab_address_none").is_checked()
    type_into(page, "#id_located_since_year", "2015")
    type_into(page, "#id_regular_employees", "12")
    type_into(page, "#id_ksic_code", "C99")  # no such division
    page.keyboard.press("Enter")

    page.wait_for_selector("#error-summary")
    assert page.title().startswith(words["error_title"])
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    assert page.locator("#id_address").input_value() == SEOUL  # what was typed is kept
    page.screenshot(path=str(screenshots_dir / f"self-check-keyboard-error-{language}.png"), full_page=True)
    assert_accessible(page)

    type_into(page, "#id_ksic_code", "C29")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results")
    assert not page.title().startswith(words["error_title"])

    itd = page.locator(f"#result-{itd_code}")
    assert itd.locator("[data-verdict]").get_attribute("data-verdict") == "ineligible"
    assert words["not_eligible"] in itd.locator("[data-verdict]").inner_text()
    located = itd.locator(".rule", has_text=words["located"])
    assert located.get_attribute("class") == "rule rule-fail"
    assert located.locator(".rule-icon").inner_text() == "✗"
    assert itd.get_by_role("link", name="Apply").count() == 0 and itd.locator("a.btn-primary").count() == 0
    page.screenshot(path=str(screenshots_dir / f"self-check-keyboard-result-{language}.png"), full_page=True)
    assert_accessible(page)
