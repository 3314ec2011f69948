"""The error summary shown at the top of every form of the app."""

from django import forms


def error_summary(form: forms.BaseForm) -> list[dict[str, str]]:
    """Every error with its field's label and the id to jump to, in the order of the form."""
    summary = [{"id": "", "label": "", "message": str(message)} for message in form.non_field_errors()]
    for name, field in form.fields.items():
        for message in form.errors.get(name, []):
            bound = form[name]
            summary.append({"id": bound.auto_id or "", "label": str(field.label or name), "message": str(message)})
    return summary
