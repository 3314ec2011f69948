"""The staff form of a draft version (period, conditions, one row per support item of the call, milestones) and
the company's confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.uploads import ACCEPT_ATTRIBUTE

from .models import AgreementVersion
from .services import MAX_MILESTONES, LineInput, MilestoneInput

MAX_KRW = 10**12


class BootstrapMixin:
    """Bootstrap's classes on every widget, and ``is-invalid`` on a field given an error (by the form or a
    service)."""

    def style_fields(self) -> None:
        for field in self.fields.values():
            kind = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            field.widget.attrs.setdefault("class", kind)

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        for name in [field] if field else list(getattr(error, "error_dict", {})):
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementVersionForm(BootstrapMixin, forms.Form):
    starts_on = forms.DateField(label=_("Project start"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Project end"), required=False, widget=DATE)
    special_conditions = forms.CharField(
        label=_("Special conditions"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    change_reason = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, version: AgreementVersion, support_items, **kwargs):
        milestones = list(version.milestones.all())
        lines = {line.support_item_id: line for line in version.lines.all()}
        initial = {
            "starts_on": version.starts_on,
            "ends_on": version.ends_on,
            "special_conditions": version.special_conditions,
            "change_reason": version.change_reason,
        }
        self.items = list(support_items)
        for item in self.items:
            line = lines.get(item.pk)
            initial[f"city_{item.pk}"] = line.city_support_krw if line else 0
            initial[f"cash_{item.pk}"] = line.company_cash_krw if line else 0
            initial[f"inkind_{item.pk}"] = line.company_inkind_krw if line else 0
        for n, milestone in enumerate(milestones):
            initial[f"ms{n}_title"] = milestone.title
            initial[f"ms{n}_due"] = milestone.due_on
            initial[f"ms{n}_deliverable"] = milestone.deliverable
        super().__init__(*args, initial=initial, **kwargs)
        if version.number == 1:
            del self.fields["change_reason"]
        for item in self.items:
            for part, label in (
                ("city", _("city support (KRW)")),
                ("cash", _("company cash (KRW)")),
                ("inkind", _("company in-kind (KRW)")),
            ):
                self.fields[f"{part}_{item.pk}"] = forms.IntegerField(
                    label=f"{item.name}: {label}", required=False, min_value=0, max_value=MAX_KRW
                )
        self.milestone_count = min(max(len(milestones) + 2, 3), MAX_MILESTONES)
        for n in range(self.milestone_count):
            self.fields[f"ms{n}_title"] = forms.CharField(
                label=_("Milestone %(n)d: title") % {"n": n + 1}, required=False, max_length=200
            )
            self.fields[f"ms{n}_due"] = forms.DateField(
                label=_("Milestone %(n)d: due date") % {"n": n + 1}, required=False, widget=DATE
            )
            self.fields[f"ms{n}_deliverable"] = forms.CharField(
                label=_("Milestone %(n)d: deliverable") % {"n": n + 1}, required=False, max_length=300
            )
        self.style_fields()

    def clean(self):
        data = super().clean()
        for n in range(self.milestone_count):
            title = (data.get(f"ms{n}_title") or "").strip()
            if not title and (data.get(f"ms{n}_due") or (data.get(f"ms{n}_deliverable") or "").strip()):
                self.add_error(f"ms{n}_title", _("Give the milestone a title."))
        return data

    def line_rows(self):
        return [
            {
                "item": item,
                "city": self[f"city_{item.pk}"],
                "cash": self[f"cash_{item.pk}"],
                "inkind": self[f"inkind_{item.pk}"],
            }
            for item in self.items
        ]

    def milestone_rows(self):
        return [
            {
                "n": n + 1,
                "title": self[f"ms{n}_title"],
                "due": self[f"ms{n}_due"],
                "deliverable": self[f"ms{n}_deliverable"],
            }
            for n in range(self.milestone_count)
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_on": data.get("starts_on"),
            "ends_on": data.get("ends_on"),
            "special_conditions": data.get("special_conditions") or "",
            "change_reason": data.get("change_reason") or "",
            "lines": [
                LineInput(
                    support_item_id=item.pk,
                    city=data.get(f"city_{item.pk}") or 0,
                    cash=data.get(f"cash_{item.pk}") or 0,
                    inkind=data.get(f"inkind_{item.pk}") or 0,
                )
                for item in self.items
            ],
            "milestones": [
                MilestoneInput(
                    title=data.get(f"ms{n}_title") or "",
                    due_on=data.get(f"ms{n}_due"),
                    deliverable=data.get(f"ms{n}_deliverable") or "",
                )
                for n in range(self.milestone_count)
            ],
        }


class AgreementChangeForm(BootstrapMixin, forms.Form):
    change_reason = forms.CharField(
        label=_("Reason for the change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class AgreementConfirmForm(BootstrapMixin, forms.Form):
    confirm = forms.BooleanField(required=True)
    signed_pdf = forms.FileField(
        label=_("Signed agreement (PDF, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, company_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _("I confirm this agreement on behalf of %(company)s.") % {
            "company": company_name
        }
        self.fields["confirm"].error_messages["required"] = _("Tick the box to confirm the agreement.")
        self.style_fields()
