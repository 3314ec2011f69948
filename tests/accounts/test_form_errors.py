"""The shared error summary: each error linked to its field, the label said once."""

from django import forms
from django.template import Context, Template


class BudgetForm(forms.Form):
    city_support = forms.IntegerField(label="스케일업 R&D: 시 지원금")
    title = forms.CharField(label="과제명")


def summary(form) -> str:
    return Template("{% load account_forms %}{% form_errors form %}").render(Context({"form": form}))


def test_a_message_that_names_its_field_is_not_prefixed_with_the_label_again():
    form = BudgetForm(data={"city_support": "x", "title": ""})
    form.is_valid()
    form.add_error("city_support", "스케일업 R&D: 시 지원금이 상한을 넘습니다.")
    html = summary(form)
    assert html.count("스케일업 R&amp;D: 시 지원금") == 2  # the field's own error, prefixed once; the named one alone
    assert "스케일업 R&amp;D: 시 지원금: 스케일업" not in html
    assert '<a class="alert-link" href="#id_title">과제명</a>:' in html
    assert "data-error-summary" in html
