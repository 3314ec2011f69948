"""A person opens the portal in Chromium, sees Korean, switches to English, and keeps it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_language_switch_is_remembered_across_pages(page, screenshots_dir):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("link", name="본문 바로가기").count() == 1

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(screenshots_dir / "home-en.png"), full_page=True)

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Operated by").is_visible()


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="본문 바로가기")
    assert skip.evaluate("element => element === document.activeElement")
    skip.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_sign_in_error_moves_focus_to_the_summary_and_names_itself_in_the_title(page):
    from tests.browser.axe import assert_accessible

    page.goto("/accounts/login/")
    page.fill("#id_login", "nobody@example.kr")
    page.fill("#id_password", "not-the-password")
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.title().startswith("오류: ")
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("element => element === document.activeElement")
    assert page.locator("#id_login").input_value() == "nobody@example.kr"
    assert_accessible(page)
