"""Forms of the staff pages: the queue's filters, the screening checklist and actions, comments and messages,
and the two-factor codes."""

import re
from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.workflow import ApplicationStatus
from programs.enums import Verdict

from .models import CheckResult, EmployeeBand
from .otp import normalise_token
from .selectors import DOC_ANY, DOC_EXPIRED, DOC_MISSING

SORT_CHOICES = [
    ("receipt", _("Receipt number ↑")),
    ("-receipt", _("Receipt number ↓")),
    ("submitted", _("Submitted, oldest first")),
    ("-submitted", _("Submitted, newest first")),
    ("company", _("Company name, A to Z")),
    ("-company", _("Company name, Z to A")),
    ("requested", _("Requested support, smallest first")),
    ("-requested", _("Requested support, largest first")),
    ("status", _("Status")),
    ("-status", _("Status, reversed")),
]
QUEUE_STATUSES = [(value, label) for value, label in ApplicationStatus.choices if value != ApplicationStatus.DRAFT]


# --- The queue ------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """Built with the user's calls, the call's support items and its experts (users, or None to leave the expert
    filter out); invalid values are reported next to their field and ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Company name, business number (with or without dashes) or receipt number."),
    )
    call = forms.ChoiceField(label=_("Call"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", pgettext_lazy("filter", "All")), *QUEUE_STATUSES]
    )
    item = forms.ChoiceField(label=_("Support item"), required=False)
    verdict = forms.ChoiceField(
        label=_("Eligibility verdict"), required=False, choices=[("", pgettext_lazy("filter", "All")), *Verdict.choices]
    )
    expert = forms.ChoiceField(label=_("Assigned expert"), required=False)
    band = forms.ChoiceField(
        label=_("Regular employees"),
        required=False,
        choices=[("", pgettext_lazy("filter", "All")), *EmployeeBand.choices],
    )
    docs = forms.ChoiceField(
        label=_("Document problems"),
        required=False,
        choices=[
            ("", pgettext_lazy("filter", "All")),
            (DOC_ANY, _("Any problem")),
            (DOC_MISSING, _("Required document missing")),
            (DOC_EXPIRED, _("Expired document")),
        ],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data, *, calls, items, experts):
        super().__init__(data)
        everyone = [("", pgettext_lazy("filter", "All"))]
        self.fields["call"].choices = [(call.code, str(call)) for call in calls]
        self.fields["item"].choices = everyone + [(item.code, item.name) for item in items]
        if experts is None:
            del self.fields["expert"]
        else:
            self.fields["expert"].choices = everyone + [(str(user.pk), str(user)) for user in experts]

    def filters(self) -> dict:
        """The valid values (a field with an error counts as not given)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields if name not in self.errors and cleaned.get(name)}

    def query_without(self, *names: str) -> str:
        """The current query string without ``names`` (for sort links and pagination)."""
        query = self.data.copy()
        for name in names:
            query.pop(name, None)
        return query.urlencode()


# --- Screening, comments and messages ---------------------------------------------

RESULT_CHOICES = [(value, label) for value, label in CheckResult.choices if value != CheckResult.OPEN]


class ChecklistForm(forms.Form):
    """One result and note per checklist line: fields ``check-<id>-result`` and ``check-<id>-note``."""

    def __init__(self, data=None, *, checks):
        super().__init__(data)
        self.checks = list(checks)
        for check in self.checks:
            self.fields[f"check-{check.pk}-result"] = forms.ChoiceField(
                label=check.display_label,
                choices=RESULT_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=check.result if check.result != CheckResult.OPEN else None,
            )
            self.fields[f"check-{check.pk}-note"] = forms.CharField(
                label=_("Note on “%(item)s”") % {"item": check.display_label},
                required=False,
                max_length=500,
                initial=check.note,
            )

    def rows(self):
        return [
            {"check": check, "result": self[f"check-{check.pk}-result"], "note": self[f"check-{check.pk}-note"]}
            for check in self.checks
        ]

    def results(self) -> dict[int, tuple[str, str]]:
        """The lines given a result (lines left blank stay as they are)."""
        return {
            check.pk: (self.cleaned_data[f"check-{check.pk}-result"], self.cleaned_data[f"check-{check.pk}-note"])
            for check in self.checks
            if self.cleaned_data.get(f"check-{check.pk}-result")
        }


def default_deadline() -> datetime:
    """A week from today at 18:00, Korea time."""
    day = timezone.localdate() + timedelta(days=7)
    return timezone.make_aware(datetime.combine(day, time(18, 0)))


class RevisionRequestForm(forms.Form):
    missing = forms.CharField(
        label=_("What is missing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("One line per item; the company sees each line."),
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Korea time. The company answers by then."),
    )
    reason = forms.CharField(
        label=_("Message to the company"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_missing(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["missing"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Name at least one missing item."))
        return lines

    def clean_deadline(self) -> datetime:
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting at screening"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company reads this reason."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Internal comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by staff only, never by the company."),
    )


class CompanyMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


# --- Two factors ----------------------------------------------------------------


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
