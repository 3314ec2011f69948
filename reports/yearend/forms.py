from django import forms
from django.utils.translation import gettext_lazy as _

from .services import report_years


class YearEndRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        years = report_years()
        self.fields["year"].choices = [(year, str(year)) for year in years]
        if years and not self.is_bound:
            self.fields["year"].initial = years[0]
