"""Forms of the staff application page: the screening checklist and actions, comments, messages."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CheckResult

RESULT_CHOICES = [(value, label) for value, label in CheckResult.choices if value != CheckResult.OPEN]


class ChecklistForm(forms.Form):
    """One result and note per checklist line: fields ``check-<id>-result`` and ``check-<id>-note``."""

    def __init__(self, data=None, *, checks):
        super().__init__(data)
        self.checks = list(checks)
        for check in self.checks:
            self.fields[f"check-{check.pk}-result"] = forms.ChoiceField(
                label=check.label,
                choices=RESULT_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=check.result if check.result != CheckResult.OPEN else None,
            )
            self.fields[f"check-{check.pk}-note"] = forms.CharField(
                label=_("Note on “%(item)s”") % {"item": check.label},
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
