"""The review page gives one verdict: a rule waiting for evidence whose document is attached says so, the verdict
says the evidence is attached, and "no problem" is never shown beside a rule still marked "evidence needed"."""

import pytest
from django.urls import reverse

from programs.enums import DocumentType, RuleType
from tests.programs.factories import EligibilityRuleFactory

from .apply_setup import open_call, ready_application
from .factories import ApplicationDocumentFactory

pytestmark = pytest.mark.django_db


def review(client, application, language):
    client.force_login(application.created_by)
    url = reverse("applications:application_review", kwargs={"pk": application.pk})
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def application_needing_evidence():
    call = open_call()
    EligibilityRuleFactory(
        call=call, rule_type=RuleType.NO_TAX_ARREARS, params={}, evidence_document=DocumentType.NATIONAL_TAX_CLEARANCE
    )
    return ready_application(call=call)


def test_missing_evidence_is_a_problem_and_the_verdict_says_evidence_needed(client, application_needing_evidence):
    response = review(client, application_needing_evidence, "ko")
    page = response.content.decode()
    assert 'id="no-problems"' not in page
    assert "신청자격 확인에 증빙이 필요합니다." in page
    assert "증빙 첨부됨" not in page
    assert response.context["review_eligibility"].verdict == "needs_evidence"
    assert 'data-outcome="unknown"' in page


def test_attached_evidence_gives_one_consistent_verdict(client, application_needing_evidence):
    document = ApplicationDocumentFactory(
        application=application_needing_evidence, doc_type=DocumentType.NATIONAL_TAX_CLEARANCE
    ).document
    response = review(client, application_needing_evidence, "ko")
    page = response.content.decode()
    assert response.context["blocking"] == []
    assert 'id="no-problems"' in page
    # Nothing on the page still says "evidence needed": the verdict and the rule say the evidence is attached.
    assert "증빙 필요" not in page
    assert 'data-verdict="evidence_attached"' in page
    assert "증빙 첨부됨" in page
    assert 'data-outcome="evidence_attached"' in page and 'data-outcome="unknown"' not in page
    assert f"“{document.title}”" in page

    english = review(client, application_needing_evidence, "en").content.decode()
    assert "Evidence needed" not in english
    assert "Evidence attached: the staff check it after submission" in english
    assert "The evidence you attached for eligibility is checked by the staff after submission." in english
