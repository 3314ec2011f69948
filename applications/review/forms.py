"""Forms of the staff pages (the two-factor forms are here; screening forms in ``screening_forms.py``)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .otp import normalise_token


class OTPCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def clean_code(self) -> str:
        code = normalise_token(self.cleaned_data["code"])
        if not (re.fullmatch(r"\d{6}", code) or re.fullmatch(r"[0-9A-Z]{10}", code)):
            raise forms.ValidationError(_("Enter the 6-digit code from your app or a backup code (XXXXX-XXXXX)."))
        return code


class TOTPConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=8,
        help_text=_("The code your authenticator app shows now for this portal."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self) -> str:
        code = normalise_token(self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows."))
        return code
