"""The grants file is a 360Giving 1.4 package that validates against the standard's published JSON schemas (read
from ../shared/standards/360giving/, the grant schema resolved locally), one grant per supported project, adding up
to the public figures; no outcome figure in it."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from reports.figures import PUBLIC, year_results
from reports.opendata import GRANT_PREFIX, STANDARD_VERSION

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "standards" / "360giving"
REQUIRED = ("id", "title", "description", "currency", "amountAwarded", "awardDate")


def validator() -> Draft202012Validator:
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    # The package refers to the grant schema by a URL (of release 1.4.2); that URL is resolved to the local file.
    grant_url = package["properties"]["grants"]["items"]["$ref"]
    # Their "$schema" is written "http://json-schema.org/draft/2020-12/schema" (http), so the dialect is given.
    resource = DRAFT202012.create_resource(grant)
    registry = Registry().with_resources([(grant_url, resource), (grant["$id"], resource)])
    Draft202012Validator.check_schema(package)
    checker = FormatChecker()
    assert "date-time" in checker.checkers  # the dates' "oneOf" needs it (rfc3339-validator, a dev dependency)
    return Draft202012Validator(package, registry=registry, format_checker=checker)


def package_of(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def test_the_year_package_validates_against_the_published_schema(client, built, year):
    package = package_of(client, reverse("opendata:year-360giving", args=[year]))

    errors = [error.message for error in validator().iter_errors(package)]
    assert errors == []
    assert package["version"] == STANDARD_VERSION == "1.4"
    assert package["publisher"]["name"] and package["license"].startswith("https://")
    assert package["issued"] == timezone.localdate().isoformat()
    assert package["downloadURL"].endswith(reverse("opendata:year-360giving", args=[year]))


def test_a_package_that_breaks_the_standard_is_refused_by_the_validator(client, built, year):
    package = package_of(client, reverse("opendata:year-360giving", args=[year]))
    del package["grants"][0]["recipientOrganization"][0]["id"]
    package["grants"][1]["currency"] = "WON"
    assert len(list(validator().iter_errors(package))) == 2


def test_every_supported_project_is_a_grant_with_the_required_fields(client, built, year):
    grants = package_of(client, reverse("opendata:year-360giving", args=[year]))["grants"]
    supported = built["a"] + built["b"]

    assert sorted(grant["id"] for grant in grants) == sorted(GRANT_PREFIX + app.receipt_number for app in supported)
    for grant in grants:
        assert all(grant[name] not in ("", None) for name in REQUIRED)
        assert grant["currency"] == "KRW"
        assert grant["fundingOrganization"][0]["id"] and grant["fundingOrganization"][0]["name"]
        assert grant["beneficiaryLocation"][0]["countryCode"] == "KR"
        assert set(grant) == {
            *REQUIRED,
            "recipientOrganization",
            "fundingOrganization",
            "grantProgramme",
            "beneficiaryLocation",
        }  # no outcome figure
    by_id = {grant["id"]: grant for grant in grants}
    a1 = built["a"][0]
    grant = by_id[GRANT_PREFIX + a1.receipt_number]
    digits = a1.company.business_number.replace("-", "")
    assert grant["recipientOrganization"] == [{"id": f"KR-BRN-{digits}", "name": a1.company.name}]
    confirmed = a1.agreement.versions.get(number=1).confirmed_at
    assert grant["awardDate"] == timezone.localtime(confirmed).date().isoformat()
    assert grant["grantProgramme"] == [{"code": a1.call.program.code, "title": a1.call.program.name_ko}]
    assert grant["beneficiaryLocation"][0]["name"] == "경상북도 영천시 화산면"
    assert by_id[GRANT_PREFIX + built["a"][1].receipt_number]["amountAwarded"] == 40_000_000


def test_the_grants_add_up_to_the_supported_companies_of_the_figures(client, built, year):
    grants = package_of(client, reverse("opendata:year-360giving", args=[year]))["grants"]
    results = year_results(year, edition=PUBLIC)

    assert sum(grant["amountAwarded"] for grant in grants) == sum(company.agreed_krw for company in results.companies)
    assert len({grant["recipientOrganization"][0]["id"] for grant in grants}) == results.total.selected


def test_the_series_package_holds_every_year(client, built, year):
    package = package_of(client, reverse("opendata:series-360giving"))

    assert list(validator().iter_errors(package)) == []
    ids = {grant["id"] for grant in package["grants"]}
    assert GRANT_PREFIX + built["old"].receipt_number in ids
    assert len(ids) == len(built["a"]) + len(built["b"]) + 1


def test_a_year_with_calls_but_no_agreement_yet_has_no_package(client, year):
    from tests.reports.factories import calls_of

    calls_of(year)
    assert client.get(reverse("opendata:year-csv", args=[year])).status_code == 200
    assert client.get(reverse("opendata:year-360giving", args=[year])).status_code == 404
