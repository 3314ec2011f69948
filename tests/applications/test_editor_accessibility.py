"""The editor for screen-reader and keyboard users: the "other files" form answers a missing file beside its
fields (role="alert", aria-invalid, aria-describedby) on the same place of the page; every document select is
described by its hint; the date and month fields carry their full name."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import ApplicationFile
from applications.services.drafts import attachment_field
from applications.workflow import ApplicationStatus
from programs.forms import SelfCheckForm

from .apply_setup import ready_application
from .files import minimal_pdf

pytestmark = pytest.mark.django_db


def upload_url(application) -> str:
    return reverse("applications:application_file_upload", kwargs={"pk": application.pk})


def test_attach_without_a_file_shows_the_error_beside_the_field_where_the_form_is(client):
    application = ready_application()
    client.force_login(application.created_by)
    response = client.post(upload_url(application), {"title": "견적서"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    page = response.content.decode()
    # The form posts to its own section: the answer opens at the form, not at the top of the page.
    assert f'action="{upload_url(application)}#section-files"' in page
    file_input = re.search(r'<input type="file"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in file_input and "is-invalid" in file_input
    assert 'aria-describedby="id_file_helptext id_file_error"' in file_input
    error = re.search(r'<div class="invalid-feedback d-block" id="id_file_error" role="alert">(.*?)</div>', page, re.S)
    assert error and "업로드할 파일을 선택하십시오." in error.group(1)
    # What was typed is kept, the title names the error, the draft is untouched.
    assert 'value="견적서"' in page
    assert re.search(r"<title>오류: 수정할 항목 1개", page)
    assert not ApplicationFile.objects.exists()


def test_attach_with_a_file_goes_back_to_the_section_and_get_does_not_fail(client):
    application = ready_application()
    client.force_login(application.created_by)
    response = client.post(
        upload_url(application), {"title": "견적서", "file": SimpleUploadedFile("q.pdf", minimal_pdf("q"))}
    )
    assert response.status_code == 302 and response["Location"].endswith("#section-files")
    assert ApplicationFile.objects.get().title == "견적서"
    assert client.get(upload_url(application))["Location"].endswith("#section-files")


def test_attach_to_a_submitted_application_goes_to_its_status_page(client):
    application = ready_application()
    application.status = ApplicationStatus.SUBMITTED
    application.receipt_number = "TEST-2"
    application.save(update_fields=["status", "receipt_number"])
    client.force_login(application.created_by)
    response = client.post(upload_url(application), {"title": "견적서"})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:application_detail", kwargs={"pk": application.pk})


def test_every_document_select_is_described_by_its_hint(client):
    application = ready_application()
    client.force_login(application.created_by)
    response = client.get(
        reverse("applications:application_edit", kwargs={"pk": application.pk}), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    form = response.context["form"]
    for cell in form.document_fields():
        name = cell["field"].name
        select = re.search(rf'<select name="{name}"[^>]*>', page).group(0)
        hint_id = f"id_{name}_helptext"
        assert f'aria-describedby="{hint_id}"' in select
        assert f'id="{hint_id}"' in page
    required = attachment_field(application.call.required_documents[0])
    assert form.fields[required].help_text == "Required by this call"
    # A type the vault has no document of says so in its hint.
    assert "none of this type in your vault yet" in page


def test_dates_and_the_month_select_have_their_full_names(client):
    application = ready_application()
    client.force_login(application.created_by)
    page = client.get(
        reverse("applications:application_edit", kwargs={"pk": application.pk}), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    label = re.search(r'<label\s+for="id_ms_1_starts_on"[^>]*>\s*(.*?)\s*</label>', page, re.S).group(1)
    assert label == "Milestone 1: start"
    # The month of the self-check's "located in Yeongcheon since" is not named only "Month".
    assert str(SelfCheckForm().fields["located_since_month"].label) == "Located in Yeongcheon since (month)"
