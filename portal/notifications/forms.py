from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Status
from .events import events_all


class PreferencesForm(forms.Form):
    """Two checkboxes (email, in the portal) per optional event; built from the event list."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"{row.event.key}__email"] = forms.BooleanField(
                label=_("%(event)s by email") % {"event": row.event.label}, required=False, initial=row.email
            )
            self.fields[f"{row.event.key}__in_app"] = forms.BooleanField(
                label=_("%(event)s in the portal") % {"event": row.event.label}, required=False, initial=row.in_app
            )

    def choices(self) -> dict[str, tuple[bool, bool]]:
        return {
            row.event.key: (self.cleaned_data[f"{row.event.key}__email"], self.cleaned_data[f"{row.event.key}__in_app"])
            for row in self.rows
        }

    def bound_rows(self) -> list[tuple]:
        return [(row, self[f"{row.event.key}__email"], self[f"{row.event.key}__in_app"]) for row in self.rows]


def event_choices() -> list[tuple[str, str]]:
    return [("", _("All events")), *((event.key, event.label) for event in events_all())]


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *Status.choices])
    event = forms.ChoiceField(label=_("Event"), required=False, choices=event_choices)
    application = forms.IntegerField(
        label=_("Application number"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("Application number: enter a whole number."),
            "min_value": _("Application number: enter a number of 1 or more."),
        },
    )
