"""Staff log in, pass the second factor with a code from the demo secret, screen an application, request a
revision (which the company then sees on its dashboard), and, after the revision, pass it to evaluation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.demo import minimal_pdf
from applications.models import Application, VaultDocument
from applications.review.demo import DEMO_TOTP_SECRETS, secret_hex
from applications.services import DraftData, ItemBudget, application_draft_save
from applications.services.transitions import application_revision_submit
from applications.workflow import ApplicationStatus
from portal.accounts.roles import Role
from portal.accounts.services import user_email_mark_verified
from tests.applications.factories import UserFactory
from tests.browser.axe import assert_accessible
from tests.review.helpers import submitted_application, with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
STAFF = "staff@demo.yc.kr"


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_staff_screen_request_a_revision_and_pass_to_evaluation(page, chromium_browser, live_server, screenshots_dir):
    from django.core.cache import cache

    cache.clear()
    staff = with_role(UserFactory(email=STAFF, full_name="이서연"), Role.TECHNOPARK_STAFF)
    user_email_mark_verified(user=staff)
    device = TOTPDevice.objects.create(user=staff, name="authenticator", key=secret_hex(DEMO_TOTP_SECRETS[STAFF]))
    application = submitted_application()
    owner = application.company.members.get().user
    user_email_mark_verified(user=owner)

    log_in(page, STAFF)
    page.goto(f"/staff/calls/{application.call.code}/")
    page.wait_for_url("**/staff/two-factor/?next=*")
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.locator("form[action$='/staff/two-factor/'] button[type=submit]").click()
    page.wait_for_url(f"**/staff/calls/{application.call.code}/")
    assert page.locator("#queue-table").get_by_text(application.receipt_number).is_visible()
    page.screenshot(path=str(screenshots_dir / "review-queue.png"), full_page=True)
    assert_accessible(page)

    page.get_by_role("link", name=application.receipt_number).click()
    page.locator("#start-screening").click()
    page.wait_for_load_state()
    assert page.locator("#checklist-form").is_visible()
    rows = page.locator("#checklist-form tbody tr")
    for index in range(rows.count()):
        value = "missing" if index == 0 else "confirmed"
        rows.nth(index).locator(f"input[type=radio][value={value}]").check()
    rows.nth(0).locator("input[type=text]").fill("사본이 흐립니다")
    page.locator("#save-checklist").click()
    page.wait_for_load_state()

    # Passing is refused while a line is missing; the revision form is prefilled with it.
    page.locator("#pass-evaluation").click()
    page.wait_for_load_state()
    assert page.locator("#action-error").is_visible()
    assert "사본이 흐립니다" in page.locator("#id_missing").input_value()
    deadline = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_deadline", deadline)
    page.screenshot(path=str(screenshots_dir / "review-screening.png"), full_page=True)
    assert_accessible(page)
    page.locator("#request-revision").click()
    page.wait_for_load_state()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REVISION_REQUESTED

    # The company sees the request on its dashboard.
    company_page = chromium_browser.new_context(base_url=live_server.url, locale="ko-KR").new_page()
    log_in(company_page, owner.email)
    company_page.goto("/company/dashboard/")
    assert company_page.get_by_text("사본이 흐립니다").first.is_visible()
    company_page.screenshot(path=str(screenshots_dir / "review-company-sees-revision.png"), full_page=True)
    assert_accessible(company_page)

    # The company replaces the first attached document in its vault, in the browser.
    attached = application.attachments.select_related("document").order_by("doc_type").first()
    old = attached.document
    company_page.goto(reverse("applications:vault_replace", args=[old.pk]))
    company_page.set_input_files(
        "input[type=file]",
        files=[{"name": "보완-사업자등록증.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("revised")}],
    )
    company_page.fill("#id_title", "사업자등록증 보완본")
    company_page.locator("main form button[type=submit]").click()
    company_page.wait_for_url("**/documents/")
    new = VaultDocument.objects.get(replaces=old)

    # It attaches the new version and sends the revision (the editor is another engineer's page; the services
    # are the same doors).
    items = [
        ItemBudget(row.support_item, row.city_support_krw, row.company_cash_krw, row.company_inkind_krw)
        for row in application.items.select_related("support_item")
    ]
    application_draft_save(
        application=Application.objects.get(pk=application.pk),
        acting_user=owner,
        data=DraftData(content={}, items=items, attachments={attached.doc_type: new}),
        expected_version=Application.objects.values_list("version", flat=True).get(pk=application.pk),
    )
    application_revision_submit(application=Application.objects.get(pk=application.pk), acting_user=owner)

    # Staff see the new version as current, the old one only in the submission, the change marked.
    page.reload()
    current = page.locator("#current-documents")
    assert current.get_by_role("link", name="사업자등록증 보완본").is_visible()
    assert current.get_by_text("보완 1차 새 버전").is_visible()
    assert current.get_by_role("link", name=old.title).count() == 0
    assert page.locator("#versions li.version[data-version='0']").get_by_text(old.title).count() == 1
    assert page.locator("#versions li.version[data-version='1'] del").inner_text() == old.title
    page.locator("#documents").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / "review-revision-versions.png"), full_page=True)
    assert_accessible(page)
    with page.expect_popup() as popup:
        current.get_by_role("link", name="사업자등록증 보완본").click()
    assert popup.value.url.endswith(reverse("review:document", args=[application.pk, new.pk]))
    popup.value.close()

    page.reload()
    rows = page.locator("#checklist-form tbody tr")
    rows.nth(0).locator("input[type=radio][value=confirmed]").check()
    page.locator("#save-checklist").click()
    page.wait_for_load_state()
    page.locator("#pass-evaluation").click()
    page.wait_for_load_state()
    assert page.locator("#application-status").is_visible()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.EVALUATION
    page.locator("#history").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / "review-passed.png"), full_page=True)
    assert_accessible(page)
    assert (
        page.locator("#history ol.timeline > li").count() == 5
    )  # submitted, screening, revision requested/submitted, evaluation
