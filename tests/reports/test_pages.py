"""The results pages: public year and series pages in Korean and English (figures, charts with tables and text
alternatives, consent, case studies), the officials' edition behind the role and two factors, the drill-down, who
gets what (login, 404), and fixed query counts for 1 and many projects."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import override

from portal.accounts.roles import Role
from reports.figures import SERIES_QUERIES
from reports.models import CaseStudy, OutcomeConsent
from tests.evaluation.factories import otp_client, user_with_role
from tests.funding.factories import member_of, staff

from .factories import calls_of, report, supported

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return timezone.localdate().year


def won(value: int, language: str = "ko") -> str:
    with override(language):
        return number_format(value, force_grouping=True)


def built(year, count=2):
    call_a, call_b = calls_of(year)
    projects = []
    for n in range(count):
        application = supported(call_a if n % 2 else call_b, address="경북 영천시 녹전동 1", paid=1_000_000)
        report(application, year, baseline=100, sales_krw=100 + 1_000_000 * (n + 1), certifications=1)
        projects.append(application)
    return projects


def city_official():
    return user_with_role(Role.CITY_OFFICIAL)


def test_the_public_year_page_shows_the_figures_charts_and_companies_without_login(year):
    projects = built(year)
    response = Client().get(reverse("reports:year", args=[year]), HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"{year}년 성과" in content and "지원 기업" in content
    # Each chart an SVG image (the page's CSP refuses inline styles) with its text alternative.
    assert content.count('src="data:image/svg+xml;base64,') >= 2 and "results-chart-desc" in content
    for application in projects:
        assert application.company.name in content  # public money: every supported company by name
    assert f'id="total-agreed">{won(40_000_000)}<' in content
    assert f'id="total-paid">{won(2_000_000)}<' in content
    assert 'id="company-outcome-table"' not in content  # no consent yet: no company's own figures


def test_the_public_pages_are_in_english_too(year):
    built(year)
    client = Client()
    client.cookies["django_language"] = "en"
    content = client.get(reverse("reports:year", args=[year])).content.decode()
    assert f"Results of {year}" in content and "Companies supported" in content and 'lang="en"' in content
    content = client.get(reverse("reports:series")).content.decode()
    assert "The figures per year" in content and "2019" in content and str(year) in content


def test_a_consenting_company_s_own_figures_are_shown_and_withdrawn(year, django_capture_on_commit_callbacks):
    first, second = built(year)
    member = member_of(first)
    client = Client()
    client.force_login(member)
    response = client.post(reverse("reports:consent"), {"given": "yes"})
    assert response.status_code == 302
    page = Client().get(reverse("reports:year", args=[year])).content.decode()
    table = page.split('id="company-outcome-table"')[1].split("</table>")[0]
    assert first.company.name in table and second.company.name not in table
    assert won(1_000_000) in table
    with django_capture_on_commit_callbacks(execute=True):  # the change commits: the cached page is forgotten
        client.post(reverse("reports:consent"), {"given": "no"})
    page = Client().get(reverse("reports:year", args=[year])).content.decode()
    assert 'id="company-outcome-table"' not in page
    assert list(OutcomeConsent.objects.values_list("given", "changed_by")) == [(False, member.pk), (True, member.pk)]


def test_the_consent_page_without_a_choice_names_the_field(year):
    (application,) = built(year, 1)
    client = Client()
    client.force_login(member_of(application))
    response = client.post(reverse("reports:consent"), {})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_given_errors"' in content and 'aria-describedby="id_given_errors"' in content
    assert not OutcomeConsent.objects.exists()


def test_a_case_study_is_published_only_with_the_company_s_consent(year, django_capture_on_commit_callbacks):
    (application,) = built(year, 1)
    client = otp_client(staff())
    data = {
        "company": application.company_id,
        "year": year,
        "title_ko": "비전 검사로 불량률 절반",
        "title_en": "Half the defects with vision inspection",
        "summary_ko": "도입 후 불량률이 줄었다.",
        "summary_en": "Defects fell after the line was equipped.",
        "published": "on",
    }
    response = client.post(reverse("reports:staff_case_study_new"), data)
    assert response.status_code == 400
    assert "has not consented" in response.content.decode() or "동의" in response.content.decode()
    assert 'value="비전 검사로 불량률 절반"' in response.content.decode()
    assert not CaseStudy.objects.exists()
    member = Client()
    member.force_login(member_of(application))
    member.post(reverse("reports:consent"), {"given": "yes"})
    assert client.post(reverse("reports:staff_case_study_new"), data).status_code == 302
    english = Client()
    english.cookies["django_language"] = "en"
    assert (
        "Half the defects with vision inspection" in english.get(reverse("reports:year", args=[year])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        member.post(reverse("reports:consent"), {"given": "no"})  # withdrawing unpublishes
    assert CaseStudy.objects.get().published is False
    assert "Half the defects" not in english.get(reverse("reports:year", args=[year])).content.decode()


def test_the_official_edition_needs_the_role_and_two_factors(year):
    built(year)
    url = reverse("reports:official_year", args=[year])
    assert Client().get(url)["Location"].startswith(reverse("account_login"))
    official = city_official()
    client = Client()
    client.force_login(official)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("review:otp_verify"))
    assert client.get(response["Location"]).status_code in (200, 302)  # the two-factor step opens for officials
    company_user = Client()
    company_user.force_login(member_of(supported(calls_of(year - 1)[0], address="경북 영천시 녹전동 2")))
    assert company_user.get(url).status_code == 404
    assert company_user.get(reverse("reports:staff_case_studies")).status_code == 404
    verified = otp_client(official)
    content = verified.get(url).content.decode()
    for marker in ('id="company-outcome-table"', 'id="money-table"', 'id="before-after-table"'):
        assert marker in content
    assert 'id="nav-results-official"' in verified.get(reverse("home")).content.decode()
    assert 'id="nav-results-official"' not in company_user.get(reverse("home")).content.decode()


def test_the_drill_down_lists_the_reports_a_figure_sums(year):
    projects = built(year, 3)
    client = otp_client(city_official())
    page = client.get(reverse("reports:official_year", args=[year])).content.decode()
    drill = reverse("reports:official_reports", args=[year, "certifications"])
    assert drill in page
    content = client.get(drill).content.decode()
    table = content.split('id="drill-table"')[1]
    assert all(application.company.name in table for application in projects)
    content = client.get(drill + "?program=A").content.decode()
    table = content.split('id="drill-table"')[1]
    letters = {application.company.name: application.call.program.letter for application in projects}
    assert all((letter == "A") == (name in table) for name, letter in letters.items())
    assert client.get(reverse("reports:official_reports", args=[year, "nonsense"])).status_code == 404
    assert client.get(drill + "?program=Z").status_code == 404


def test_years_outside_the_series_are_404(year):
    assert Client().get(reverse("reports:year", args=[2018])).status_code == 404
    assert Client().get(reverse("reports:year", args=[year + 1])).status_code == 404


def test_the_home_page_links_to_the_results():
    content = Client().get(reverse("home")).content.decode()
    assert reverse("reports:series") in content


# Queries of the public pages for an anonymous visitor: the figures, plus the consented ids, their rows and the
# case studies on a year page.
YEAR_QUERIES = SERIES_QUERIES + 3
COMPANIES_QUERIES = SERIES_QUERIES  # the figures of the year (the companies come with them)


@pytest.mark.parametrize("count", [1, 6])
def test_the_public_year_page_makes_a_fixed_number_of_queries(django_assert_num_queries, year, count):
    projects = built(year, count)
    OutcomeConsent.objects.create(company=projects[0].company, given=True)
    client = Client()
    url = reverse("reports:year", args=[year])
    with django_assert_num_queries(YEAR_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):  # from the cache
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_the_public_series_page_makes_a_fixed_number_of_queries(django_assert_num_queries, year, count):
    built(year, count)
    client = Client()
    with django_assert_num_queries(SERIES_QUERIES):
        assert client.get(reverse("reports:series")).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(reverse("reports:series")).status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_the_official_year_page_makes_a_fixed_number_of_queries(django_assert_num_queries, year, count):
    built(year, count)
    client = otp_client(city_official())
    url = reverse("reports:official_year", args=[year])
    client.get(url)
    # The session, the user, the OTP device, the user's roles, the header's unread notifications, then the
    # figures, the company rows, before/after and the case studies.
    with django_assert_num_queries(5 + SERIES_QUERIES + 3):
        assert client.get(url).status_code == 200


# --- the permission walk over every URL of the app ---------------------------------------------------------

PUBLIC_NAMES = {"series", "year", "companies"}
OFFICIAL_NAMES = {"official_series", "official_year", "official_reports"}
STAFF_NAMES = {"staff_case_studies", "staff_case_study_new", "staff_case_study"}
MEMBER_NAMES = {"consent"}


def walk_urls(year, case_study_pk):
    kwargs = {
        "year": {"year": year},
        "companies": {"year": year},
        "official_year": {"year": year},
        "official_reports": {"year": year, "figure": "certifications"},
        "staff_case_study": {"pk": case_study_pk},
    }
    from reports.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns}
    assert names == PUBLIC_NAMES | OFFICIAL_NAMES | STAFF_NAMES | MEMBER_NAMES  # a new URL must join the walk
    return {name: reverse(f"reports:{name}", kwargs=kwargs.get(name, {})) for name in names}


def test_the_permission_walk(year):
    (application,) = built(year, 1)
    member = member_of(application)
    CaseStudy.objects.create(
        company=application.company, year=year, title_ko="t", title_en="t", summary_ko="s", summary_en="s"
    )
    urls = walk_urls(year, CaseStudy.objects.get().pk)
    anonymous = Client()
    company = Client()
    company.force_login(member)
    official = otp_client(city_official())
    staff_client = otp_client(staff())
    for name, url in urls.items():
        if name in PUBLIC_NAMES:
            assert anonymous.get(url).status_code == 200, name
            continue
        assert anonymous.get(url)["Location"].startswith(reverse("account_login")), name
        if name in OFFICIAL_NAMES:
            assert company.get(url).status_code == 404, name
            assert official.get(url).status_code == 200, name
            assert staff_client.get(url).status_code == 200, name
        if name in STAFF_NAMES:
            assert company.get(url).status_code == 404, name
            assert official.get(url).status_code == 404, name
            assert staff_client.get(url).status_code == 200, name
        if name in MEMBER_NAMES:
            assert company.get(url).status_code == 200, name
    assert staff_client.get(reverse("reports:staff_case_study", args=[999_999])).status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_the_companies_page_lists_every_company_in_fixed_queries(django_assert_num_queries, year, count):
    projects = built(year, count)
    url = reverse("reports:companies", args=[year])
    with django_assert_num_queries(COMPANIES_QUERIES):
        response = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert response.status_code == 200 and f"Companies 1 to {count} of {count}" in content
    for application in projects:
        assert application.company.name in content


def test_the_year_page_shows_the_first_companies_and_links_to_all_of_them(year, monkeypatch):
    from reports import selectors, views

    projects = built(year, 5)
    monkeypatch.setattr(selectors, "COMPANIES_SHOWN", 2)
    monkeypatch.setattr(views, "COMPANIES_PER_PAGE", 3)
    content = Client().get(reverse("reports:year", args=[year]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert sum(application.company.name in content for application in projects) == 2
    assert 'id="all-companies"' in content and "All 5 companies supported in" in content
    second = Client().get(reverse("reports:companies", args=[year]) + "?page=2", HTTP_ACCEPT_LANGUAGE="en")
    assert "Companies 4 to 5 of 5" in second.content.decode()
    assert Client().get(reverse("reports:companies", args=[year]) + "?page=x").status_code == 200  # the first page
