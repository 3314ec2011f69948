"""The eligibility self-check form. It parses what was typed; ``programs.facts`` decides what it means."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .eligibility import CompanyFacts
from .facts import SITE_FIELDS, FactsInvalid, facts_from_input
from .identifiers import BusinessNumberField

MONTH_NAMES = [
    pgettext_lazy("month", "January"),
    pgettext_lazy("month", "February"),
    pgettext_lazy("month", "March"),
    pgettext_lazy("month", "April"),
    pgettext_lazy("month", "May"),
    pgettext_lazy("month", "June"),
    pgettext_lazy("month", "July"),
    pgettext_lazy("month", "August"),
    pgettext_lazy("month", "September"),
    pgettext_lazy("month", "October"),
    pgettext_lazy("month", "November"),
    pgettext_lazy("month", "December"),
]
MONTH_FIELDS = [f"month_{number}" for number in range(1, 13)]
SME_CHOICES = [
    ("unknown", _("I don't know")),
    ("yes", _("Yes")),
    ("no", _("No")),
]
SME_VALUES = {"yes": True, "no": False, "unknown": None}


class KRWField(forms.IntegerField):
    """An amount in won; accepts "12,000,000,000", "12 000 000 000" and a trailing 원 or KRW."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("원").removesuffix("KRW").removesuffix("krw")
            value = value.replace(",", "").replace(" ", "").replace("\u00a0", "")
        return super().to_python(value)


def _number_input(**attrs) -> forms.NumberInput:
    return forms.NumberInput(attrs={"inputmode": "numeric", **attrs})


