"""The company's report form (figures and remarks), an R&D task, an evidence upload, and staff's verify /
return / reopen. The forms check only the types (whole numbers from 0, within what the columns hold); the rules
are checked by the services at submission."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.agreements.forms import BootstrapMixin
from applications.uploads import ACCEPT_ATTRIBUTE

from . import checks
from .models import FIGURES, OutcomeReport
from .services import Figures


def _number(figure: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=checks.FIGURE_LABELS[figure],
        required=False,
        min_value=0,
        max_value=checks.COLUMN_MAX[figure],
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )


class OutcomeReportForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Remarks"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    flags_checked = forms.BooleanField(
        label=_("I checked the figures marked for a second look; they are right."), required=False
    )

    def __init__(self, *args, report: OutcomeReport, **kwargs):
        initial = {figure: getattr(report, figure) for figure in FIGURES} | {"note": report.note}
        super().__init__(*args, initial=initial, **kwargs)
        for figure in FIGURES:
            self.fields[figure] = _number(figure)
        self.order_fields([*FIGURES, "note", "flags_checked"])
        self.style_fields()

    def figure_fields(self):
        return [self[figure] for figure in FIGURES]

    def figures(self) -> Figures:
        data = self.cleaned_data
        return Figures(values={figure: data.get(figure) for figure in FIGURES}, note=data.get("note") or "")


class RdTaskForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Task name"), max_length=300)
    agency = forms.CharField(label=_("Agency"), max_length=200)
    amount_krw = forms.IntegerField(label=_("Amount (KRW)"), min_value=0, max_value=checks.MAX_KRW)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="task", **kwargs)
        self.style_fields()


class EvidenceForm(BootstrapMixin, forms.Form):
    figure = forms.ChoiceField(label=_("Figure it proves"))
    file = forms.FileField(label=_("Document"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="evidence", **kwargs)
        self.fields["figure"].choices = [("", "—")] + [
            (figure, checks.FIGURE_LABELS[figure]) for figure in checks.EVIDENCE_FIGURES
        ]
        self.style_fields()


class StaffDecisionForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment or questions to the company"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class ReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="reopen", **kwargs)
        self.style_fields()
