"""The forms of the results pages: a company's consent, and staff's case study."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Company

from .figures import FIRST_YEAR

ROWS = {"rows": 5}


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("Publish our own outcome figures on the public results pages"),
        choices=[("yes", _("Yes, we consent")), ("no", _("No, do not publish them"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether your company's outcome figures may be published.")},
    )


class CaseStudyForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Company"),
        queryset=Company.objects.order_by("name"),
        error_messages={
            "required": _("Choose the company of the case study."),
            "invalid_choice": _("Choose one of the listed companies."),
        },
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        error_messages={
            "required": _("Give the year of the case study."),
            "invalid": _("Give the year as a number."),
            "min_value": _("The results pages start in %(limit_value)s."),
        },
    )
    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    summary_ko = forms.CharField(label=_("Summary (Korean)"), max_length=4000, widget=forms.Textarea(attrs=ROWS))
    summary_en = forms.CharField(label=_("Summary (English)"), max_length=4000, widget=forms.Textarea(attrs=ROWS))
    published = forms.BooleanField(label=_("Published on the results pages"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.startswith(("title", "summary")):
                field.error_messages["required"] = _("Fill in “%(field)s”.") % {"field": field.label}

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be later than this year."))
        return year
