"""After a revision staff see what each submission and revision contained; a replaced document is never current."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.demo import minimal_pdf
from applications.models import Application
from applications.review.services import screening_request_revision, screening_start
from applications.review.versions import REPLACED, application_versions
from applications.services import DraftData, ItemBudget, application_draft_save
from applications.services.documents import vault_document_replace
from applications.services.transitions import application_revision_submit

from .helpers import submitted_application

pytestmark = pytest.mark.django_db


def revise(application, staff):
    """Staff ask for a revision; the company replaces the first attached document and sends the revision."""
    screening_start(application=application, acting_user=staff)
    screening_request_revision(
        application=application,
        acting_user=staff,
        missing=["최근 3개월분 명부"],
        deadline=timezone.now() + timedelta(days=7),
    )
    application.refresh_from_db()
    owner = application.company.members.get().user
    attached = application.attachments.select_related("document").order_by("doc_type").first()
    old = attached.document
    new = vault_document_replace(
        document=old,
        acting_user=owner,
        uploaded_file=SimpleUploadedFile("명부-보완.pdf", minimal_pdf("revised"), "application/pdf"),
        title="가입자명부 보완본",
    )
    items = [
        ItemBudget(row.support_item, row.city_support_krw, row.company_cash_krw, row.company_inkind_krw)
        for row in application.items.select_related("support_item")
    ]
    application_draft_save(
        application=application,
        acting_user=owner,
        data=DraftData(content={}, items=items, attachments={attached.doc_type: new}),
        expected_version=Application.objects.values_list("version", flat=True).get(pk=application.pk),
    )
    application_revision_submit(application=application, acting_user=owner, reason="명부를 교체했습니다.")
    application.refresh_from_db()
    return old, new


def test_versions_list_the_submission_and_the_revision_with_the_replaced_document_marked(staff):
    application = submitted_application()
    old, new = revise(application, staff)
    versions = application_versions(application)
    assert [version.number for version in versions] == [0, 1]
    assert [version.is_current for version in versions] == [False, True]
    assert old.pk in {line.document_id for line in versions[0].documents}
    revised = {line.document_id: line for line in versions[1].documents}
    assert old.pk not in revised
    assert revised[new.pk].change == REPLACED and revised[new.pk].replaced_title == old.title
    assert revised[new.pk].uploaded_at == new.uploaded_at


def test_the_staff_page_lists_and_links_only_the_new_version_as_current(staff, staff_client):
    application = submitted_application()
    old, new = revise(application, staff)
    page = staff_client.get(reverse("review:application", args=[application.pk]))
    body = page.content.decode()
    current = body[body.index('id="current-documents"') : body.index("</table>", body.index('id="current-documents"'))]
    assert new.title in current and reverse("review:document", args=[application.pk, new.pk]) in current
    assert old.title not in current and reverse("review:document", args=[application.pk, old.pk]) not in current
    versions = body[body.index('id="versions"') :]
    assert "Revision 1" in versions and "Submission" in versions and "명부를 교체했습니다." in versions
    assert f"<del>{old.title}</del>" in versions and "replaced" in versions
    # Both versions open in the browser (each as it was sent); another company's document does not.
    for document in (old, new):
        response = staff_client.get(reverse("review:document", args=[application.pk, document.pk]))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")
    other = submitted_application().attachments.first().document
    assert staff_client.get(reverse("review:document", args=[application.pk, other.pk])).status_code == 404
