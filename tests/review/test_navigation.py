"""Staff reach a call's evaluation and ranking from the review dashboard, the queue and each application."""

import pytest
from django.urls import reverse

from .helpers import open_call, submitted_application


@pytest.fixture
def application(db):
    return submitted_application(call=open_call())


def evaluation_links(html: str, code: str) -> tuple[bool, bool]:
    return (
        f'href="{reverse("evaluation_staff:overview", args=[code])}"' in html,
        f'href="{reverse("evaluation_staff:ranking", args=[code])}"' in html,
    )


@pytest.mark.parametrize("page", ["dashboard", "queue", "application"])
def test_every_review_page_of_a_call_links_to_its_evaluation_and_ranking(staff_client, application, page):
    code = application.call.code
    url = {
        "dashboard": reverse("review:dashboard"),
        "queue": reverse("review:queue", args=[code]),
        "application": reverse("review:application", args=[application.pk]),
    }[page]
    response = staff_client.get(url)
    assert response.status_code == 200
    assert evaluation_links(response.text, code) == (True, True)


def test_the_ranking_of_a_call_without_a_committee_leads_to_the_evaluation_overview(staff_client, application):
    code = application.call.code
    response = staff_client.get(reverse("evaluation_staff:ranking", args=[code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation_staff:overview", args=[code])
    assert staff_client.get(response["Location"]).status_code == 200
