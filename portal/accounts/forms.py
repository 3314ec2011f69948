"""Forms of the account pages: sign-up with consents, the profile, and deleting the account."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import ConsentKind
from .models import User
from .services import consent_give


def language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The portal writes to you by email in this language."),
        widget=forms.Select(attrs={"autocomplete": "language"}),
    )


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the person's name, language and the personal-data consents."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("full_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = language_field()
    consent_personal_data = forms.BooleanField(
        label=_("I agree to the collection and use of my personal information as described above (required)."),
        error_messages={
            "required": _("To create an account you must agree to the collection and use of your personal information.")
        },
    )
    consent_notice_emails = forms.BooleanField(
        label=_("I would like to receive emails about new calls and events (optional)."),
        required=False,
    )

    field_order = [
        "email",
        "full_name",
        "language",
        "password1",
        "password2",
        "consent_personal_data",
        "consent_notice_emails",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if not self.is_bound:
            language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
            if language in dict(settings.LANGUAGES):
                self.initial.setdefault("language", language)

    def clean_full_name(self) -> str:
        full_name = self.cleaned_data["full_name"].strip()
        if not full_name:
            raise forms.ValidationError(_("Enter your full name."), code="required")
        return full_name

    def save(self, request: HttpRequest) -> User:
        # The user, its email address and its consents are written together or not at all.
        with transaction.atomic():
            return super().save(request)

    def custom_signup(self, request: HttpRequest, user: User) -> None:
        super().custom_signup(request, user)
        consent_give(user=user, kind=ConsentKind.PERSONAL_DATA)
        if self.cleaned_data.get("consent_notice_emails"):
            consent_give(user=user, kind=ConsentKind.NOTICE_EMAILS)


class ProfileForm(forms.ModelForm):
    language = language_field()

    class Meta:
        model = User
        fields = ["full_name", "language"]
        labels = {"full_name": _("Full name")}
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def clean_full_name(self) -> str:
        full_name = self.cleaned_data["full_name"].strip()
        if not full_name:
            raise forms.ValidationError(_("Enter your full name."), code="required")
        return full_name


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Enter your password to confirm that you want to delete your account."),
    )
