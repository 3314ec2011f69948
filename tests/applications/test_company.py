from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.enums import MemberRole
from applications.forms import CompanyCreateForm
from applications.models import Company, CompanyMember, CompanyProfileChange
from applications.services import company_create, company_update
from programs.enums import SiteKind
from programs.identifiers import BusinessKind

from .factories import CompanyFactory, CompanyMemberFactory, CompanyRevenueFactory, OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {
        "business_number": "1234567891",
        "name": "영천정밀 주식회사",
        "representative": "김민준",
        "head_office_address": "경상북도 영천시 채신공단로 45",
        "head_office_postcode": "38822",
        "ksic_code": "c29199",
        "ksic_revision": "11",
        "founded_on": "2011-04-18",
        "located_since": "2014-09-01",
        "headcount_year": "2025",
        "revenue_year_1": "2025",
        "revenue_amount_1": "6,000,000,000",
        "revenue_year_2": "2024",
        "revenue_amount_2": "5,000,000,000",
        "revenue_year_3": "2023",
        "revenue_amount_3": "4,000,000,000",
    }
    data.update({f"month_{m}": "30" for m in range(1, 13)})
    data.update(overrides)
    return data


def test_business_number_with_a_wrong_check_digit_is_an_error_at_the_field():
    form = CompanyCreateForm(form_data(business_number="106-86-14245"))
    assert not form.is_valid()
    assert "check digit" in form.errors["business_number"][0]


def test_business_number_is_stored_formatted_and_kind_is_derived():
    user = UserFactory()
    form = CompanyCreateForm(form_data(business_number="123 45 67891"))
    assert form.is_valid(), form.errors
    company = company_create(user=user, data=form.service_data())
    assert company.business_number == "123-45-67891"
    assert company.business_kind == BusinessKind.INDIVIDUAL
    assert company.ksic_code == "C29199"


def test_duplicate_business_number_is_an_error_at_the_field():
    CompanyFactory(business_number="123-45-67891")
    form = CompanyCreateForm(form_data())
    assert not form.is_valid()
    assert "already registered" in form.errors["business_number"][0]


def test_create_page_makes_the_user_owner_and_records_history(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("applications:company_create"), form_data())
    assert response.status_code == 302
    member = CompanyMember.objects.get(user=user)
    assert member.role == MemberRole.OWNER
    company = member.company
    assert company.regular_employees == Decimal(30)
    assert company.average_revenue_krw == 5_000_000_000
    change = CompanyProfileChange.objects.get(company=company)
    assert change.changed_by == user
    assert change.changes["name"] == {"old": None, "new": "영천정밀 주식회사"}
    assert change.changes["revenues"]["new"] == [[2025, 6_000_000_000], [2024, 5_000_000_000], [2023, 4_000_000_000]]


