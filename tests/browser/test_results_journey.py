"""A visitor reads the year's public results in Korean and in English, with the charts drawn and their tables
beside them (axe-core passes); a city official signs in with two factors, finds the officials' edition in the
header and sees the company-level tables and a drill-down."""

import io

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from applications.review.demo import DEMO_TOTP_SECRETS, secret_hex
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified
from tests.applications.factories import UserFactory
from tests.browser.axe import assert_accessible
from tests.reports.factories import calls_of, report, supported
from tests.review.helpers import with_role


def assert_drawn(png: bytes) -> None:
    """The chart as the browser drew it: mostly its light background with coloured bars, not a black box (what an
    SVG looks like when its style is refused)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(count for level, count in enumerate(image.histogram()) if level < 40)
    assert dark < 0.2 * image.width * image.height, f"{dark} of {image.width * image.height} pixels are near black"


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
CITY = "city@demo.yc.kr"


def built(year):
    call_a, call_b = calls_of(year)
    projects = [
        supported(call_a, address="경상북도 영천시 화산면 대기리 10", paid=5_000_000),
        supported(call_a, address="경상북도 영천시 화산면 대기리 11"),
        supported(call_b, address="경상북도 영천시 화산면 대기리 12"),
        supported(call_b, address="경북 영천시 금호읍 구암리 5"),
    ]
    for n, application in enumerate(projects):
        report(application, year, baseline=1_000_000_000, sales_krw=1_100_000_000 + n, certifications=1, new_hires=2)
    return projects


def test_the_public_year_page_in_korean_and_english_and_the_officials_edition(
    page, chromium_browser, live_server, screenshots_dir
):
    from django.core.cache import cache

    cache.clear()
    year = timezone.localdate().year
    projects = built(year)

    page.goto("/")
    page.locator("#home-results").click()
    page.wait_for_url("**/results/")
    assert page.locator("#series-table").is_visible()
    page.goto(f"/results/{year}/")
    assert page.locator("html").get_attribute("lang") == "ko"
    chart = page.locator(".results-chart img").first
    assert chart.is_visible() and chart.evaluate("image => image.complete && image.naturalWidth > 0")
    assert_drawn(chart.screenshot())
    assert page.locator(".results-chart table").first.is_visible()
    assert page.locator("#company-table").inner_text().count("\n") >= len(projects)
    page.screenshot(path=str(screenshots_dir / "results-year-ko.png"), full_page=True)
    assert_accessible(page)

    english = chromium_browser.new_context(base_url=live_server.url, locale="en-US").new_page()
    english.set_default_timeout(15_000)
    english.goto(f"/results/{year}/")  # a browser that asks for English gets it
    assert english.locator("html").get_attribute("lang") == "en"
    assert english.get_by_role("heading", name=f"Results of {year}").is_visible()
    assert_drawn(english.locator(".results-chart img").first.screenshot())
    english.screenshot(path=str(screenshots_dir / "results-year-en.png"), full_page=True)
    assert_accessible(english)

    official = with_role(UserFactory(email=CITY, full_name="정하늘"), Role.CITY_OFFICIAL)
    user_email_mark_verified(user=official)
    device = TOTPDevice.objects.create(user=official, name="authenticator", key=secret_hex(DEMO_TOTP_SECRETS[CITY]))
    page.goto("/accounts/login/")
    page.fill("#id_login", CITY)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#nav-results-official").first.click()
    page.wait_for_url("**/staff/two-factor/?next=*")
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    page.wait_for_url("**/results/official/")
    page.goto(f"/results/official/{year}/")
    for table in ("#company-outcome-table", "#money-table", "#before-after-table"):
        assert page.locator(table).is_visible()
    assert projects[0].company.name in page.locator("#company-outcome-table").inner_text()
    page.screenshot(path=str(screenshots_dir / "results-official.png"), full_page=True)
    assert_accessible(page)
    page.locator("#outcome-certifications a").last.click()
    page.wait_for_load_state()
    assert page.locator("#drill-table tbody tr").count() == len(projects)
    assert_accessible(page)
