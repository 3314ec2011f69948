"""Replacing a document in the vault: the applications still being edited that used the old version keep their
choice (linked to the new version); submitted ones keep what they were submitted with; a draft whose document is
no longer current says which field needs a new choice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import ApplicationDocument, VaultDocument
from applications.services import vault_document_replace
from applications.services.drafts import attachment_field
from applications.workflow import ApplicationStatus
from programs.enums import DocumentType

from .apply_setup import ready_application
from .files import minimal_pdf

pytestmark = pytest.mark.django_db

REGISTRATION = DocumentType.BUSINESS_REGISTRATION.value


def attached(application, doc_type=REGISTRATION) -> VaultDocument:
    return ApplicationDocument.objects.get(application=application, doc_type=doc_type).document


def test_replace_links_drafts_and_revisions_to_the_new_version_and_leaves_submitted_ones():
    draft = ready_application()
    owner_user = draft.created_by
    old = attached(draft)
    revision = ready_application(owner=draft.company.members.get(), documents=False)
    submitted = ready_application(owner=draft.company.members.get(), documents=False)
    for application, status in ((revision, ApplicationStatus.REVISION_REQUESTED), (submitted, None)):
        ApplicationDocument.objects.create(application=application, document=old, doc_type=REGISTRATION)
        if status:
            application.status = status
            application.save(update_fields=["status"])
    submitted.status = ApplicationStatus.SUBMITTED
    submitted.receipt_number = "TEST-1"
    submitted.save(update_fields=["status", "receipt_number"])

    new = vault_document_replace(
        document=old, acting_user=owner_user, uploaded_file=SimpleUploadedFile("new.pdf", minimal_pdf("new"))
    )

    assert attached(draft) == new
    assert attached(revision) == new
    assert attached(submitted) == old


def test_vault_says_how_many_applications_now_use_the_new_version_and_the_editor_keeps_the_choice(client):
    draft = ready_application()
    old = attached(draft)
    client.force_login(draft.created_by)
    response = client.post(
        reverse("applications:vault_replace", kwargs={"pk": old.pk}),
        {"file": SimpleUploadedFile("new.pdf", minimal_pdf("new")), "issued_on": "2026-04-01"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    new = VaultDocument.objects.get(replaces=old)
    page = response.content.decode()
    assert "1 application in progress that used the old version now uses the new one." in page

    editor = client.get(reverse("applications:application_edit", kwargs={"pk": draft.pk}), HTTP_ACCEPT_LANGUAGE="en")
    form = editor.context["form"]
    field = form[attachment_field(REGISTRATION)]
    assert field.value() == str(new.pk)
    assert f'<option value="{new.pk}" selected>' in editor.content.decode()
    assert "no longer the current version" not in editor.content.decode()


def test_editor_names_the_field_whose_document_is_no_longer_current(client):
    """A draft still pointing at an old version (left from before the relinking) is not silently shown as "not
    attached": the field says which document to choose again, marked invalid and described by the note."""
    draft = ready_application()
    old = attached(draft)
    old.is_current = False
    old.save(update_fields=["is_current"])
    client.force_login(draft.created_by)
    editor = client.get(reverse("applications:application_edit", kwargs={"pk": draft.pk}), HTTP_ACCEPT_LANGUAGE="ko")
    page = editor.content.decode()
    name = attachment_field(REGISTRATION)
    assert f"“{old.title}”" in page
    assert "보관함의 최신 버전이 아닌 서류입니다" in page
    assert f'id="id_{name}_problem"' in page
    widget = editor.context["form"].fields[name].widget.attrs
    assert widget["aria-invalid"] == "true"
    assert widget["aria-describedby"].split() == [f"id_{name}_problem", f"id_{name}_helptext"]
