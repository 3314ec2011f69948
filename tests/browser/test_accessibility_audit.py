"""The audit of every document (tests/browser/axe.py) finds a problem on a page no test asked it to check."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNLABELLED = """<!doctype html><html lang="en"><head><title>Unlabelled</title></head>
<body><main><h1>Unlabelled</h1><button type="button"></button><a href="/">Home</a></main></body></html>"""


def test_a_page_the_test_only_passes_through_is_checked_and_its_finding_named(
    chromium_browser, live_server, accessibility_audit
):
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-US")
    context.route("**/unlabelled/", lambda route: route.fulfill(content_type="text/html", body=UNLABELLED))
    page = context.new_page()
    page.goto("/unlabelled/")
    page.get_by_role("link", name="Home").click()
    page.wait_for_url(re.compile(r".*/$"))

    findings = accessibility_audit.finish()

    assert [line.split(" at ")[0] for line in findings] == ["/unlabelled/ [en]: critical button-name"]
    assert accessibility_audit.checked >= set(accessibility_audit.announced)
    accessibility_audit.findings.clear()  # found as it should be: the test passes
