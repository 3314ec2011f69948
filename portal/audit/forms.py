from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import AuditAction


class AuditFilterForm(forms.Form):
    email = forms.CharField(label=_("Email contains"), required=False, max_length=254)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *AuditAction.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return cleaned
