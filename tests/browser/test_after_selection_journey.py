"""The issue's journey after selection, on the demo as `make run` seeds it: staff conclude the agreement of the demo's
selected application (two support items); the company confirms it; staff record a payment per item; the company
files its final report and its settlement; staff accept the report and review the settlement, disallowing one
line; the refund appears for the company; staff complete the project; the company files the outcome report of the
completion year and staff verify it. The call's money and outcome summaries change by exactly those amounts, in
the selectors and on the staff summary pages."""

from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.agreements.demo import HWASAN
from applications.demo import minimal_pdf
from applications.funding.models import Refund
from applications.funding.selectors import call_money_summary
from applications.models import Application
from applications.outcomes.models import OutcomeReport, ReportState
from applications.outcomes.selectors import call_outcome_summary
from applications.progress.models import ReportKind
from applications.progress.services import agreed_milestones
from applications.workflow import ApplicationStatus
from portal.accounts.models import User
from tests.browser.axe import assert_accessible
from tests.progress.factories import accepted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = "staff@demo.yc.kr"
CITY = (20_000_000, 10_000_000)  # agreed city support of the two items
PAID = CITY  # one payment each, in full
SPENT = CITY  # the company spends all of it
ACCEPTED = (20_000_000, 0)  # the second line disallowed
FIGURES = {
    "sales_krw": 19_900_000_000,
    "exports_krw": 1_200_000_000,
    "employees": 51,
    "new_hires": 4,
    "new_hires_local": 3,
    "patents_filed": 1,
    "patents_registered": 0,
    "certifications": 1,
    "prototypes": 1,
    "follow_on_investment_krw": 0,
}


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()


