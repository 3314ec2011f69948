"""The forms of the funding pages: staff record a payment, void one, review the settlement, record a repayment,
cancel the project; the company enters its spending and receipts. The forms check types; the services check
the rules and their errors are put beside the fields (``applications.forms.errors.add_service_errors``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.agreements.forms import DATE, MAX_KRW, BootstrapMixin

from .services import LineDecision, SpendingInput

EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _amount(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_KRW, **kwargs)


class StyledForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class PaymentForm(StyledForm):
    support_item = forms.TypedChoiceField(label=_("Support item"), coerce=int)
    tranche = forms.IntegerField(label=_("Tranche"), min_value=1, max_value=99, initial=1)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    amount_krw = forms.IntegerField(label=_("Amount (KRW)"), min_value=1, max_value=MAX_KRW)
    evidence = forms.FileField(
        label=_("Evidence (PDF or image)"), widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_item"].choices = [("", "—")] + [
            (line.support_item.pk, line.support_item.name) for line in lines
        ]
        self.fields["support_item"].widget.attrs["class"] = "form-select"


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(StyledForm):
    comment = forms.CharField(
        label=_("What the company should revise"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RepaymentForm(StyledForm):
    paid_on = forms.DateField(label=_("Repaid on"), widget=DATE)
    amount_krw = forms.IntegerField(label=_("Amount repaid (KRW)"), min_value=1, max_value=MAX_KRW)
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )


class ReviewForm(StyledForm):
    """One row per settlement line: the city support accepted, and the reason when less than spent."""

    def __init__(self, *args, lines, **kwargs):
        self.lines = list(lines)  # LineMoney rows with their settlement line
        super().__init__(*args, **kwargs)
        for row in self.lines:
            item = row.support_item
            spent = row.settlement_line.city_spent_krw if row.settlement_line else 0
            accepted = row.settlement_line.accepted_city_krw if row.settlement_line else None
            self.fields[f"accepted_{item.pk}"] = _amount(
                _("%(item)s: city support accepted (KRW)") % {"item": item.name},
                initial=accepted if accepted is not None else min(spent, row.paid),
            )
            self.fields[f"reason_{item.pk}"] = forms.CharField(
                label=_("%(item)s: reason for disallowing") % {"item": item.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
        self.style_fields()

    def rows(self):
        return [
            {
                "line": row,
                "accepted": self[f"accepted_{row.support_item.pk}"],
                "reason": self[f"reason_{row.support_item.pk}"],
            }
            for row in self.lines
        ]

    def decisions(self) -> list[LineDecision]:
        data = self.cleaned_data
        return [
            LineDecision(
                support_item_id=row.support_item.pk,
                accepted=data.get(f"accepted_{row.support_item.pk}"),
                reason=data.get(f"reason_{row.support_item.pk}") or "",
            )
            for row in self.lines
        ]


class SettlementForm(StyledForm):
    """The company's spending per agreed line, with receipts to add."""

    def __init__(self, *args, lines, **kwargs):
        self.lines = list(lines)
        super().__init__(*args, **kwargs)
        for row in self.lines:
            item, line = row.support_item, row.settlement_line
            for part, label, value in (
                ("city", _("city support spent (KRW)"), line.city_spent_krw if line else 0),
                ("cash", _("company cash spent (KRW)"), line.cash_spent_krw if line else 0),
                ("inkind", _("company in-kind spent (KRW)"), line.inkind_spent_krw if line else 0),
            ):
                self.fields[f"{part}_{item.pk}"] = _amount(f"{item.name}: {label}", required=False, initial=value)
            self.fields[f"receipts_{item.pk}"] = MultipleFileField(
                label=_("%(item)s: receipts to add (PDF or image)") % {"item": item.name}, required=False
            )
        self.style_fields()

    def rows(self):
        return [
            {
                "line": row,
                "city": self[f"city_{row.support_item.pk}"],
                "cash": self[f"cash_{row.support_item.pk}"],
                "inkind": self[f"inkind_{row.support_item.pk}"],
                "receipts": self[f"receipts_{row.support_item.pk}"],
            }
            for row in self.lines
        ]

    def spending(self) -> list[SpendingInput]:
        data = self.cleaned_data
        return [
            SpendingInput(
                support_item_id=row.support_item.pk,
                city=data.get(f"city_{row.support_item.pk}") or 0,
                cash=data.get(f"cash_{row.support_item.pk}") or 0,
                inkind=data.get(f"inkind_{row.support_item.pk}") or 0,
            )
            for row in self.lines
        ]

    def receipts(self) -> dict[int, list]:
        return {
            row.support_item.pk: self.cleaned_data.get(f"receipts_{row.support_item.pk}") or [] for row in self.lines
        }
