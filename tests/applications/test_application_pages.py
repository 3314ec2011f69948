"""The apply flow through its pages: open or resume a draft, save (button and autosave), bad input, review."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from applications.services.drafts import attachment_field, item_field
from programs.enums import DocumentType
from tests.programs.factories import SupportItemFactory

from .apply_setup import open_call, ready_application
from .factories import OwnerFactory, UserFactory, VaultDocumentFactory

pytestmark = pytest.mark.django_db


def editor_post(application, **overrides):
    """The editor's form as a browser sends it, filled from the application as stored."""
    data = {
        "version": application.version,
        "project_title": application.project_title,
        "project_summary": application.project_summary,
        "current_state": application.current_state,
        "objective": application.objective,
        "ms_1_title": "설계",
        "ms_1_starts_on": "2027-03-01",
        "ms_1_ends_on": "2027-05-31",
        "ms_1_deliverable": "설계서",
        "declares_no_tax_arrears": "on",
        "declares_no_duplicate_funding": "on",
        "declares_truthful": "on",
    }
    for row in application.items.select_related("support_item"):
        code = row.support_item.code
        data[item_field(code, "chosen")] = "on"
        data[item_field(code, "city")] = f"{row.city_support_krw:,}"
        data[item_field(code, "cash")] = str(row.company_cash_krw)
        data[item_field(code, "inkind")] = str(row.company_inkind_krw)
    for row in application.attachments.all():
        data[attachment_field(row.doc_type)] = str(row.document_id)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def draft(client):
    application = ready_application()
    client.force_login(application.company.members.get().user)
    return application


def test_opening_the_apply_link_shows_the_call_and_eligibility_and_creates_no_draft(client):
    owner = OwnerFactory()
    call = open_call()
    client.force_login(owner.user)
    url = reverse("applications:apply", args=[call.code])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["result"].verdict == "eligible" and 'id="start-application"' in page.content.decode()
    assert not Application.objects.filter(company=owner.company).exists()


def test_start_application_creates_the_draft_once_and_resumes_it(client):
    owner = OwnerFactory()
    call = open_call()
    client.force_login(owner.user)
    url = reverse("applications:apply", args=[call.code])
    first = client.post(url)
    application = Application.objects.get(company=owner.company, call=call)
    assert first["Location"] == reverse("applications:application_edit", args=[application.pk])
    assert client.get(url)["Location"] == first["Location"]
    assert client.post(url)["Location"] == first["Location"]
    assert Application.objects.filter(company=owner.company).count() == 1
    page = client.get(first["Location"])
    assert page.status_code == 200 and call.title_en in page.content.decode()


def test_an_ineligible_company_sees_why_and_gets_no_start_button(client):
    owner = OwnerFactory()
    call = open_call()
    call.eligibility_rules.update(params={"below": 10})
    client.force_login(owner.user)
    page = client.get(reverse("applications:apply", args=[call.code]))
    assert page.status_code == 200 and page.context["result"].verdict == "ineligible"
    assert 'id="start-application"' not in page.content.decode() and 'id="not-eligible"' in page.content.decode()
    assert not Application.objects.filter(company=owner.company).exists()


def test_apply_without_a_company_sends_to_registration_and_back(client):
    call = open_call()
    client.force_login(UserFactory(email="newcomer@example.com"))
    url = reverse("applications:apply", args=[call.code])
    response = client.get(url)
    assert response["Location"] == f"{reverse('applications:company_create')}?next=%2Fcompany%2Fapply%2F{call.code}%2F"


def test_apply_anonymous_goes_to_login_keeping_the_target(client):
    call = open_call()
    response = client.get(reverse("applications:apply", args=[call.code]))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_apply_to_an_unknown_call_is_404(client, draft):
    assert client.get(reverse("applications:apply", args=["no-such-call"])).status_code == 404


def test_save_button_saves_everything_and_raises_the_version(client, draft):
    url = reverse("applications:application_edit", args=[draft.pk])
    response = client.post(url, editor_post(draft, project_title="새 제목", expected_hires="3"))
    assert response.status_code == 302
    stored = Application.objects.get(pk=draft.pk)
    assert stored.project_title == "새 제목" and stored.expected_hires == 3 and stored.version == draft.version + 1
    assert stored.milestones[0]["title"] == "설계"


