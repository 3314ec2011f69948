from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import VaultDocument
from applications.services import company_update
from programs.enums import DocumentType

from .factories import CompanyMemberFactory, OwnerFactory, VaultDocumentFactory
from .files import docx_bytes, exe_bytes, minimal_pdf

pytestmark = pytest.mark.django_db


def upload(client, name: str, content: bytes, **fields):
    data = {"doc_type": DocumentType.SME_CERTIFICATE, "title": "중소기업확인서", "issued_on": "2026-04-01"}
    data.update(fields)
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(reverse("applications:vault_upload"), data)


def test_upload_then_download_by_a_member(client, settings):
    owner = OwnerFactory()
    colleague = CompanyMemberFactory(company=owner.company)
    client.force_login(owner.user)
    pdf = minimal_pdf()
    assert upload(client, "중소기업확인서 2026.pdf", pdf, expires_on="2027-03-31").status_code == 302
    document = VaultDocument.objects.get()
    assert document.company == owner.company and document.uploaded_by == owner.user
    assert document.original_filename == "중소기업확인서 2026.pdf"
    assert document.size == len(pdf) and document.content_type == "application/pdf"
    assert document.file.name.startswith(f"vault/{owner.company.pk}/") and "중소" not in document.file.name
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == pdf

    client.force_login(colleague.user)
    response = client.get(reverse("applications:vault_download", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline")
    assert f"filename*=utf-8''{quote('중소기업확인서 2026.pdf')}" in disposition


def test_docx_downloads_as_attachment(client):
    owner = OwnerFactory()
    client.force_login(owner.user)
    assert upload(client, "계획서.docx", docx_bytes(), doc_type=DocumentType.OTHER).status_code == 302
    document = VaultDocument.objects.get()
    response = client.get(reverse("applications:vault_download", kwargs={"pk": document.pk}))
    assert response["Content-Disposition"].startswith("attachment")


def test_another_company_gets_404_and_anonymous_goes_to_login(client):
    document = VaultDocumentFactory()
    url = reverse("applications:vault_download", kwargs={"pk": document.pk})
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(CompanyMemberFactory().user)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("invoice.pdf", exe_bytes(), "whatever its name says"),
        ("empty.pdf", b"", "empty"),
        ("photo.png", minimal_pdf(), "named"),
    ],
)
def test_bad_files_are_refused_at_the_field_and_nothing_is_saved(client, settings, name, content, words):
    owner = OwnerFactory()
    client.force_login(owner.user)
    response = upload(client, name, content, title="내 제목")
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert any(words in error for error in errors)
    assert "내 제목" in response.content.decode()  # what was typed is kept
    assert not VaultDocument.objects.exists()
    assert not (settings.MEDIA_ROOT / "vault").exists()


def test_oversized_file_is_refused(client, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 200
    owner = OwnerFactory()
    client.force_login(owner.user)
    response = upload(client, "big.pdf", minimal_pdf())
    assert response.status_code == 400
    assert "at most 200" in response.context["form"].errors["file"][0]
    assert not VaultDocument.objects.exists()


def test_expiry_before_issue_is_a_field_error(client):
    owner = OwnerFactory()
    client.force_login(owner.user)
    response = upload(client, "a.pdf", minimal_pdf(), issued_on="2026-04-01", expires_on="2026-03-01")
    assert response.status_code == 400
    assert "expires_on" in response.context["form"].errors


def test_replace_keeps_the_old_version(client):
    owner = OwnerFactory()
    old = VaultDocumentFactory(company=owner.company, title="2025 확인서")
    client.force_login(owner.user)
    url = reverse("applications:vault_replace", kwargs={"pk": old.pk})
    response = client.post(url, {"file": SimpleUploadedFile("new.pdf", minimal_pdf("new")), "issued_on": "2026-04-01"})
    assert response.status_code == 302
    old.refresh_from_db()
    new = VaultDocument.objects.get(is_current=True)
    assert old.is_current is False and old.replaced_by == new
    assert new.title == "2025 확인서" and new.doc_type == old.doc_type
    # The old version still downloads (applications that used it keep it), but cannot be replaced again.
    assert client.get(reverse("applications:vault_download", kwargs={"pk": old.pk})).status_code == 200
    assert client.get(url).status_code == 404


def test_expiry_helpers():
    today = date(2026, 6, 1)
    document = VaultDocumentFactory.build(expires_on=today + timedelta(days=30))
    assert not document.is_expired(today) and document.is_expiring(today)
    document.expires_on = today + timedelta(days=31)
    assert not document.is_expiring(today)
    document.expires_on = today - timedelta(days=1)
    assert document.is_expired(today) and not document.is_expiring(today)
    document.expires_on = None
    assert not document.is_expired(today) and not document.is_expiring(today)


def test_vault_list_flags_expired_and_expiring(client):
    owner = OwnerFactory()
    VaultDocumentFactory(
        company=owner.company, title="old one", expires_on=date(2000, 1, 1), issued_on=date(1999, 1, 1)
    )
    client.force_login(owner.user)
    content = client.get(reverse("applications:vault")).content.decode()
    assert "old one" in content and "badge text-bg-danger" in content


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["applications:vault", "applications:company_profile", "applications:members"])
def test_pages_make_the_same_number_of_queries_for_one_and_many_rows(client, url_name):
    owner = OwnerFactory()
    client.force_login(owner.user)
    VaultDocumentFactory(company=owner.company, uploaded_by=owner.user)
    company_update(company=owner.company, acting_user=owner.user, data={"name": "one"})
    url = reverse(url_name)
    one = _queries(client, url)
    for number in range(15):
        VaultDocumentFactory(company=owner.company, uploaded_by=owner.user)
        company_update(company=owner.company, acting_user=owner.user, data={"name": f"name {number}"})
        CompanyMemberFactory(company=owner.company)
    many = _queries(client, url)
    assert one == many
