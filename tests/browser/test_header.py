"""The header as each role sees it, at 1280, 1024, 768 and 375 px, in Korean and English: only that role's areas,
no word broken inside, no sideways scrolling, a menu button where the navigation does not fit (Escape closes it),
and nothing serious or critical for axe-core. Screenshots of each go to var/screenshots/header-*.png."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from portal.accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The header links each role must see (by URL), beyond the public ones; every other area's link must be absent.
AREAS = {"/company/": "company", "/staff/": "staff", "/expert/": "expert"}
ROLES = {
    "anonymous": (None, set()),
    "company": (Role.COMPANY_MEMBER, {"/company/"}),
    "staff": (Role.TECHNOPARK_STAFF, {"/staff/"}),
    "manager": (Role.STAFF_MANAGER, {"/staff/"}),
    "expert": (Role.OUTSIDE_EXPERT, {"/expert/"}),
    "city": (Role.CITY_OFFICIAL, set()),
}
WIDTHS = (1280, 1024, 768, 375)
SCREENSHOT_WIDTHS = (1280, 768, 375)

LAYOUT = """() => {
  const header = document.querySelector('header.portal-header');
  const broken = [];
  for (const el of header.querySelectorAll('.nav-link, .language-switch-button')) {
    if (!el.offsetParent) continue;
    const style = getComputedStyle(el);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
    const text = el.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
      - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
    if (text > line * 1.5) broken.push(el.textContent.trim());
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    broken,
    headerHeight: header.getBoundingClientRect().height,
    toggler: getComputedStyle(header.querySelector('.navbar-toggler')).display !== 'none',
  };
}"""


def sign_in(context, live_server, role):
    """A user of the role, signed in in this browser context through a session cookie."""
    if role is None:
        return
    user = UserFactory(language="ko")
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def assert_layout_holds(page, label: str) -> dict:
    layout = page.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= layout["innerWidth"], f"{label}: the page scrolls sideways ({layout})"
    assert layout["broken"] == [], f"{label}: header text broken over lines: {layout['broken']}"
    return layout


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("role_name", list(ROLES))
def test_header_holds_for_every_role_width_and_language(
    chromium_browser, live_server, screenshots_dir, role_name, language
):
    cache.clear()
    role, expected = ROLES[role_name]
    context = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR")
    try:
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(context, live_server, role)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == language
        header = page.locator("header.portal-header")

        # Each role its own areas and nothing else.
        hrefs = set(header.locator("a.nav-link").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
        assert {href for href in hrefs if href in AREAS} == expected

        for width in WIDTHS:
            label = f"{role_name} {language} {width}px"
            page.set_viewport_size({"width": width, "height": 900})
            layout = assert_layout_holds(page, label)
            if width >= 1200:
                assert not layout["toggler"], f"{label}: the navigation fits, no menu button"
                assert layout["headerHeight"] < 90, f"{label}: the header takes more than one line ({layout})"
            else:
                assert layout["toggler"], f"{label}: a menu button where the navigation does not fit"
            if width in SCREENSHOT_WIDTHS:
                header.screenshot(path=str(screenshots_dir / f"header-{role_name}-{language}-{width}.png"))
            if width == 1280:
                assert_accessible(page)
            if layout["toggler"]:
                toggler = header.locator(".navbar-toggler")
                toggler.click()
                page.locator("#portal-nav.show").wait_for()
                assert_layout_holds(page, f"{label}, menu open")
                if width in SCREENSHOT_WIDTHS:
                    header.screenshot(path=str(screenshots_dir / f"header-{role_name}-{language}-{width}-menu.png"))
                if width == 375:
                    assert_accessible(page)
                page.keyboard.press("Escape")
                page.locator("#portal-nav:not(.show):not(.collapsing)").wait_for(state="attached")
                assert toggler.get_attribute("aria-expanded") == "false"
                assert toggler.evaluate("el => el === document.activeElement")
    finally:
        context.close()


CONTRAST = """([fg, bg]) => {
  const rgb = (css) => css.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""

FOCUS = """async (el) => {
  await Promise.all(el.getAnimations().map((animation) => animation.finished));  // Bootstrap's colour transition
  const style = getComputedStyle(el);
  return {outline: style.outlineColor, width: parseFloat(style.outlineWidth), style: style.outlineStyle,
          color: style.color, background: style.backgroundColor};
}"""


def test_focus_is_visible_in_the_header_and_on_inputs_and_the_focused_language_button_keeps_its_label(page):
    """WCAG 2.4.11 / 1.4.11: each focus indicator at least 3:1 against what surrounds it; the focused "English"
    button's label stays readable (4.5:1)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/accounts/login/")
    header_blue = "rgb(11, 79, 138)"
    page_white = "rgb(255, 255, 255)"

    link = page.locator("header .nav-link").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard: :focus-visible
    ring = link.evaluate(FOCUS)
    assert ring["style"] != "none" and ring["width"] >= 2
    assert page.evaluate(CONTRAST, [ring["outline"], header_blue]) >= 3

    english = page.get_by_role("button", name="English")
    english.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert english.evaluate("el => el === document.activeElement")
    state = english.evaluate(FOCUS)
    assert state["style"] != "none" and state["width"] >= 2
    assert page.evaluate(CONTRAST, [state["outline"], header_blue]) >= 3
    assert page.evaluate(CONTRAST, [state["color"], state["background"]]) >= 4.5

    page.locator("#id_login").focus()
    field = page.locator("#id_login").evaluate(FOCUS)
    assert field["style"] != "none" and field["width"] >= 2
    assert page.evaluate(CONTRAST, [field["outline"], page_white]) >= 3
