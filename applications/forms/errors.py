"""The error summary shown at the top of every form of the app, and service errors put on a form."""

from django import forms
from django.core.exceptions import ValidationError


def error_summary(form: forms.BaseForm) -> list[dict[str, str]]:
    """Every error with its field's label and the id to jump to, in the order of the form."""
    summary = [{"id": "", "label": "", "message": str(message)} for message in form.non_field_errors()]
    for name, field in form.fields.items():
        for message in form.errors.get(name, []):
            bound = form[name]
            summary.append({"id": bound.auto_id or "", "label": str(field.label or name), "message": str(message)})
    return summary


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` next to the fields it names (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