def test_autosave_answers_json_and_an_old_version_gets_409(client, draft):
    url = reverse("applications:application_autosave", args=[draft.pk])
    ok = client.post(url, editor_post(draft, objective="더 나은 목표"))
    assert ok.status_code == 200 and ok.json()["ok"] is True and ok.json()["version"] == draft.version + 1
    assert "Saved at" in ok.json()["message"]
    stale = client.post(url, editor_post(draft, objective="옛 탭의 내용"))  # still the old version
    assert stale.status_code == 409 and stale.json()["conflict"] is True
    assert Application.objects.get(pk=draft.pk).objective == "더 나은 목표"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("project_title", "가" * 201, "at most 200 characters"),
        ("objective", "x" * 4001, "at most 4000 characters"),
        ("expected_hires", "-1", "greater than or equal to 0"),
        ("expected_sales_krw", "많이", "Enter a whole number"),
    ],
)
def test_bad_input_is_a_field_error_and_everything_else_is_saved(client, draft, field, value, message):
    before = Application.objects.get(pk=draft.pk)
    url = reverse("applications:application_edit", args=[draft.pk])
    response = client.post(url, editor_post(draft, project_summary="바뀐 요약", **{field: value}))
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form[field].value() == value  # what was typed is kept
    assert form["version"].value() == str(before.version + 1)  # the next save is not a conflict
    after = Application.objects.get(pk=draft.pk)
    assert (after.project_summary, after.version) == ("바뀐 요약", before.version + 1)
    assert getattr(after, field) == getattr(before, field)  # the unreadable field keeps its saved value


def test_negative_and_non_numeric_amounts_are_field_errors_the_rest_is_saved(client, draft):
    code = draft.items.get().support_item.code
    url = reverse("applications:application_autosave", args=[draft.pk])
    data = editor_post(draft, objective="새 목표", **{item_field(code, "cash"): "-5", item_field(code, "city"): "abc"})
    response = client.post(url, data)
    assert response.status_code == 200 and response.json()["ok"] is True
    errors = response.json()["errors"]
    assert item_field(code, "cash") in errors and item_field(code, "city") in errors
    assert draft.items.get().company_cash_krw == 5_000_000  # the item keeps its saved amounts
    assert Application.objects.get(pk=draft.pk).objective == "새 목표"


def test_a_budget_that_breaks_co_funding_is_saved_and_shown_beside_the_field(client, draft):
    row = draft.items.select_related("support_item").get()
    field = item_field(row.support_item.code, "cash")
    url = reverse("applications:application_edit", args=[draft.pk])
    data = editor_post(
        draft,
        project_title="저장됨",
        ms_2_title="시험",
        **{item_field(row.support_item.code, "inkind"): "0", attachment_field(DocumentType.SME_CERTIFICATE): ""},
    )
    data.pop("declares_truthful")
    response = client.post(url, data)
    assert response.status_code == 302
    stored = Application.objects.get(pk=draft.pk)
    assert stored.project_title == "저장됨" and [m["title"] for m in stored.milestones] == ["설계", "시험"]
    assert stored.declares_truthful is False
    assert draft.items.get().company_inkind_krw == 0  # the budget as typed
    assert not draft.attachments.filter(doc_type=DocumentType.SME_CERTIFICATE).exists()
    page = client.get(response["Location"])
    [message] = page.context["form"].problems[field]
    assert row.support_item.name_en in message and "25%" in message and "10,000,000" in message
    html = page.content.decode()
    assert f'id="id_{field}_problem"' in html and f'aria-describedby="id_{field}_problem"' in html
    review = client.get(reverse("applications:application_review", args=[draft.pk]))
    assert message in [problem.message for problem in review.context["blocking"]]
    assert 'id="submit-button" disabled' in review.content.decode()


def test_autosave_saves_a_broken_budget_and_answers_200_with_the_problems(client, draft):
    row = draft.items.select_related("support_item").get()
    url = reverse("applications:application_autosave", args=[draft.pk])
    data = editor_post(draft, objective="자동 저장", **{item_field(row.support_item.code, "city"): "999,000,000"})
    response = client.post(url, data)
    assert response.status_code == 200 and response.json()["ok"] is True
    assert item_field(row.support_item.code, "city") in response.json()["problems"]
    assert draft.items.get().city_support_krw == 999_000_000
    assert Application.objects.get(pk=draft.pk).objective == "자동 저장"


