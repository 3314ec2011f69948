"""The base page: landmarks, skip link, language switch, footer, and no inline scripts."""

import re

import pytest
from django.urls import reverse


@pytest.fixture
def home(client):
    return client.get(reverse("home"))


@pytest.mark.django_db
def test_base_page_has_landmarks_and_a_skip_link(home):
    html = home.text
    assert re.search(r'<a class="[^"]*skip-link[^"]*" href="#main">', html)
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert 'aria-label="' in html


@pytest.mark.django_db
def test_footer_names_operator_and_funder(home):
    assert "경북테크노파크" in home.text
    assert "영천시" in home.text


@pytest.mark.django_db
def test_language_switch_is_a_form_that_works_without_javascript(home):
    html = home.text
    assert f'action="{reverse("accounts:language_set")}"' in html
    # One button: the language the page is not in, named in that language.
    assert 'name="language" value="en" lang="en"' in html
    assert 'name="language" value="ko"' not in html


@pytest.mark.django_db
def test_base_page_links_a_favicon(home):
    from django.conf import settings
    from django.contrib.staticfiles import finders

    match = re.search(r'<link rel="icon" href="([^"]+)"', home.text)
    assert match
    assert finders.find(match.group(1).removeprefix(settings.STATIC_URL))


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_without_inline_scripts(home):
    policy = home.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", home.text), "inline <script> found"
    assert 'style="' not in home.text