class SelfCheckForm(forms.Form):
    """A short form about a company; every field may be left empty ("not known").

    Each site (head office, factory, research lab) has an address or an explicit "none": a site left empty is not
    known, and a rule that counts it then asks for evidence instead of answering "not eligible".
    """

    address = forms.CharField(
        label=_("Head office address"),
        max_length=300,
        required=False,
        help_text=_("As on your business registration, for example 경상북도 영천시 금호읍 ..."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    address_none = forms.BooleanField(label=_("No head office"), required=False)
    factory_address = forms.CharField(
        label=_("Factory address"),
        max_length=300,
        required=False,
        help_text=_("Also when your factory is at the head office."),
    )
    factory_address_none = forms.BooleanField(label=_("No factory"), required=False)
    lab_address = forms.CharField(
        label=_("Research lab address"),
        max_length=300,
        required=False,
        help_text=_(
            "Your company research institute or R&D department (기업부설연구소, 연구개발전담부서), if you have one."
        ),
    )
    lab_address_none = forms.BooleanField(label=_("No research lab"), required=False)
    regular_employees = forms.DecimalField(
        label=_("Regular employees"),
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text=_(
            "The average of last year's month-end headcounts, without the representative, executives, "
            "day workers and part-timers. Or give the monthly headcounts below."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    ksic_code = forms.CharField(
        label=_("Industry code (KSIC)"),
        max_length=8,
        required=False,
        help_text=_("The code on your business registration, for example 29 or C29 (machinery) or 29120."),
    )
    annual_revenue_krw = KRWField(
        label=_("Average yearly revenue of the last 3 years (KRW)"),
        required=False,
        help_text=_("In won, for example 4,500,000,000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sme_certified = forms.ChoiceField(
        label=_("Do you hold a valid SME confirmation certificate?"),
        choices=SME_CHOICES,
        initial="unknown",
        required=False,
        widget=forms.RadioSelect,
    )
    located_since_year = forms.IntegerField(
        label=_("Located in Yeongcheon since (year)"),
        required=False,
        min_value=1900,
        help_text=_("The year your head office, factory or lab moved to or started in Yeongcheon-si."),
        widget=_number_input(),
    )
    located_since_month = forms.TypedChoiceField(
        label=_("Located in Yeongcheon since (month)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("If you leave the month empty, December of that year is assumed."),
    )
    business_number = BusinessNumberField(
        label=_("Business registration number (optional)"),
        required=False,
        help_text=_("10 digits, for example 123-45-67891."),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["located_since_month"].choices = [("", "—")] + [
            (number, name) for number, name in enumerate(MONTH_NAMES, start=1)
        ]
        year_field = self.fields["located_since_year"]
        year_field.validators.append(MaxValueValidator(self.today.year))
        year_field.widget.attrs["max"] = str(self.today.year)
        for number, name in enumerate(MONTH_NAMES, start=1):
            self.fields[f"month_{number}"] = forms.IntegerField(
                label=name, required=False, widget=_number_input(min="0")
            )
        # Errors of a group of fields (the twelve months), shown beside the group and in the summary.
        self.group_errors: dict[str, list[str]] = {}
        self.facts: CompanyFacts | None = None

    def site_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(address, "none") of each site, in the order of the form."""
        return [(self[name], self[f"{name}_none"]) for name in SITE_FIELDS.values()]

    # --- the twelve monthly headcounts ---------------------------------------------------------
    def month_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in MONTH_FIELDS]

    def months_filled(self) -> bool:
        return any(self.data.get(name) for name in MONTH_FIELDS) if self.is_bound else False

    def _monthly_headcounts(self) -> list[int] | None:
        values = [self.cleaned_data.get(name) for name in MONTH_FIELDS]
        filled = [index for index, value in enumerate(values) if value is not None]
        if not filled:
            return None
        first, last = filled[0], filled[-1]
        gaps = [MONTH_NAMES[index] for index in range(first, last + 1) if values[index] is None]
        if gaps:
            self._group_error(
                "monthly_headcounts",
                gettext("Fill in every month from the first month your company operated: %(months)s is empty.")
                % {"months": ", ".join(str(month) for month in gaps)},
            )
            return None
        return [values[index] for index in range(first, last + 1)]

    def _group_error(self, group: str, message: str) -> None:
        self.group_errors.setdefault(group, []).append(message)
        self.add_error(None, message)

    # --- cleaning ------------------------------------------------------------------------------
    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        monthly = self._monthly_headcounts()
        if self.group_errors:
            return cleaned
        year, month = cleaned.get("located_since_year"), cleaned.get("located_since_month")
        if month and not year:
            self.add_error("located_since_year", gettext("Enter the year as well as the month."))
            return cleaned
        located_since = date(year, month or 12, 1) if year else None
        try:
            self.facts = facts_from_input(
                address=cleaned.get("address"),
                factory_address=cleaned.get("factory_address"),
                lab_address=cleaned.get("lab_address"),
                absent_sites=[site for site, name in SITE_FIELDS.items() if cleaned.get(f"{name}_none")],
                regular_employees=cleaned.get("regular_employees"),
                monthly_headcounts=monthly,
                ksic_code=cleaned.get("ksic_code"),
                annual_revenue_krw=cleaned.get("annual_revenue_krw"),
                sme_certified=SME_VALUES.get(cleaned.get("sme_certified") or "unknown"),
                located_since=located_since,
                business_number=cleaned.get("business_number"),
                as_of=self.today,
            )
        except FactsInvalid as invalid:
            for name, messages in invalid.errors.items():
                for message in messages:
                    if name == "monthly_headcounts":
                        self._group_error(name, message)
                    elif name == "located_since":
                        self.add_error("located_since_year", message)
                    else:
                        self.add_error(name, message)
        return cleaned

    def error_summary(self) -> list[dict[str, str]]:
        """Every error with the name of its field and the id to jump to, in the order of the form."""
        entries: list[dict[str, str]] = []
        group_messages = {message for messages in self.group_errors.values() for message in messages}
        for name, field in self.fields.items():
            if name == "month_1" and self.group_errors.get("monthly_headcounts"):
                entries += [
                    {"label": str(_("Monthly headcounts")), "message": message, "anchor": "monthly-headcounts"}
                    for message in self.group_errors["monthly_headcounts"]
                ]
            for message in self.errors.get(name, []):
                label = field.label
                if name in MONTH_FIELDS:
                    label = gettext("Headcount at the end of %(month)s") % {"month": field.label}
                entries.append({"label": str(label), "message": message, "anchor": self[name].id_for_label})
        for message in self.non_field_errors():
            if message not in group_messages:
                entries.append({"label": "", "message": message, "anchor": ""})
        return entries
