"""The state of a company's reminder for a call, for the box on the call's page."""

from django import template

from ..models import CallReminderSubscription
from ..permissions import membership_of

register = template.Library()


@register.simple_tag
def call_reminder_state(user, call) -> str:
    """``"subscribed"`` / ``"unsubscribed"`` for a company member on a call's page, ``""`` for anyone else."""
    membership = membership_of(user)
    if membership is None or call is None:
        return ""
    exists = CallReminderSubscription.objects.filter(company_id=membership.company_id, call=call).exists()
    return "subscribed" if exists else "unsubscribed"
