"""Every URL of the app, filled with ANOTHER company's ids and tokens, answers 404 to a member (and sends an
anonymous visitor to the login page)."""

import pytest
from django.urls import URLPattern, reverse

from applications import urls as app_urls

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
}


@pytest.fixture
def two_companies():
    mine = OwnerFactory(company__name="우리회사")
    theirs = OwnerFactory(company__name="남의회사 비밀")
    their_member = CompanyMemberFactory(company=theirs.company)
    their_document = VaultDocumentFactory(company=theirs.company, title="남의 문서")
    their_invitation = CompanyInvitationFactory(company=theirs.company, email="someone@example.com")
    kwargs = {
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
    assert names == OWN_COMPANY_PAGES | set(kwargs)


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_url_with_another_companys_ids_is_404(client, two_companies, method):
    mine, theirs, kwargs = two_companies
    client.force_login(mine.user)
    for pattern in _patterns():
        if pattern.name in OWN_COMPANY_PAGES:
            continue
        url = reverse(f"applications:{pattern.name}", kwargs=kwargs[pattern.name])
        response = getattr(client, method)(url)
        assert response.status_code == 404, (url, method, response.status_code)
    # Nothing of theirs changed.
    assert theirs.company.members.count() == 2
    assert theirs.company.documents.filter(is_current=True).count() == 1
    assert theirs.company.invitations.get().accepted_at is None


def test_own_company_pages_never_show_another_company(client, two_companies):
    mine, _theirs, _kwargs = two_companies
    client.force_login(mine.user)
    for name in sorted(OWN_COMPANY_PAGES):
        response = client.get(reverse(f"applications:{name}"), follow=True)
        assert response.status_code == 200, name
        content = response.content.decode()
        assert "남의회사 비밀" not in content and "남의 문서" not in content, name


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, two_companies, method):
    _mine, _theirs, kwargs = two_companies
    for pattern in _patterns():
        url = reverse(f"applications:{pattern.name}", kwargs=kwargs.get(pattern.name, {}))
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