def share(city: int, item) -> tuple[int, int]:
    """(cash, in-kind) that meet the item's co-funding rule for ``city``, in whole millions."""
    pct = Decimal(item.company_share_pct)
    company = -(-int(city * pct / (100 - pct)) // 1_000_000) * 1_000_000
    cash = -(-int(company * Decimal(item.min_cash_pct) / 100) // 1_000_000) * 1_000_000
    return cash, company - cash


def money(call):
    (row,) = call_money_summary(calls=[call]).calls
    return row


def outcome(call, year: int):
    (entry,) = call_outcome_summary(calls=[call])
    return next((row for row in entry.years if row.year == year), None)


def test_from_agreement_to_verified_outcomes_on_the_demo(
    page, chromium_browser, live_server, screenshots_dir, tmp_path
):
    from django.core.cache import cache

    cache.clear()
    call_command("seed_demo", stdout=StringIO())
    application = Application.objects.select_related("call", "company").get(
        company__business_number=HWASAN.business_number, status=ApplicationStatus.SELECTED
    )
    call = application.call
    year = timezone.localdate().year
    items = list(call.support_items.order_by("order", "pk"))[:2]
    staff = User.objects.get(email=STAFF)
    owner = User.objects.get(email=HWASAN.owner_email)
    device = TOTPDevice.objects.get(user=staff)
    before_money, before_outcome = money(call), outcome(call, year)
    pdf = tmp_path / "증빙.pdf"
    pdf.write_bytes(minimal_pdf("evidence"))

    # Staff draft the agreement with two support items and send it.
    log_in(page, STAFF)
    page.goto(f"/staff/applications/{application.pk}/")
    page.wait_for_url("**/staff/two-factor/?next=*")
    page.fill("#id_code", f"{totp(device.bin_key, drift=1):06d}")
    page.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    page.wait_for_url(f"**/staff/applications/{application.pk}/")
    page.locator("#agreement-link").click()
    page.locator("#agreement-draft").click()
    page.wait_for_load_state()
    today = timezone.localdate()
    page.fill("#id_starts_on", (today.replace(day=1)).isoformat())
    page.fill("#id_ends_on", today.isoformat())
    for item, city in zip(items, CITY, strict=True):
        cash, inkind = share(city, item)
        page.fill(f"#id_city_{item.pk}", str(city))
        page.fill(f"#id_cash_{item.pk}", str(cash))
        page.fill(f"#id_inkind_{item.pk}", str(inkind))
    page.locator("#agreement-issue").click()
    page.wait_for_load_state()
    assert page.locator("[data-state=issued]").is_visible(), page.locator("main").inner_text()

    # The company confirms it (in Korean): the project is in progress.
    company = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR").new_page()
    company.set_default_timeout(15_000)
    log_in(company, HWASAN.owner_email)
    company.goto("/company/dashboard/")
    assert company.locator(".due-item", has_text="협약").first.is_visible()
    company.goto(f"/company/applications/{application.pk}/")
    company.locator("#agreement-link").click()
    company.wait_for_load_state()
    company.get_by_label(f"{application.company.name} 기업을 대표하여 이 협약을 확인합니다.").check()
    company.locator("#agreement-confirm").click()
    company.wait_for_load_state()
    assert company.locator("[data-state=confirmed]").is_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS

    # Staff pay each item.
    page.reload()
    page.locator("#funding-link").click()
    page.wait_for_load_state()
    for item, amount in zip(items, PAID, strict=True):
        page.select_option("#id_support_item", str(item.pk))
        page.fill("#id_paid_on", today.isoformat())
        page.fill("#id_amount_krw", str(amount))
        page.set_input_files("#id_evidence", str(pdf))
        page.locator("#payment-record").click()
        page.wait_for_load_state()
        assert intcomma(amount) in page.locator("#payments").inner_text()
    page.screenshot(path=str(screenshots_dir / "after-selection-payments.png"), full_page=True)
    assert_accessible(page)

    # The interim report is filed and accepted as in its own journey; the company files the final report here.
    accepted(application, owner, staff, ReportKind.INTERIM)
    company.goto(f"/company/applications/{application.pk}/progress/")
    company.locator("tr[data-kind=final] a").click()
    company.wait_for_load_state()
    company.fill("#id_work_done", "공정 데이터 수집 서버와 설비 센서 24종을 설치했습니다.")
    company.fill("#id_results", "설비 가동률 7%p 향상, 불량률 1.8% → 0.9%")
    company.fill("#id_problems_plans", "내년에 2공장으로 확대합니다.")
    for milestone in agreed_milestones(application):
        company.locator(f"[data-milestone='{milestone.pk}']").get_by_label("완료", exact=True).check()
        company.set_input_files(f"#id_ms{milestone.pk}_evidence", str(pdf))
    company.locator("#report-submit").click()
    company.wait_for_load_state()
    assert company.locator("[data-state=submitted]").first.is_visible()

    # ... and its settlement, every line with its receipt.
    company.goto(f"/company/applications/{application.pk}/")
    company.locator("#funding-link").click()
    company.wait_for_load_state()
    for item, spent in zip(items, SPENT, strict=True):
        cash, inkind = share(spent, item)
        company.fill(f"#id_city_{item.pk}", str(spent))
        company.fill(f"#id_cash_{item.pk}", str(cash))
        company.fill(f"#id_inkind_{item.pk}", str(inkind))
        company.set_input_files(f"#id_receipts_{item.pk}", str(pdf))
    company.locator("#settlement-submit").click()
    company.wait_for_load_state()
    assert company.locator("#settlement-state").is_visible()
    assert_accessible(company)

    # Staff accept the final report, then review the settlement: the second line is disallowed.
    page.goto(f"/staff/applications/{application.pk}/progress/")
    page.fill("#id_comment", "최종보고서를 확인했습니다.")
    page.locator("#report-accept").click()
    page.wait_for_load_state()
    assert page.locator("[data-report=final] [data-state=accepted]").is_visible()
    page.goto(f"/staff/funding/applications/{application.pk}/")
    for item, amount in zip(items, ACCEPTED, strict=True):
        page.fill(f"#id_review-accepted_{item.pk}", str(amount))
    page.fill(f"#id_review-reason_{items[1].pk}", "협약 기간 밖의 지출")
    page.locator("#review-finish").click()
    page.wait_for_load_state()
    refund = sum(PAID) - sum(ACCEPTED)
    assert intcomma(refund) in page.locator("#refunds-title + div").inner_text()
    page.screenshot(path=str(screenshots_dir / "after-selection-refund.png"), full_page=True)

    # The company sees the refund with the reason.
    company.reload()
    assert intcomma(refund) in company.content() and "협약 기간 밖의 지출" in company.content()
    company.screenshot(path=str(screenshots_dir / "after-selection-company-refund.png"), full_page=True)

    # Staff complete the project: the outcome reports are scheduled.
    page.goto(f"/staff/applications/{application.pk}/progress/")
    page.locator("#project-complete").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED and application.completed_on == today
    report = OutcomeReport.objects.get(application=application, year=year)

    # The company files the outcome report of the year.
    company.goto("/company/outcomes/")
    company.locator(f"a[href='/company/applications/{application.pk}/outcomes/{year}/']").click()
    company.wait_for_load_state()
    for name, value in FIGURES.items():
        company.fill(f"#id_{name}", str(value))
    company.locator("#report-submit").click()
    company.wait_for_load_state()
    assert company.locator("[data-state=submitted]").first.is_visible(), company.locator("main").inner_text()
    company.screenshot(path=str(screenshots_dir / "after-selection-outcome-filed.png"), full_page=True)

    # Staff verify it.
    page.goto(f"/staff/calls/{call.code}/outcomes/")
    page.locator(f"tr[data-report='{report.pk}'] a").click()
    page.wait_for_load_state()
    page.locator("#report-verify").click()
    page.wait_for_load_state()
    assert page.locator("[data-state=verified]").first.is_visible()
    report.refresh_from_db()
    assert report.state == ReportState.VERIFIED

    # The call's summaries changed by exactly these amounts.
    after_money = money(call)
    assert after_money.projects == before_money.projects + 1
    assert after_money.agreed - before_money.agreed == sum(CITY)
    assert after_money.paid - before_money.paid == sum(PAID)
    assert after_money.settled - before_money.settled == sum(ACCEPTED)
    assert (
        after_money.assessed - before_money.assessed
        == refund
        == Refund.objects.get(agreement__application=application).amount_krw
    )
    assert after_money.refunded == before_money.refunded
    after_outcome = outcome(call, year)
    base = before_outcome.projects if before_outcome else 0
    assert after_outcome.projects == base + 1
    baseline = report.baseline_sales_krw
    assert baseline == HWASAN.revenues_krw[0]
    expected = {
        "sales_increase_krw": FIGURES["sales_krw"] - baseline,
        "sales_krw": FIGURES["sales_krw"],
        "exports_krw": FIGURES["exports_krw"],
        "employees": FIGURES["employees"],
        "new_hires": FIGURES["new_hires"],
        "new_hires_local": FIGURES["new_hires_local"],
        "patents_filed": FIGURES["patents_filed"],
        "certifications": FIGURES["certifications"],
        "prototypes": FIGURES["prototypes"],
    }
    for name, delta in expected.items():
        assert getattr(after_outcome, name) - (getattr(before_outcome, name) if before_outcome else 0) == delta, name

    # ... and the staff summary pages show them.
    page.goto("/staff/funding/")
    row = page.locator(f"#call-{call.code}").inner_text()
    for figure in (after_money.agreed, after_money.paid, after_money.settled, after_money.assessed):
        assert intcomma(figure) in row
    page.screenshot(path=str(screenshots_dir / "after-selection-money-summary.png"), full_page=True)
    page.goto("/staff/outcomes/")
    outcomes_row = page.locator(f"#call-{call.code} tr[data-year='{year}']").inner_text()
    assert intcomma(after_outcome.sales_increase_krw) in outcomes_row or str(after_outcome.projects) in outcomes_row
    page.screenshot(path=str(screenshots_dir / "after-selection-outcome-summary.png"), full_page=True)
    assert_accessible(page)
