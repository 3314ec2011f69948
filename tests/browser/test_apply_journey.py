"""The apply journey in a real browser: the demo company applies to an open call over two sittings, reviews,
submits, and sees its receipt and status, in Korean and then in English."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from applications.models import Application
from applications.services.drafts import item_field
from programs.demo import open_year
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "company@demo.yc.kr"
ITEM = "prototype-production"


def _log_in(page, live_server):
    page.goto("/accounts/login/")
    page.fill("#id_login", EMAIL)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/(?!accounts/login).*"))


def _log_out(page):
    page.goto("/accounts/logout/")
    page.locator("#main form[action$='/accounts/logout/'] button[type=submit]").click()


def test_apply_over_two_sittings_submit_and_see_the_receipt(page, live_server, screenshots_dir):
    call_command("seed_demo")
    year = open_year()  # the demo's open calls run around today
    call = f"{year}-itd"
    _log_in(page, live_server)

    # First sitting: from the call's page to a new draft; fill the project and save.
    page.goto(f"/programs/calls/{call}/")
    page.locator(f"a[href$='/company/apply/{call}/']").first.click()
    # The apply link shows the call and the company's eligibility; only "Start application" creates the draft.
    expect(page.locator("#start-application")).to_be_visible()
    assert not Application.objects.filter(company__members__user__email=EMAIL, call__code=call).exists()
    page.locator("#start-application").click()
    page.wait_for_url(re.compile(r".*/company/applications/\d+/edit/"))
    assert page.locator("html").get_attribute("lang") == "ko"
    page.fill("#id_project_title", "스마트팩토리 시제품 제작")
    page.fill("#id_project_summary", "채신공단 공장의 부품 시제품을 제작합니다.")
    # A budget that breaks the co-funding rule, with a milestone and a declaration: all saved all the same.
    page.fill("#id_ms_1_title", "시제품 설계")
    page.check(f"#id_{item_field(ITEM, 'chosen')}")
    page.fill(f"#id_{item_field(ITEM, 'city')}", "30,000,000")
    page.fill(f"#id_{item_field(ITEM, 'cash')}", "0")
    page.check("#id_declares_truthful")
    # Autosave saves it too and marks the field its message names.
    expect(page.locator(f"#id_{item_field(ITEM, 'cash')}_autosave")).to_be_visible()
    expect(page.locator(f"#id_{item_field(ITEM, 'cash')}")).to_have_attribute("aria-invalid", "true")
    page.locator("button[name=save]").click()
    page.wait_for_url(re.compile(r".*/edit/$"))
    cash_problem = page.locator(f"#id_{item_field(ITEM, 'cash')}_problem")
    expect(cash_problem).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "apply-budget-problem-ko.png"), full_page=True)
    assert_accessible(page)
    draft = Application.objects.get(company__members__user__email=EMAIL, call__code=call)
    assert draft.project_title == "스마트팩토리 시제품 제작" and draft.milestones[0]["title"] == "시제품 설계"
    assert draft.declares_truthful and draft.items.get().city_support_krw == 30_000_000
    _log_out(page)

    # Second sitting: log in again, resume from the dashboard, finish every section.
    _log_in(page, live_server)
    page.goto("/company/dashboard/")
    page.locator(f"a[href$='/company/applications/{draft.pk}/edit/']").first.click()
    assert page.input_value("#id_project_title") == "스마트팩토리 시제품 제작"
    assert page.input_value("#id_ms_1_title") == "시제품 설계" and page.is_checked("#id_declares_truthful")
    assert page.input_value(f"#id_{item_field(ITEM, 'city')}").replace(",", "") == "30000000"
    expect(page.locator(f"#id_{item_field(ITEM, 'cash')}")).to_have_attribute("aria-invalid", "true")
    page.fill("#id_current_state", "수작업 가공으로 시제품 제작에 3개월이 걸립니다.")
    page.fill("#id_objective", "시제품 제작 기간을 1개월로 줄이고 신규 매출 5억 원을 올립니다.")
    page.fill("#id_ms_1_title", "시제품 설계")
    page.fill("#id_ms_1_starts_on", f"{year}-04-01")
    page.fill("#id_ms_1_ends_on", f"{year}-06-30")
    page.check(f"#id_{item_field(ITEM, 'chosen')}")
    page.fill(f"#id_{item_field(ITEM, 'city')}", "30,000,000")
    page.fill(f"#id_{item_field(ITEM, 'cash')}", "5,000,000")
    page.fill(f"#id_{item_field(ITEM, 'inkind')}", "5,000,000")
    # The autosave (static/js/autosave.js) reports in its live region.
    expect(page.locator("#autosave-status")).to_contain_text(re.compile(r"\d{2}:\d{2}"))
    for select in page.locator("select[id^='id_doc_']").all():
        if select.locator("option").count() > 1:
            select.select_option(index=1)
    for name in ("declares_no_tax_arrears", "declares_no_duplicate_funding", "declares_truthful"):
        page.check(f"#id_{name}")
    page.locator("button[name=review]").click()
    page.wait_for_url(re.compile(r".*/review/$"))
    page.screenshot(path=str(screenshots_dir / "apply-review-ko.png"), full_page=True)
    assert_accessible(page)
    assert page.locator("#no-problems").is_visible(), page.locator("#blocking-problems").inner_text()

    page.locator("#submit-button").click()
    page.wait_for_url(re.compile(r".*/receipt/$"))
    number = page.locator("#receipt-number").inner_text().strip()
    assert re.fullmatch(rf"YC-{year}-ITD-\d{{4}}", number)
    assert Application.objects.get(pk=draft.pk).receipt_number == number
    page.screenshot(path=str(screenshots_dir / "apply-receipt-ko.png"), full_page=True)
    assert_accessible(page)

    page.goto(f"/company/applications/{draft.pk}/")
    assert page.locator("#application-status [data-status=submitted]").is_visible()
    page.screenshot(path=str(screenshots_dir / "apply-status-ko.png"), full_page=True)
    assert_accessible(page)

    # The same page in English.
    page.locator("form.language-switch button[value=en]").first.click()
    page.wait_for_load_state()
    page.goto(f"/company/applications/{draft.pk}/receipt/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Application receipt").is_visible()
    assert page.locator("#receipt-number").inner_text().strip() == number
    page.screenshot(path=str(screenshots_dir / "apply-receipt-en.png"), full_page=True)
    assert_accessible(page)
    page.goto(f"/company/applications/{draft.pk}/")
    assert page.get_by_text("Submitted: received by the Technopark").first.is_visible()
    page.screenshot(path=str(screenshots_dir / "apply-status-en.png"), full_page=True)
    assert_accessible(page)


def _draft_of(call: str) -> Application | None:
    return Application.objects.filter(company__members__user__email=EMAIL, call__code=call).first()


def test_discard_a_draft_and_apply_again(page, live_server, screenshots_dir):
    """A draft started by mistake is discarded (after a confirmation) and never blocks a new application."""
    call_command("seed_demo")
    call = f"{open_year()}-itd"
    _log_in(page, live_server)
    page.goto(f"/company/apply/{call}/")
    page.locator("#start-application").click()
    page.wait_for_url(re.compile(r".*/company/applications/\d+/edit/"))
    first = _draft_of(call)
    page.fill("#id_project_title", "잘못 시작한 신청")
    page.locator("button[name=save]").click()
    page.wait_for_url(re.compile(r".*/edit/$"))

    page.get_by_role("link", name="이 임시저장 신청서 삭제").click()
    expect(page.get_by_role("heading", name="임시저장 신청서 삭제")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "apply-discard-ko.png"), full_page=True)
    assert_accessible(page)
    page.locator("#discard-draft").click()
    page.wait_for_url(re.compile(r".*/company/dashboard/$"))
    expect(page.locator(".alert-success")).to_contain_text("임시저장 신청서를 삭제했습니다")
    assert _draft_of(call) is None

    # Applying again: the call's page, the eligibility, a new draft; nothing says "already applied".
    page.goto(f"/programs/calls/{call}/")
    page.locator(f"a[href$='/company/apply/{call}/']").first.click()
    page.locator("#start-application").click()
    page.wait_for_url(re.compile(r".*/company/applications/\d+/edit/"))
    second = _draft_of(call)
    assert second is not None and second.pk != first.pk
    assert page.input_value("#id_project_title") == ""
    page.screenshot(path=str(screenshots_dir / "apply-again-ko.png"), full_page=True)
    assert_accessible(page)


def _to_english(page):
    """English, by the header's switch where the page is not English already (the choice is stored with the
    account, so a later sign-in keeps it)."""
    page.goto("/")
    if page.locator("html").get_attribute("lang") != "en":
        page.locator("form.language-switch button[value=en]").first.click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


def test_apply_journey_in_english(page, live_server, screenshots_dir):
    """The whole journey in English: start, a budget error saved all the same, a second sitting that finds
    everything, the Attach form's error beside its field, the review and the receipt."""
    call_command("seed_demo")
    year = open_year()
    call = f"{year}-itd"
    _log_in(page, live_server)
    _to_english(page)
    page.goto(f"/programs/calls/{call}/")
    page.locator(f"a[href$='/company/apply/{call}/']").first.click()
    expect(page.get_by_role("button", name="Start application")).to_be_visible()
    page.get_by_role("button", name="Start application").click()
    page.wait_for_url(re.compile(r".*/company/applications/\d+/edit/"))
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Project title").fill("Prototype of the smart factory part")
    page.get_by_label("Milestone 1", exact=True).fill("Design of the prototype")
    page.check(f"#id_{item_field(ITEM, 'chosen')}")
    page.fill(f"#id_{item_field(ITEM, 'city')}", "30,000,000")
    page.fill(f"#id_{item_field(ITEM, 'cash')}", "0")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r".*/edit/$"))
    expect(page.locator(".alert-success, .alert-info, .alert-warning").first).to_contain_text("Saved at")
    expect(page.locator(f"#id_{item_field(ITEM, 'cash')}_problem")).to_be_visible()
    expect(page.locator(f"#id_{item_field(ITEM, 'cash')}")).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=str(screenshots_dir / "apply-budget-problem-en.png"), full_page=True)
    assert_accessible(page)

    # The Attach button with no file: the answer opens at the form, the error beside the field.
    page.get_by_label("Title of the file").fill("Quotation")
    page.get_by_role("button", name="Attach").click()
    page.wait_for_url(re.compile(r".*/files/#section-files$"))
    file_input = page.locator("#id_file")
    expect(file_input).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_file_error[role=alert]")).to_contain_text("Choose the file to upload.")
    expect(page.get_by_label("Title of the file")).to_have_value("Quotation")
    assert page.title().startswith("Error: 1 field to correct")
    # Not thrown back to the top of the page: the field with the error has the focus and is in view.
    expect(file_input).to_be_focused()
    expect(file_input).to_be_in_viewport()
    expect(page.locator("#id_file_error")).to_be_in_viewport()
    page.screenshot(path=str(screenshots_dir / "apply-attach-error-en.png"))
    assert_accessible(page)
    _log_out(page)

    # Second sitting: everything is there, in English (the switch stored the choice with the account).
    _log_in(page, live_server)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/company/dashboard/")
    draft = _draft_of(call)
    page.locator(f"a[href$='/company/applications/{draft.pk}/edit/']").first.click()
    expect(page.get_by_label("Project title")).to_have_value("Prototype of the smart factory part")
    expect(page.get_by_label("Milestone 1", exact=True)).to_have_value("Design of the prototype")
    assert page.input_value(f"#id_{item_field(ITEM, 'city')}").replace(",", "") == "30000000"
    expect(page.locator(f"#id_{item_field(ITEM, 'cash')}_problem")).to_be_visible()
    page.get_by_label("Project summary").fill("A prototype of a part made in the Chaesin factory.")
    page.get_by_label("Current state").fill("Prototypes take three months by hand.")
    page.get_by_label("Objective").fill("One month per prototype and KRW 500 million of new sales.")
    page.fill(f"#id_{item_field(ITEM, 'cash')}", "5,000,000")
    page.fill(f"#id_{item_field(ITEM, 'inkind')}", "5,000,000")
    for select in page.locator("select[id^='id_doc_']").all():
        if select.locator("option").count() > 1:
            select.select_option(index=1)
    for name in ("declares_no_tax_arrears", "declares_no_duplicate_funding", "declares_truthful"):
        page.check(f"#id_{name}")
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url(re.compile(r".*/review/$"))
    expect(page.get_by_role("heading", name="Review before submitting")).to_be_visible()
    assert page.locator("#no-problems").is_visible(), page.locator("#blocking-problems").inner_text()
    page.screenshot(path=str(screenshots_dir / "apply-review-en.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_url(re.compile(r".*/receipt/$"))
    expect(page.get_by_role("heading", name="Application receipt")).to_be_visible()
    number = page.locator("#receipt-number").inner_text().strip()
    assert Application.objects.get(pk=draft.pk).receipt_number == number
    page.screenshot(path=str(screenshots_dir / "apply-receipt-journey-en.png"), full_page=True)
    assert_accessible(page)


def _focused(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def _tab_to(page, selector: str, *, backwards: bool = False, limit: int = 300) -> None:
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if _focused(page, selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"the keyboard never reached {selector}")


def _type_into(page, selector: str, text: str) -> None:
    _tab_to(page, selector)
    page.keyboard.type(text)


def test_apply_journey_with_the_keyboard_alone(page, live_server, screenshots_dir):
    """From the call's page to the receipt with Tab, Shift+Tab, Enter, Space, the arrow keys and typing: no click."""
    call_command("seed_demo")
    call = f"{open_year()}-itd"
    page.goto("/accounts/login/")
    _type_into(page, "#id_login", EMAIL)
    _type_into(page, "#id_password", settings.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"/programs/calls/{call}/")
    _tab_to(page, f"a[href$='/company/apply/{call}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*/company/apply/{call}/$"))
    _tab_to(page, "#start-application")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/company/applications/\d+/edit/$"))

    _type_into(page, "#id_project_title", "키보드로 작성한 시제품 제작")
    _type_into(page, "#id_project_summary", "채신공단 공장의 부품 시제품을 제작합니다.")
    # Back with Shift+Tab: the title typed is there.
    _tab_to(page, "#id_project_title", backwards=True)
    assert page.input_value("#id_project_title") == "키보드로 작성한 시제품 제작"
    _type_into(page, "#id_current_state", "수작업 가공으로 시제품 제작에 3개월이 걸립니다.")
    _type_into(page, "#id_objective", "시제품 제작 기간을 1개월로 줄입니다.")
    _type_into(page, "#id_ms_1_title", "시제품 설계")
    _tab_to(page, f"#id_{item_field(ITEM, 'chosen')}")
    page.keyboard.press("Space")
    _type_into(page, f"#id_{item_field(ITEM, 'city')}", "30000000")
    _type_into(page, f"#id_{item_field(ITEM, 'cash')}", "5000000")
    _type_into(page, f"#id_{item_field(ITEM, 'inkind')}", "5000000")
    for select_id in page.locator("select[id^='id_doc_']").evaluate_all(
        "selects => selects.filter(s => s.options.length > 1).map(s => s.id)"
    ):
        _tab_to(page, f"#{select_id}")
        page.keyboard.press("ArrowDown")  # a closed select takes the next option
        assert page.input_value(f"#{select_id}") != ""
    for name in ("declares_no_tax_arrears", "declares_no_duplicate_funding", "declares_truthful"):
        _tab_to(page, f"#id_{name}")
        page.keyboard.press("Space")
        assert page.is_checked(f"#id_{name}")
    page.screenshot(path=str(screenshots_dir / "apply-keyboard-editor-ko.png"))
    assert_accessible(page)
    _tab_to(page, "button[name=review]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/review/$"))
    assert page.locator("#no-problems").is_visible(), page.locator("#blocking-problems").inner_text()

    _tab_to(page, "#submit-button")
    page.screenshot(path=str(screenshots_dir / "apply-keyboard-submit-ko.png"))
    assert_accessible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/receipt/$"))
    number = page.locator("#receipt-number").inner_text().strip()
    application = _draft_of(call)
    assert application.receipt_number == number and application.project_title == "키보드로 작성한 시제품 제작"
    assert application.items.get().company_cash_krw == 5_000_000
    page.screenshot(path=str(screenshots_dir / "apply-keyboard-receipt-ko.png"), full_page=True)
    assert_accessible(page)
