"""A company's consent: only its members change it, each change is a history row, withdrawing unpublishes its case
studies; the seeded demo has consenting companies, published case studies and the city official's TOTP device."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.cache import page_key
from reports.models import CaseStudy, OutcomeConsent
from reports.selectors import consent_given, consented_company_ids
from reports.services import case_study_save, consent_set
from tests.evaluation.factories import otp_client
from tests.funding.factories import member_of, staff

from .factories import calls_of, supported

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    return calls_of(timezone.localdate().year)


@pytest.fixture
def application(calls):
    return supported(calls[0], address="경북 영천시 녹전동 1")


def case_study(application, *, published=False):
    return case_study_save(
        case_study=None,
        acting_user=staff(),
        company=application.company,
        year=timezone.localdate().year,
        title_ko="제목",
        title_en="Title",
        summary_ko="요약",
        summary_en="Summary",
        published=published,
    )


def test_only_a_member_of_the_company_changes_its_consent(application, calls):
    other = supported(calls[1], address="경북 영천시 녹전동 2")
    with pytest.raises(PermissionDenied):
        consent_set(company=application.company, acting_user=member_of(other), given=True)
    assert not OutcomeConsent.objects.exists()


def test_each_change_is_kept_and_the_latest_decides(application, django_capture_on_commit_callbacks):
    member = member_of(application)
    cache.set(page_key(language="ko", year=timezone.localdate().year), "old")
    with django_capture_on_commit_callbacks(execute=True):
        consent_set(company=application.company, acting_user=member, given=True)
    assert cache.get(page_key(language="ko", year=timezone.localdate().year)) is None
    assert consent_set(company=application.company, acting_user=member, given=True) is None  # unchanged
    assert list(consented_company_ids()) == [application.company_id]
    consent_set(company=application.company, acting_user=member, given=False)
    assert list(consented_company_ids()) == [] and not consent_given(application.company)
    assert list(OutcomeConsent.objects.order_by("id").values_list("given", flat=True)) == [True, False]


def test_withdrawing_unpublishes_the_case_studies_and_publishing_needs_consent(application):
    with pytest.raises(ValidationError) as error:
        case_study(application, published=True)
    assert "published" in error.value.message_dict
    member = member_of(application)
    consent_set(company=application.company, acting_user=member, given=True)
    published = case_study(application, published=True)
    consent_set(company=application.company, acting_user=member, given=False)
    published.refresh_from_db()
    assert published.published is False


def test_case_studies_are_staff_only(application):
    with pytest.raises(PermissionDenied):
        case_study_save(
            case_study=None,
            acting_user=member_of(application),
            company=application.company,
            year=timezone.localdate().year,
            title_ko="제목",
            title_en="Title",
            summary_ko="요약",
            summary_en="Summary",
            published=False,
        )


def test_the_consent_page_needs_a_login_and_shows_the_history(application):
    url = reverse("reports:consent")
    assert Client().get(url)["Location"].startswith(reverse("account_login"))
    client = Client()
    client.force_login(member_of(application))
    client.post(url, {"given": "yes"})
    content = client.get(url).content.decode()
    assert 'id="consent-history"' in content and "checked" in content


def test_a_case_study_form_with_bad_input_names_the_fields_and_keeps_the_input(application):
    client = otp_client(staff())
    response = client.post(
        reverse("reports:staff_case_study_new"),
        {"company": application.company_id, "year": "1999", "title_ko": "남은 제목", "title_en": ""},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="남은 제목"' in content and 'value="1999"' in content
    assert content.count("invalid-feedback") >= 4  # year, English title, both summaries
    assert not CaseStudy.objects.exists()
    assert client.get(reverse("reports:staff_case_studies")).status_code == 200


def test_the_seeded_demo_has_consents_case_studies_and_the_official_s_device():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert OutcomeConsent.objects.filter(given=True).count() >= 3
    assert CaseStudy.objects.filter(published=True).count() == 3
    assert TOTPDevice.objects.filter(user__email="city@demo.yc.kr", confirmed=True).exists()
    assert "city@demo.yc.kr" in out.getvalue() and "JBSWY3DPEHPK3PXPYEONGCHEONCITY22" in out.getvalue()
    call_command("seed_demo", stdout=StringIO())  # idempotent
    assert CaseStudy.objects.count() == 3
    page = Client().get(reverse("reports:year", args=[2021])).content.decode()
    assert 'id="company-outcome-table"' in page and "results-case" in page
