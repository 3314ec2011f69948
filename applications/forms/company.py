"""The company profile form: the profile fields, twelve monthly headcounts and three years of revenue."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programs.forms import MONTH_NAMES, KRWField
from programs.identifiers import BusinessNumberField
from programs.ksic import KsicError, parse_ksic

from ..enums import KsicRevision
from ..models import Company
from ..models.company import COMPANY_PROFILE_FIELDS, KSIC_REVISION_11_FROM, MONTHS
from .errors import error_summary

MONTH_FIELDS = [f"month_{number}" for number in range(1, MONTHS + 1)]
REVENUE_ROWS = 3
# The monthly headcounts are edited as one field per month (MONTH_FIELDS), not as the JSON list.
PROFILE_FIELDS = [name for name in COMPANY_PROFILE_FIELDS if name != "monthly_headcounts"]
DATE_FIELDS = ["founded_on", "located_since", "sme_certificate_valid_from", "sme_certificate_valid_until"]


def _numeric(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", **attrs})


class CompanyProfileForm(forms.ModelForm):
    """Edit a company's profile. ``service_data()`` gives what ``company_update`` takes."""

    total_assets_krw = KRWField(label=_("Total assets (KRW)"), required=False, min_value=0, widget=_numeric())

    class Meta:
        model = Company
        fields = PROFILE_FIELDS
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in DATE_FIELDS} | {
            "head_office_postcode": _numeric(maxlength="5"),
            "factory_postcode": _numeric(maxlength="5"),
            "lab_postcode": _numeric(maxlength="5"),
            "headcount_year": _numeric(maxlength="4"),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "ksic_revision": _("The 11th revision is in force from 2024-07-01."),
            "headcount_year": _("The previous year, whose month-end headcounts you give below."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.fields["ksic_revision"].initial = (
            KsicRevision.REV11 if self.today >= KSIC_REVISION_11_FROM else KsicRevision.REV10
        )
        if not self.instance.pk or not self.instance.headcount_year:
            self.fields["headcount_year"].initial = self.today.year - 1
        headcounts = list(self.instance.monthly_headcounts or []) + [None] * MONTHS
        for number, (name, label) in enumerate(zip(MONTH_FIELDS, MONTH_NAMES, strict=True), start=1):
            self.fields[name] = forms.IntegerField(
                label=label, required=False, min_value=0, max_value=1_000_000, widget=_numeric(min="0")
            )
            self.fields[name].initial = headcounts[number - 1]
        revenues = self.instance.recent_revenues() if self.instance.pk else []
        for row in range(REVENUE_ROWS):
            year_field = forms.IntegerField(
                label=_("Revenue year %(row)d") % {"row": row + 1},
                required=False,
                min_value=2000,
                max_value=self.today.year,
                widget=_numeric(maxlength="4"),
            )
            amount_field = KRWField(
                label=_("Revenue %(row)d (KRW)") % {"row": row + 1}, required=False, min_value=0, widget=_numeric()
            )
            if row < len(revenues):
                year_field.initial, amount_field.initial = revenues[row].year, revenues[row].amount_krw
            elif not revenues:
                year_field.initial = self.today.year - 1 - row
            self.fields[f"revenue_year_{row + 1}"] = year_field
            self.fields[f"revenue_amount_{row + 1}"] = amount_field
        self.group_errors: dict[str, list[str]] = {}

    # --- groups shown by the template ----------------------------------------------------------
    def month_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in MONTH_FIELDS]

    def revenue_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"revenue_year_{row}"], self[f"revenue_amount_{row}"]) for row in range(1, REVENUE_ROWS + 1)]

    def error_summary(self) -> list[dict[str, str]]:
        return error_summary(self)

    # --- cleaning ------------------------------------------------------------------------------
    def clean_ksic_code(self) -> str:
        value = (self.cleaned_data.get("ksic_code") or "").strip()
        if not value:
            return ""
        try:
            return str(parse_ksic(value))
        except KsicError as error:
            raise forms.ValidationError(str(error), code="ksic") from error

    def _clean_headcounts(self) -> list[int | None]:
        values = [self.cleaned_data.get(name) for name in MONTH_FIELDS]
        filled = [index for index, value in enumerate(values) if value is not None]
        if filled:
            gaps = [index for index in range(filled[0], MONTHS) if values[index] is None]
            if gaps:
                message = gettext(
                    "Fill in every month from the first month your company operated to December: %(months)s is empty."
                ) % {"months": ", ".join(str(MONTH_NAMES[index]) for index in gaps)}
                self.group_errors.setdefault("monthly_headcounts", []).append(message)
                self.add_error(MONTH_FIELDS[gaps[0]], message)
            if not self.cleaned_data.get("headcount_year") and "headcount_year" not in self.errors:
                self.add_error("headcount_year", gettext("Enter the year the monthly headcounts are of."))
        return values

    def _clean_revenues(self) -> list[dict[str, int]]:
        rows, seen = [], set()
        for row in range(1, REVENUE_ROWS + 1):
            year_name, amount_name = f"revenue_year_{row}", f"revenue_amount_{row}"
            year, amount = self.cleaned_data.get(year_name), self.cleaned_data.get(amount_name)
            if year_name in self.errors or amount_name in self.errors:
                continue
            if amount is None:
                continue  # a year without an amount is just the suggested year left empty
            if year is None:
                self.add_error(year_name, gettext("Enter the year of this revenue."))
                continue
            if year in seen:
                self.add_error(year_name, gettext("The revenue of %(year)s is already given above.") % {"year": year})
                continue
            seen.add(year)
            rows.append({"year": year, "amount_krw": amount})
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("ksic_code") and not cleaned.get("ksic_revision") and "ksic_revision" not in self.errors:
            self.add_error("ksic_revision", gettext("Choose the KSIC revision of the code."))
        for name in ("founded_on", "located_since", "sme_certificate_valid_from"):
            value = cleaned.get(name)
            if value and value > self.today:
                self.add_error(name, gettext("This date cannot be in the future."))
        founded, located = cleaned.get("founded_on"), cleaned.get("located_since")
        if founded and located and located < founded:
            self.add_error(
                "located_since", gettext("The company cannot be located in Yeongcheon before it was founded.")
            )
        start, end = cleaned.get("sme_certificate_valid_from"), cleaned.get("sme_certificate_valid_until")
        if start and end and end < start:
            self.add_error("sme_certificate_valid_until", gettext("The certificate cannot end before it starts."))
        cleaned["monthly_headcounts"] = self._clean_headcounts()
        cleaned["revenues"] = self._clean_revenues()
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in PROFILE_FIELDS}
        data["monthly_headcounts"] = self.cleaned_data["monthly_headcounts"]
        data["revenues"] = self.cleaned_data["revenues"]
        return data


class CompanyCreateForm(CompanyProfileForm):
    """The first user of a company registers it: the business number comes first and is fixed afterwards."""

    business_number = BusinessNumberField(
        label=_("Business registration number"),
        help_text=_("10 digits, for example 123-45-67891."),
        # Shown by the model's unique check (ModelForm takes the message of the form field).
        error_messages={"unique": _("A company with this business registration number is already registered.")},
    )

    class Meta(CompanyProfileForm.Meta):
        fields = ["business_number", *PROFILE_FIELDS]

    def service_data(self) -> dict[str, Any]:
        return {"business_number": self.cleaned_data["business_number"], **super().service_data()}