def test_create_page_keeps_input_and_shows_errors(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("applications:company_create"), form_data(business_number="106-86-14245", month_5="")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "106-86-14245" in content and "영천정밀 주식회사" in content
    assert 'id="form-errors"' in content
    form = response.context["form"]
    assert "business_number" in form.errors and "month_5" in form.errors
    assert not Company.objects.exists()


def test_a_user_creates_only_one_company():
    member = CompanyMemberFactory()
    with pytest.raises(PermissionDenied):
        company_create(user=member.user, data={"business_number": "123-45-67891", "name": "x", "representative": "y"})


def test_update_records_old_and_new_values():
    owner = OwnerFactory()
    company = owner.company
    CompanyRevenueFactory(company=company, year=2025, amount_krw=100)
    change = company_update(
        company=company,
        acting_user=owner.user,
        data={"name": "새 이름", "founded_on": date(2010, 1, 1), "revenues": [{"year": 2025, "amount_krw": 200}]},
    )
    assert change.changed_by == owner.user
    assert change.changes["founded_on"] == {"old": "2012-03-01", "new": "2010-01-01"}
    assert change.changes["name"]["new"] == "새 이름"
    assert change.changes["revenues"] == {"old": [[2025, 100]], "new": [[2025, 200]]}
    assert company_update(company=company, acting_user=owner.user, data={"name": "새 이름"}) is None
    assert CompanyProfileChange.objects.filter(company=company).count() == 1


def test_update_by_another_company_member_is_refused():
    company = CompanyFactory()
    stranger = CompanyMemberFactory()
    with pytest.raises(PermissionDenied):
        company_update(company=company, acting_user=stranger.user, data={"name": "hijack"})


def test_update_refuses_invalid_headcounts():
    owner = OwnerFactory()
    with pytest.raises(ValidationError):
        company_update(company=owner.company, acting_user=owner.user, data={"monthly_headcounts": [1, 2, 3]})


def test_regular_employees_average_over_months_operated():
    company = CompanyFactory(monthly_headcounts=[None, None, None, 6, 7, 7, 8, 8, 9, 9, 10, 12])
    assert company.months_operated == 9
    assert company.regular_employees == Decimal(76) / Decimal(9)
    assert company.regular_employees_display == "8.4"
    boundary = CompanyFactory(monthly_headcounts=[30] * 11 + [29])
    assert boundary.regular_employees < 30
    assert boundary.regular_employees_display == "29.9"


def test_to_facts_builds_the_engine_facts():
    today = timezone.localdate()
    company = CompanyFactory(
        lab_address="경상북도 영천시 금호읍 연구로 1",
        monthly_headcounts=[None] * 6 + [30] * 6,
        sme_certificate_valid_from=today - timedelta(days=10),
        sme_certificate_valid_until=today + timedelta(days=10),
    )
    for year, amount in ((2025, 300), (2024, 200), (2023, 100), (2022, 10_000)):
        CompanyRevenueFactory(company=company, year=year, amount_krw=amount)
    facts = Company.objects.prefetch_related("revenues").get(pk=company.pk).to_facts()
    assert facts.business_number == company.business_number
    assert facts.addresses == {
        SiteKind.HEAD_OFFICE: company.head_office_address,
        SiteKind.FACTORY: company.factory_address,
        SiteKind.LAB: "경상북도 영천시 금호읍 연구로 1",
    }
    assert facts.monthly_headcounts == (30,) * 6
    assert facts.regular_employees == Decimal(30)
    assert facts.annual_revenue_krw == 200  # the latest three years only
    assert facts.ksic_code == "C29111" and facts.ksic_revision == 11
    assert facts.sme_certified is True
    assert facts.located_since == company.located_since and facts.founded_on == company.founded_on
    assert facts.concurrent_supported_tasks is None
    assert facts.as_of == today


def test_to_facts_without_a_valid_certificate_leaves_sme_unknown():
    today = timezone.localdate()
    company = CompanyFactory(
        sme_certificate_valid_from=today - timedelta(days=400), sme_certificate_valid_until=today - timedelta(days=1)
    )
    facts = company.to_facts()
    assert facts.sme_certified is None
    assert facts.annual_revenue_krw is None


def test_profile_page_shows_average_and_history(client):
    owner = OwnerFactory(company__monthly_headcounts=[29] * 6 + [31] * 6)
    company_update(company=owner.company, acting_user=owner.user, data={"representative": "이대표"})
    client.force_login(owner.user)
    content = client.get(reverse("applications:company_profile")).content.decode()
    assert "<strong>30.0</strong>" in content
    assert "이대표" in content and "홍길동" in content


def test_edit_page_saves_and_shows_field_errors(client):
    owner = OwnerFactory()
    client.force_login(owner.user)
    url = reverse("applications:company_edit")
    data = form_data(name="바뀐 이름", head_office_postcode="123")
    data.pop("business_number")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "head_office_postcode" in response.context["form"].errors
    data["head_office_postcode"] = "38822"
    assert client.post(url, data).status_code == 302
    owner.company.refresh_from_db()
    assert owner.company.name == "바뀐 이름"
    assert owner.company.business_number != "123-45-67891"  # the number cannot be changed by the edit form
