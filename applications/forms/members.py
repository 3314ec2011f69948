"""Inviting a colleague and changing a member's role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import MemberRole
from .errors import error_summary


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the colleague"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("They receive a link valid for 7 days and join after signing in with this address."),
    )

    def error_summary(self) -> list[dict[str, str]]:
        return error_summary(self)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
