"""Every URL of the app, filled with ANOTHER company's ids and tokens, answers 404 to a member (and sends an
anonymous visitor to the login page)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse

from applications import urls as app_urls
from applications.agreements.services import agreement_draft, agreement_version_issue
from applications.demo import minimal_pdf
from applications.models import Application, ApplicationFile
from applications.progress.models import ProgressReport, ReportFile
from applications.services import application_submit
from tests.evaluation.factories import staff

from .apply_setup import ready_application
from .factories import CompanyInvitationFactory, CompanyMemberFactory, OwnerFactory, UserFactory, VaultDocumentFactory

pytestmark = pytest.mark.django_db

# The pages about "my company" take no id: they show the user's own company only.
OWN_COMPANY_PAGES = {
    "company",
    "company_create",
    "company_profile",
    "company_edit",
    "members",
    "member_invite",
    "vault",
    "vault_upload",
    "dashboard",
}
# Pages keyed by a public code (a call), not by an object of a company: they only ever act on the user's own company.
PUBLIC_KEY_PAGES = {"apply", "call_reminder"}


@pytest.fixture
def two_companies():
    mine = OwnerFactory(company__name="우리회사")
    theirs = OwnerFactory(company__name="남의회사 비밀")
    their_member = CompanyMemberFactory(company=theirs.company)
    their_document = VaultDocumentFactory(company=theirs.company, title="남의 문서")
    their_invitation = CompanyInvitationFactory(company=theirs.company, email="someone@example.com")
    their_application = ready_application(owner=theirs)
    application_submit(application=their_application, acting_user=theirs.user)
    their_file = ApplicationFile.objects.create(
        application=their_application,
        title="남의 견적서",
        file=ContentFile(minimal_pdf(), name="quote.pdf"),
        original_filename="견적서.pdf",
        size=100,
        file_kind="pdf",
        content_type="application/pdf",
        sha256="0" * 64,
    )
    their_application.status = "selected"
    their_application.save(update_fields=["status"])
    their_report = ProgressReport.objects.create(application=their_application, kind="interim")
    their_report_file = ReportFile.objects.create(
        report=their_report,
        file=ContentFile(minimal_pdf(), name="evidence.pdf"),
        original_filename="증빙.pdf",
        size=100,
        file_kind="pdf",
        content_type="application/pdf",
        sha256="0" * 64,
    )
    their_version = agreement_draft(application=their_application, acting_user=staff())
    agreement_version_issue(version=their_version, acting_user=staff())
    app = {"pk": their_application.pk}
    kwargs = {
        "application_detail": app,
        "application_edit": app,
        "application_discard": app,
        "application_autosave": app,
        "application_review": app,
        "application_submit": app,
        "application_receipt": app,
        "application_receipt_pdf": app,
        "application_withdraw": app,
        "agreement": app,
        "agreement_signed_pdf": {"pk": their_application.pk, "version_pk": their_version.pk},
        "progress": app,
        "progress_report": {"pk": their_application.pk, "kind": "interim"},
        "progress_file": {"pk": their_application.pk, "file_pk": their_report_file.pk},
        "application_file_upload": app,
        "application_file_download": {"pk": their_application.pk, "file_pk": their_file.pk},
        "application_file_remove": {"pk": their_application.pk, "file_pk": their_file.pk},
        "member_remove": {"pk": their_member.pk},
        "member_role": {"pk": theirs.pk},
        "invitation_cancel": {"pk": their_invitation.pk},
        "invitation_accept": {"token": their_invitation.token},
        "vault_replace": {"pk": their_document.pk},
        "vault_download": {"pk": their_document.pk},
    }
    return mine, theirs, kwargs


def _patterns() -> list[URLPattern]:
    return [pattern for pattern in app_urls.urlpatterns if isinstance(pattern, URLPattern)]


def test_every_pattern_is_covered(two_companies):
    _mine, _theirs, kwargs = two_companies
    names = {pattern.name for pattern in _patterns()}
    assert names == OWN_COMPANY_PAGES | PUBLIC_KEY_PAGES | set(kwargs)


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_url_with_another_companys_ids_is_404(client, two_companies, method):
    mine, theirs, kwargs = two_companies
    client.force_login(mine.user)
    for pattern in _patterns():
        if pattern.name in OWN_COMPANY_PAGES | PUBLIC_KEY_PAGES:
            continue
        url = reverse(f"applications:{pattern.name}", kwargs=kwargs[pattern.name])
        response = getattr(client, method)(url)
        assert response.status_code == 404, (url, method, response.status_code)
    # Nothing of theirs changed.
    assert theirs.company.members.count() == 2
    assert theirs.company.documents.filter(is_current=True, title="남의 문서").count() == 1
    assert theirs.company.documents.filter(is_current=False).count() == 0
    assert theirs.company.invitations.get().accepted_at is None
    their_application = theirs.company.applications.get()
    assert their_application.status == "selected" and their_application.files.count() == 1
    assert their_application.status_changes.count() == 1
    assert their_application.agreement.versions.get().confirmed_at is None
    assert their_application.progress_reports.get().state == "draft" and ReportFile.objects.count() == 1


def test_own_company_pages_never_show_another_company(client, two_companies):
    mine, _theirs, _kwargs = two_companies
    client.force_login(mine.user)
    for name in sorted(OWN_COMPANY_PAGES):
        if name == "dashboard":
            content = client.get(reverse("applications:dashboard")).content.decode()
            assert "남의회사 비밀" not in content and "남의 견적서" not in content
        response = client.get(reverse(f"applications:{name}"), follow=True)
        assert response.status_code == 200, name
        content = response.content.decode()
        assert "남의회사 비밀" not in content and "남의 문서" not in content, name


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, two_companies, method):
    _mine, theirs, kwargs = two_companies
    code = theirs.company.applications.get().call.code
    public = {"apply": {"call_code": code}, "call_reminder": {"code": code}}
    for pattern in _patterns():
        url = reverse(f"applications:{pattern.name}", kwargs={**kwargs, **public}.get(pattern.name, {}))
        response = getattr(client, method)(url)
        assert response.status_code == 302, (url, method)
        assert response["Location"].startswith(reverse("account_login")), url


def test_a_user_without_company_gets_404_on_ids(client, two_companies):
    _mine, _theirs, kwargs = two_companies
    client.force_login(UserFactory(email="lonely@example.com"))
    for name, values in kwargs.items():
        response = client.get(reverse(f"applications:{name}", kwargs=values))
        # Pages needing a company send the user to create one; looking up an id never shows it.
        assert response.status_code in (302, 404), name
        if response.status_code == 302:
            assert response["Location"] == reverse("applications:company_create")


def test_apply_with_another_companys_call_opens_only_my_own_draft(client, two_companies):
    mine, theirs, _kwargs = two_companies
    their_application = theirs.company.applications.get()
    client.force_login(mine.user)
    response = client.post(reverse("applications:apply", args=[their_application.call.code]))
    assert response.status_code == 302
    mine_draft = Application.objects.get(company=mine.company)
    assert response["Location"] == reverse("applications:application_edit", args=[mine_draft.pk])
    assert mine_draft.pk != their_application.pk and mine_draft.status == "draft"
    assert Application.objects.get(pk=their_application.pk).status == "selected"
