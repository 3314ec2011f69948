"""One gate for every staff page: walked from the URL configuration, so a new staff URL is covered by itself.

Every URL pattern under the staff areas is requested (GET and POST) by a user who holds every staff and official
role but signed in with a password only: none answers 200, and each sends the user to the two-factor page.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from portal.accounts.permissions import OTP_VERIFY_URL_NAME

from .two_factor import every_staff_role_user, login_verified

# The staff areas: the staff pages of every app, the notifications' staff pages, the admin, the officials' results.
STAFF_AREAS = ("staff/", "notifications/staff/", "admin/", "results/official/")
# The two-factor pages themselves open without a second factor (that is what they are for).
TWO_FACTOR_PAGES = {"review:otp_verify", "review:otp_setup", "review:otp_setup_qr"}

_ROUTE_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>([^)]*)\)")


def _example_value(match: re.Match) -> str:
    converter_or_body = match.group(1) if match.re is _ROUTE_PARAMETER else match.group(2)
    if match.re is _REGEX_GROUP and "|" in converter_or_body:
        return converter_or_body.split("|")[0]  # the admin's app list: the first app label
    return "1" if converter_or_body in ("int", "num", r"\d+") else "x1"


def example_url(template: str) -> str:
    """A URL matching the pattern ``template`` (route converters and regex groups filled with example values)."""
    url = _REGEX_GROUP.sub(_example_value, template)
    url = _ROUTE_PARAMETER.sub(_example_value, url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\Z", "")


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(pattern template, name with namespace, URLPattern) of every leaf of the URL configuration."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield prefix + str(pattern.pattern), name, pattern


def staff_urls() -> list[tuple[str, str]]:
    found = []
    for template, name, _pattern in url_patterns():
        url = example_url(template)
        if url.lstrip("/").startswith(STAFF_AREAS) and name not in TWO_FACTOR_PAGES:
            found.append((url, name))
    return found


def lands_on_two_factor(client, response) -> bool:
    """The response sends the browser (in at most three redirects) to the two-factor page."""
    two_factor = reverse(OTP_VERIFY_URL_NAME)
    for _hop in range(3):
        if response.status_code != 302:
            return False
        if response["Location"].split("?")[0] == two_factor:
            return True
        response = client.get(response["Location"])
    return False


def test_the_walk_finds_every_staff_area():
    names = {name for _url, name in staff_urls()}
    for expected in (
        "notifications:deliveries",
        "notifications:application_deliveries",
        "notifications:schedule",
        "notifications:resend",
        "review:dashboard",
        "admin:index",
        "admin:login",
        "admin:accounts_user_change",
        "reports:official_series",
    ):
        assert expected in names, expected
    for url, name in staff_urls():  # each example URL is one of its own pattern
        assert resolve(url).view_name == name if name else resolve(url).url_name is None, url


@pytest.mark.django_db
def test_a_staff_user_signed_in_with_a_password_only_is_sent_to_the_two_factor_page_everywhere(client):
    client.force_login(every_staff_role_user())
    walked = staff_urls()
    assert len(walked) > 100
    refused = []
    for url, name in walked:
        responses = {method: getattr(client, method)(url) for method in ("get", "post")}
        answered = [method for method, response in responses.items() if 200 <= response.status_code < 300]
        to_two_factor = [method for method, response in responses.items() if lands_on_two_factor(client, response)]
        if answered or not to_two_factor:
            refused.append((url, name, {m: r.status_code for m, r in responses.items()}))
    assert refused == []


@pytest.mark.django_db
def test_the_notifications_staff_pages_open_after_the_second_factor(client):
    user = every_staff_role_user()
    client.force_login(user)
    for url in ("/notifications/staff/deliveries/", "/notifications/staff/schedule/"):
        assert lands_on_two_factor(client, client.get(url)), url
    login_verified(client, user)
    for url in (
        "/notifications/staff/deliveries/",
        "/notifications/staff/deliveries/application/1/",
        "/notifications/staff/schedule/",
    ):
        assert client.get(url).status_code == 200, url
