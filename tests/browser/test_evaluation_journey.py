"""An expert declares no conflict, scores and submits; a staff manager (with the second factor) closes the
evaluation, ranks, selects within the budget and exports the ranking (headless Chromium)."""

import pytest
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.evaluation.models import ScoreSheet
from applications.models import Application, ApplicationStatusChange
from applications.snapshot import content_json
from applications.workflow import ApplicationStatus
from portal.notifications.delivery import deliver_notifications
from portal.notifications.models import Notification
from programs.enums import DocumentType
from tests.accounts.factories import PASSWORD
from tests.applications.factories import ApplicationDocumentFactory
from tests.browser.axe import assert_accessible
from tests.evaluation.factories import application, assign, committee_for, expert, scored, staff
from tests.programs.factories import CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_expert_scores_then_staff_rank_select_and_export(page, chromium_browser, live_server, screenshots_dir):
    cache.clear()
    committee = committee_for(CallFactory(budget_krw=100_000_000))
    committee.experts_per_application = 2  # every application has its experts once the journey's expert is in
    committee.save(update_fields=["experts_per_application"])
    call = committee.call
    mine = application(call, city_support=45_000_000)
    other = application(call, city_support=70_000_000)
    scored(committee, mine, [82, 78, 80, 90])
    scored(committee, other, [60, 65])
    person = expert(committee, email="expert.journey@example.kr", full_name="최유진")
    assignment = assign(committee, mine, person, declared=False)
    manager = staff(manager=True, email="manager.journey@example.kr", language="ko")
    device = TOTPDevice.objects.create(user=manager, name="authenticator", confirmed=True)
    # What the company sent: the plan with a business registration certificate and a tax certificate (which the
    # call does not open to experts).
    certificate = ApplicationDocumentFactory(application=mine, doc_type=DocumentType.BUSINESS_REGISTRATION).document
    tax = ApplicationDocumentFactory(application=mine, doc_type=DocumentType.NATIONAL_TAX_CLEARANCE).document
    Application.objects.filter(pk=mine.pk).update(
        snapshot={"submitted_at": mine.submitted_at.isoformat(), "content": content_json(mine)}
    )

    # the expert: declare, then score and submit
    log_in(page, person.email)
    page.goto("/expert/")
    page.locator(f"a[href='/expert/assignments/{assignment.pk}/declare/']").click()
    assert mine.company.name in page.content()
    page.locator("#id_kind_0").check()  # no conflict of interest
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/expert/assignments/{assignment.pk}/")
    # The expert reads the plan as sent and opens the certificate in the browser; the tax certificate is not offered.
    assert page.get_by_text(mine.project_summary).is_visible()
    assert "45,000,000" in page.locator("#expert-budget").inner_text()
    documents = page.locator("#expert-documents")
    link = documents.get_by_role("link", name=certificate.title)
    assert documents.get_by_role("link", name=tax.title).count() == 0
    opened = page.request.get(link.get_attribute("href"))
    assert opened.status == 200 and opened.headers["content-type"] == "application/pdf"
    assert opened.headers["content-disposition"].startswith("inline")
    page.screenshot(path=str(screenshots_dir / "evaluation-expert-reads-plan.png"), full_page=True)
    assert_accessible(page)
    for criterion in committee.criteria.all():
        page.fill(f"#id_score_{criterion.pk}", str(criterion.max_score * 85 / 100))
        page.fill(f"#id_comment_{criterion.pk}", "목표와 계획이 구체적이고 실현 가능합니다.")
    page.locator("#id_confirm_submit").check()  # submitting is final: asked once, on the form
    page.locator("button[value=submit]").click()
    page.wait_for_url(f"**/expert/assignments/{assignment.pk}/")
    assert ScoreSheet.objects.get(assignment=assignment).is_submitted
    page.screenshot(path=str(screenshots_dir / "evaluation-expert-submitted.png"), full_page=True)
    assert_accessible(page)

    # the manager: second factor, close, rank, select within the budget, export
    context = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR")
    staff_page = context.new_page()
    staff_page.set_default_timeout(15_000)
    log_in(staff_page, manager.email)
    staff_page.goto(f"/staff/calls/{call.code}/evaluation/")
    staff_page.wait_for_url("**/staff/two-factor/?next=*")
    staff_page.fill("#id_code", f"{totp(device.bin_key):06d}")
    staff_page.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    staff_page.wait_for_url(f"**/staff/calls/{call.code}/evaluation/")

    # The expert's sheet was the last one: the manager is told in the portal that all scores are in. (The rows
    # are delivered here by the worker's own function instead of a worker process.)
    rows = list(Notification.objects.filter(event="all_scores_in", recipient=manager).values_list("pk", flat=True))
    assert len(rows) == 2  # email and in-app
    deliver_notifications(notification_ids=rows)
    staff_page.goto("/notifications/")
    assert staff_page.get_by_text("평가 점수 제출 완료").first.is_visible()
    staff_page.screenshot(path=str(screenshots_dir / "evaluation-manager-all-scores-in.png"), full_page=True)
    assert_accessible(staff_page)
    staff_page.goto(f"/staff/calls/{call.code}/evaluation/")
    assert "모든 배정된 평가표가 제출되었습니다" in staff_page.locator("#close-consequences").inner_text()
    staff_page.locator("#close-consequences").scroll_into_view_if_needed()
    staff_page.screenshot(path=str(screenshots_dir / "evaluation-close-confirm.png"), full_page=True)
    assert_accessible(staff_page)
    staff_page.locator("#id_confirm").check()
    staff_page.locator("button[value=close]").click()
    staff_page.wait_for_load_state()
    committee.refresh_from_db()
    assert committee.is_closed

    staff_page.goto(f"/staff/calls/{call.code}/evaluation/ranking/")
    first_row = staff_page.locator(".ranking-table tbody tr").first
    assert mine.receipt_number in first_row.inner_text()  # (82+78+80+90+85 - 90 - 78) / 3 = 82.33
    assert "82.33" in first_row.inner_text() and "55,000,000" in first_row.inner_text()
    staff_page.locator(f"#pick-{mine.pk}").check()
    staff_page.locator(f"#decision-{mine.pk}").select_option("select")
    staff_page.fill(f"#reason-{mine.pk}", "1순위, 예산 범위 내")
    staff_page.locator(f"#pick-{other.pk}").check()
    staff_page.locator(f"#decision-{other.pk}").select_option("select")
    staff_page.fill(f"#reason-{other.pk}", "2순위")
    staff_page.locator("#confirm-decisions").check()
    staff_page.locator("main form button[type=submit].btn-primary").click()
    staff_page.wait_for_load_state()
    assert "115,000,000" in staff_page.locator(".alert-danger").inner_text()  # over the budget: nothing changed
    assert staff_page.locator(f"#reason-{other.pk}").input_value() == "2순위"
    staff_page.locator(f"#pick-{other.pk}").uncheck()
    staff_page.locator("main form button[type=submit].btn-primary").click()
    staff_page.wait_for_url(f"**/staff/calls/{call.code}/evaluation/ranking/")
    mine.refresh_from_db()
    assert mine.status == ApplicationStatus.SELECTED
    assert ApplicationStatusChange.objects.get(application=mine, to_status="selected").reason == "1순위, 예산 범위 내"
    staff_page.screenshot(path=str(screenshots_dir / "evaluation-ranking.png"), full_page=True)
    assert_accessible(staff_page)

    with staff_page.expect_download() as download:
        staff_page.locator(f"a[href='/staff/calls/{call.code}/evaluation/export/ranking.xlsx']").click()
    assert download.value.suggested_filename.startswith(f"ranking-{call.code}")
