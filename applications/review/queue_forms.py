"""The queue's filter form: everything in the GET query string, so that a filtered list can be shared as a link."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.workflow import ApplicationStatus
from programs.enums import Verdict

from .models import EmployeeBand
from .queue_display import SelectOption, options_html

PAGE_SIZE = 50
DOC_MISSING = "missing"
DOC_EXPIRED = "expired"
DOC_ANY = "any"

SORTS = {
    "receipt": ("receipt_number", "pk"),
    "-receipt": ("-receipt_number", "-pk"),
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "company": ("queue_facts__company_name", "pk"),
    "-company": ("-queue_facts__company_name", "-pk"),
    "requested": ("queue_facts__requested_city_krw", "pk"),
    "-requested": ("-queue_facts__requested_city_krw", "-pk"),
    "status": ("status", "receipt_number"),
    "-status": ("-status", "receipt_number"),
}
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


class QueueFilterForm(forms.Form):
    """Built with the call's items and experts (``(pk, name)`` pairs, or None to leave the expert filter out);
    invalid values are reported next to their field and ignored."""

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
            self.fields["expert"].choices = everyone + [(str(pk), label) for pk, label in experts]

    def filters(self) -> dict:
        """The valid values (a field with an error counts as not given)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields if name not in self.errors and cleaned.get(name)}

    def select_fields(self, *, call_code: str) -> list[tuple[forms.BoundField, str]]:
        """The select filters with their ``<option>`` markup, each label translated once and the selected one marked.

        The current value is read once per field (not once per option); an empty call select shows ``call_code``.
        """
        selects = []
        for field in self:
            if field.name in {"q", "page"}:
                continue
            raw = field.value()
            current = str(raw)  # as the template filter stringformat:"s" did
            options = [
                SelectOption(
                    value=str(value),
                    label=str(label),
                    selected=current == str(value) or (field.name == "call" and value == call_code and not raw),
                )
                for value, label in field.field.choices
            ]
            selects.append((field, options_html(options)))
        return selects

    def query_without(self, *names: str) -> str:
        """The current query string without ``names`` (for sort links and pagination)."""
        query = self.data.copy()
        for name in names:
            query.pop(name, None)
        return query.urlencode()
