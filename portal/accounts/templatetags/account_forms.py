"""Accessible Bootstrap 5 form fields: label, input, help text and errors tied together by ids."""

from django import template
from django.forms import BoundField, CheckboxInput, RadioSelect, Select, SelectMultiple

from portal.accounts.enums import RECORD_RETENTION_YEARS

register = template.Library()


def _kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, CheckboxInput):
        return "checkbox"
    if isinstance(widget, (Select, SelectMultiple)) and not isinstance(widget, RadioSelect):
        return "select"
    return "input"


@register.inclusion_tag("accounts/includes/field.html")
def form_field(field: BoundField, label: str = "", show_help: bool = True) -> dict:
    """Render one field: its errors next to it, described by them and by its help text (unless ``show_help`` is
    false: the page says it already, as the login page's own "Forgot your password?" link)."""
    kind = _kind(field)
    help_id = f"{field.auto_id}_help"
    errors_id = f"{field.auto_id}_errors"
    described_by = []
    if field.errors:
        described_by.append(errors_id)
    help_text = field.help_text if show_help else ""
    if help_text:
        described_by.append(help_id)
    css = {"checkbox": "form-check-input", "select": "form-select", "input": "form-control"}[kind]
    attrs = {"class": f"{css} is-invalid" if field.errors else css}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return {
        "field": field,
        "label": label or field.label,
        "widget": field.as_widget(attrs=attrs),
        "kind": kind,
        "help_id": help_id,
        "help_text": help_text,
        "errors_id": errors_id,
    }


@register.inclusion_tag("accounts/includes/form_errors.html")
def form_errors(form) -> dict:
    """A summary of every error of the form, each linked to its field, for the top of the form."""
    field_errors = [
        {
            "id": form[name].id_for_label,
            # A message that names its field already ("Scale-up R&D: city support …") is not prefixed again.
            "label": "" if str(message).startswith(str(form[name].label)) else form[name].label,
            "message": message,
        }
        for name, errors in form.errors.items()
        if name in form.fields and not form[name].is_hidden
        for message in errors
    ]
    return {"form": form, "non_field_errors": form.non_field_errors(), "field_errors": field_errors}


@register.simple_tag
def record_retention_years() -> int:
    """Years that public subsidy records are kept, as the consent text states them."""
    return RECORD_RETENTION_YEARS
