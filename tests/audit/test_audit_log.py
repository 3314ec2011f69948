"""The audit log: staff's, experts', officials' and administrators' changes and exports are recorded; a company's
own are not; administrators alone read the log."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.roles import Role
from portal.audit.enums import AuditAction
from portal.audit.models import AuditEntry
from portal.audit.views import PAGE_SIZE
from programs.enums import DocumentType
from tests.applications.factories import OwnerFactory, UserFactory
from tests.applications.files import minimal_pdf
from tests.programs.factories import CallFactory
from tests.review.helpers import KEY_HEX, login_verified, make_staff

pytestmark = pytest.mark.django_db

AUDIT_URL = "/staff/audit/"


def administrator(email: str = "admin@example.com"):
    return make_staff(email, role=Role.ADMINISTRATOR)


def entry(**fields) -> AuditEntry:
    values = {
        "email": "someone@example.com",
        "roles": "technopark_staff",
        "action": AuditAction.CHANGE,
        "method": "POST",
        "path": "/staff/x/",
        "status": 302,
    }
    return AuditEntry.objects.create(**(values | fields))


def test_an_export_by_staff_is_recorded(client, english):
    staff = make_staff("reviewer@example.com")
    login_verified(client, staff)
    call = CallFactory()
    response = client.get(reverse("review:queue_csv", kwargs={"call_code": call.code}))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")

    row = AuditEntry.objects.get()
    assert (row.user, row.email, row.roles) == (staff, "reviewer@example.com", "technopark_staff")
    assert (row.action, row.method, row.status) == (AuditAction.EXPORT, "GET", 200)
    assert row.path == f"/staff/calls/{call.code}/export.csv" and row.url_name == "review:queue_csv"
    assert row.object_ref == f"call_code={call.code} fmt=csv"
    assert row.ip == "127.0.0.1" and row.request_id == response["X-Request-ID"]
    assert timezone.now() - row.created_at < timedelta(minutes=1)


def test_behind_the_trusted_proxy_the_client_address_is_recorded_not_the_proxys(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    staff = make_staff("reviewer@example.com")
    login_verified(client, staff)
    call = CallFactory()
    client.get(
        reverse("review:queue_csv", kwargs={"call_code": call.code}),
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        REMOTE_ADDR="10.0.0.2",
    )
    assert AuditEntry.objects.get().ip == "203.0.113.7"


def test_a_state_change_by_staff_is_recorded_and_reading_pages_is_not(client):
    staff = make_staff("reviewer@example.com", role=Role.STAFF_MANAGER)
    login_verified(client, staff)
    assert client.get(reverse("review:dashboard")).status_code == 200
    assert not AuditEntry.objects.exists()

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    row = AuditEntry.objects.get()
    assert (row.action, row.method, row.path, row.status) == (AuditAction.CHANGE, "POST", "/i18n/setlang/", 302)
    assert row.roles == "staff_manager" and row.request_id == response["X-Request-ID"]


def test_an_experts_refused_request_is_recorded_with_its_status(client):
    expert = make_staff("expert@example.com", role=Role.OUTSIDE_EXPERT)
    login_verified(client, expert)
    client.post(reverse("review:dashboard"))
    row = AuditEntry.objects.get()
    assert (row.email, row.roles, row.status) == ("expert@example.com", "outside_expert", 404)


def test_a_companys_own_actions_are_not_recorded(client):
    """A company changes and downloads only its own data, and its steps are in the application's history."""
    owner = OwnerFactory()
    client.force_login(owner.user)
    data = {"doc_type": DocumentType.SME_CERTIFICATE, "title": "확인서", "issued_on": "2026-04-01"}
    response = client.post(
        reverse("applications:vault_upload"), data | {"file": SimpleUploadedFile("a.pdf", minimal_pdf())}
    )
    assert response.status_code == 302
    document = owner.company.documents.get()
    download = client.get(reverse("applications:vault_download", kwargs={"pk": document.pk}))
    assert download.status_code == 200 and download.has_header("Content-Disposition")
    assert not AuditEntry.objects.exists()


def test_an_admin_action_is_recorded_as_such(client):
    admin = UserFactory(email="root@example.com", is_superuser=True, is_staff=True)
    TOTPDevice.objects.create(user=admin, name="authenticator", key=KEY_HEX, confirmed=True)
    login_verified(client, admin)
    response = client.post("/admin/auth/group/add/", {"name": "reviewers"})
    assert response.status_code == 302 and Group.objects.filter(name="reviewers").exists()
    row = AuditEntry.objects.get()
    assert (row.action, row.url_name, row.roles) == (AuditAction.ADMIN, "admin:auth_group_add", "superuser")


def test_entries_survive_the_deletion_of_the_user_and_are_never_changed():
    staff = make_staff("leaver@example.com")
    row = entry(user=staff, email=staff.email)
    staff.delete()
    row.refresh_from_db()
    assert row.user is None and row.email == "leaver@example.com"
    row.status = 200
    with pytest.raises(ValueError, match="never changed"):
        row.save()


@pytest.mark.parametrize("role", [Role.TECHNOPARK_STAFF, Role.STAFF_MANAGER, Role.OUTSIDE_EXPERT, Role.CITY_OFFICIAL])
def test_only_administrators_read_the_log(client, role):
    login_verified(client, make_staff(f"{role}@example.com", role=role))
    assert client.get(AUDIT_URL).status_code == 404


def test_a_company_member_gets_404_and_anonymous_the_login_page(client):
    response = client.get(AUDIT_URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(OwnerFactory().user)
    assert client.get(AUDIT_URL).status_code == 404


def test_an_administrator_without_the_second_factor_is_sent_to_it(client):
    client.force_login(administrator())
    response = client.get(AUDIT_URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("review:otp_verify"))


def test_the_log_filters_by_email_action_and_day(client, english):
    login_verified(client, administrator())
    entry(email="kim@example.com", action=AuditAction.EXPORT, path="/staff/kim-export/")
    entry(email="lee@example.com", path="/staff/lee-change/")
    entry(email="kim@example.com", path="/staff/kim-old/", created_at=timezone.now() - timedelta(days=10))
    today = timezone.localdate().isoformat()

    page = client.get(AUDIT_URL, {"email": "kim", "date_from": today}).content.decode()
    assert "/staff/kim-export/" in page and "/staff/lee-change/" not in page and "/staff/kim-old/" not in page
    page = client.get(AUDIT_URL, {"action": AuditAction.CHANGE}).content.decode()
    assert "/staff/lee-change/" in page and "/staff/kim-old/" in page and "/staff/kim-export/" not in page


def test_a_bad_filter_names_the_field_and_keeps_what_was_typed(client, english):
    login_verified(client, administrator())
    response = client.get(AUDIT_URL, {"date_from": "2026-02-30", "email": "kim"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid date." in page and 'value="2026-02-30"' in page and 'value="kim"' in page


@pytest.mark.parametrize("rows", [1, PAGE_SIZE + 5])
def test_the_log_page_queries(client, django_assert_num_queries, rows):
    admin = administrator()
    login_verified(client, admin)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            email=f"u{n}@example.com",
            roles="technopark_staff",
            action=AuditAction.CHANGE,
            method="POST",
            path=f"/staff/row-{n}/",
            status=302,
        )
        for n in range(rows)
    )
    with django_assert_num_queries(7):
        response = client.get(AUDIT_URL)
    assert response.status_code == 200
    assert response.content.decode().count("/staff/row-") == min(rows, PAGE_SIZE)
