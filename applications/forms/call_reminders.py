"""The button on a call's page: ask to be reminded of the call, or stop."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CallReminderForm(forms.Form):
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"

    action = forms.ChoiceField(
        label=_("Reminder"),
        choices=[(SUBSCRIBE, _("Remind us about this call")), (UNSUBSCRIBE, _("Stop reminding us"))],
        error_messages={
            "required": _("Reminder: choose whether to be reminded or not."),
            "invalid_choice": _("Reminder: choose whether to be reminded or not."),
        },
    )
