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