def test_a_milestone_without_title_is_saved_and_blocks_only_the_submission(client, draft):
    url = reverse("applications:application_edit", args=[draft.pk])
    response = client.post(url, editor_post(draft, ms_1_title="", ms_1_ends_on="2027-02-01"))
    assert response.status_code == 302
    assert Application.objects.get(pk=draft.pk).milestones[0]["ends_on"] == "2027-02-01"
    problems = client.get(response["Location"]).context["form"].problems
    assert "ms_1_title" in problems and "ms_1_ends_on" in problems
    review = client.get(reverse("applications:application_review", args=[draft.pk]))
    assert any("Milestone 1" in problem.message for problem in review.context["blocking"])


def test_combining_items_when_the_call_forbids_it_is_saved_and_flagged(client, draft):
    single = SupportItemFactory(call=draft.call, combinable=False)
    data = editor_post(
        draft,
        **{
            item_field(single.code, "chosen"): "on",
            item_field(single.code, "city"): "1000000",
            item_field(single.code, "cash"): "250000",
            item_field(single.code, "inkind"): "250000",
        },
    )
    response = client.post(reverse("applications:application_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    assert draft.items.count() == 2
    page = client.get(response["Location"])
    assert "one support item per company" in " ".join(page.context["form"].choice_problems())


def test_a_tampered_vault_document_of_another_company_is_a_field_error(client, draft):
    theirs = VaultDocumentFactory(company=OwnerFactory().company, doc_type=DocumentType.SME_CERTIFICATE)
    field = attachment_field(DocumentType.SME_CERTIFICATE)
    response = client.post(
        reverse("applications:application_edit", args=[draft.pk]),
        editor_post(draft, project_title="바뀜", **{field: str(theirs.pk)}),
    )
    assert response.status_code == 400
    assert "Choose one of your company's current documents" in response.context["form"].errors[field][0]
    assert draft.attachments.get(doc_type=DocumentType.SME_CERTIFICATE).document_id != theirs.pk
    assert Application.objects.get(pk=draft.pk).project_title == "바뀜"


def test_review_lists_every_problem_and_the_eligibility_rules(client):
    application = ready_application(documents=False)
    client.force_login(application.company.members.get().user)
    response = client.get(reverse("applications:application_review", args=[application.pk]))
    content = response.content.decode()
    assert "Required document missing: Business registration certificate." in content
    assert "Fewer than 30 regular employees" in content or "employees" in content
    assert 'id="submit-button" disabled' in content


def test_review_then_submit_through_the_pages(client, draft):
    response = client.get(reverse("applications:application_review", args=[draft.pk]))
    assert 'id="no-problems"' in response.content.decode()
    submit = client.post(reverse("applications:application_submit", args=[draft.pk]), {"version": draft.version})
    assert submit.status_code == 302
    receipt = client.get(submit["Location"])
    number = Application.objects.get(pk=draft.pk).receipt_number
    assert number in receipt.content.decode()
    # The editor of a submitted application shows its status instead.
    edit = client.get(reverse("applications:application_edit", args=[draft.pk]))
    assert edit["Location"] == reverse("applications:application_detail", args=[draft.pk])


def test_a_refused_submission_shows_the_reasons_on_the_review_page(client):
    application = ready_application(documents=False)
    client.force_login(application.company.members.get().user)
    response = client.post(reverse("applications:application_submit", args=[application.pk]), {"version": "1"})
    assert response.status_code == 400
    assert "Required document missing" in " ".join(response.context["submit_errors"])


@pytest.mark.parametrize("name", ["application_edit", "application_review", "application_detail"])
def test_application_pages_make_the_same_number_of_queries_for_few_and_many_rows(client, name):
    counts = []
    for items in (1, 4):
        application = ready_application(items=items)
        for code in (DocumentType.INSURANCE_REGISTER, DocumentType.FINANCIAL_STATEMENTS)[: items // 2]:
            VaultDocumentFactory(company=application.company, doc_type=code)
        client.force_login(application.company.members.get().user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(f"applications:{name}", args=[application.pk])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
