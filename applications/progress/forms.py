"""The company's report form (text, one row per agreed milestone, extra files), staff's review form and the
completion form. The forms check only types and sizes; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.agreements.forms import DATE, BootstrapMixin
from applications.uploads import ACCEPT_ATTRIBUTE

from .models import ProgressReport
from .services import AnswerInput

TEXTAREA = {"rows": 5}
DONE_CHOICES = [("yes", _("Done")), ("no", _("Not done"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (as Django's documentation shows)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(BootstrapMixin, forms.Form):
    work_done = forms.CharField(
        label=_("What was done"), required=False, max_length=8000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    results = forms.CharField(
        label=pgettext_lazy("progress report", "Results"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    problems_plans = forms.CharField(
        label=_("Problems and plans"), required=False, max_length=8000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    files = MultipleFileField(label=_("Add files (PDF, HWP, images)"), required=False)

    def __init__(self, *args, milestones, report: ProgressReport | None, **kwargs):
        answers = {a.milestone_id: a for a in report.answers.all()} if report else {}
        initial = {
            "work_done": report.work_done if report else "",
            "results": report.results if report else "",
            "problems_plans": report.problems_plans if report else "",
        }
        self.milestones = list(milestones)
        for milestone in self.milestones:
            answer = answers.get(milestone.pk)
            if answer is not None:
                initial[f"ms{milestone.pk}_done"] = {True: "yes", False: "no"}.get(answer.done, "")
                initial[f"ms{milestone.pk}_note"] = answer.note
        super().__init__(*args, initial=initial, **kwargs)
        self.answers = answers
        self.extra_files = list(getattr(report, "extra_files", [])) if report else []
        for milestone in self.milestones:
            self.fields[f"ms{milestone.pk}_done"] = forms.ChoiceField(
                label=_("“%(title)s”: done?") % {"title": milestone.title},
                choices=DONE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"ms{milestone.pk}_note"] = forms.CharField(
                label=_("“%(title)s”: note") % {"title": milestone.title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"ms{milestone.pk}_evidence"] = forms.FileField(
                label=_("“%(title)s”: evidence file") % {"title": milestone.title},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
            )
        if self.extra_files:
            self.fields["remove_files"] = forms.TypedMultipleChoiceField(
                label=_("Remove these files"),
                choices=[(f.pk, f.original_filename) for f in self.extra_files],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.style_fields()
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"

    def milestone_rows(self) -> list[dict]:
        return [
            {
                "milestone": m,
                "done": self[f"ms{m.pk}_done"],
                "note": self[f"ms{m.pk}_note"],
                "evidence": self[f"ms{m.pk}_evidence"],
                "current": self.answers[m.pk].evidence() if m.pk in self.answers else None,
            }
            for m in self.milestones
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "work_done": data.get("work_done") or "",
            "results": data.get("results") or "",
            "problems_plans": data.get("problems_plans") or "",
            "answers": [
                AnswerInput(
                    milestone_id=m.pk,
                    done={"yes": True, "no": False}.get(data.get(f"ms{m.pk}_done") or ""),
                    note=data.get(f"ms{m.pk}_note") or "",
                    evidence=data.get(f"ms{m.pk}_evidence") or None,
                )
                for m in self.milestones
            ],
            "files": data.get("files") or [],
            "remove_file_ids": data.get("remove_files") or [],
        }


class ReviewForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment to the company"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return the report; optional when accepting it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class CompleteForm(BootstrapMixin, forms.Form):
    completed_on = forms.DateField(label=_("Completion date"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()
