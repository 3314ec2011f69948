import json

import pytest
from django.urls import reverse

from portal.accounts.models import User
from programs.enums import RuleType
from programs.models import Call
from tests.accounts.two_factor import login_verified

from .factories import CallFactory, EligibilityRuleFactory, ProgramFactory, SupportItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(email="admin@example.org", password="x", full_name="Admin", language="en")
    login_verified(client, user)  # the admin needs the second factor
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_copy_action_reports_each_call(admin_client):
    fresh = CallFactory(year=2040, program=ProgramFactory(code="itd"))
    taken = CallFactory(year=2041)
    CallFactory(program=taken.program, year=2042)
    response = admin_client.post(
        reverse("admin:programs_call_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [fresh.pk, taken.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any(f"{fresh.code} copied to 2041-" in m for m in messages), messages
    assert any(m.startswith(f"{taken.code}: The 2042 call") for m in messages), messages


def test_call_change_page_and_rule_validation(admin_client):
    call = CallFactory()
    SupportItemFactory(call=call)
    rule = EligibilityRuleFactory(call=call, rule_type=RuleType.EMPLOYEES_MIN, params={"min": 30})
    url = reverse("admin:programs_call_change", args=[call.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "employees_max" in page.content.decode()  # the parameter help is shown

    data = _form_data(page.context["adminform"].form)
    for formset in page.context["inline_admin_formsets"]:
        data |= _form_data(formset.formset.management_form)
        for inline in formset.formset.forms:
            data |= _form_data(inline)
            if inline.instance.pk == rule.pk:
                data[f"{inline.prefix}-params"] = json.dumps({"minimum": 30})
    response = admin_client.post(url, data)
    assert response.status_code == 200  # redisplayed with the error
    assert "Parameter “minimum”: unknown parameter" in response.content.decode()
    rule.refresh_from_db()
    assert rule.params == {"min": 30}

    data = {k: (json.dumps({"min": 31}) if v == json.dumps({"minimum": 30}) else v) for k, v in data.items()}
    saved = admin_client.post(url, data)
    errors = saved.context and [saved.context["adminform"].form.errors] + [
        formset.formset.errors for formset in saved.context["inline_admin_formsets"]
    ]
    assert saved.status_code == 302, errors  # staff change a threshold without code
    rule.refresh_from_db()
    assert rule.params == {"min": 31}
    assert Call.objects.count() == 1


def _form_data(form) -> dict:
    """What the browser would send back for an unbound form as displayed."""
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if hasattr(field, "fields"):  # split date and time
            for index, part in enumerate(field.widget.decompress(value) if value else [None, None]):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else value
    return data


def test_staff_set_the_agreement_deadline_in_the_admin(admin_client):
    call = CallFactory()
    url = reverse("admin:programs_call_change", args=[call.pk])
    page = admin_client.get(url)
    assert "agreement deadline" in page.content.decode().lower()
    data = _form_data(page.context["adminform"].form) | {"agreement_due_on": "2031-03-26"}
    for formset in page.context["inline_admin_formsets"]:
        data |= _form_data(formset.formset.management_form)
        for inline in formset.formset.forms:
            data |= _form_data(inline)
    assert admin_client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.agreement_due_on.isoformat() == "2031-03-26"
