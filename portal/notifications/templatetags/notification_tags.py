"""Template tags of the notifications app."""

from django import template

from applications.permissions import membership_of

from ..models import CallReminderSubscription

register = template.Library()


@register.simple_tag
def call_reminder_state(user, call) -> str:
    """``"subscribed"`` / ``"unsubscribed"`` for a company member on a call's page, ``""`` for anyone else."""
    membership = membership_of(user)
    if membership is None or call is None:
        return ""
    exists = CallReminderSubscription.objects.filter(company_id=membership.company_id, call=call).exists()
    return "subscribed" if exists else "unsubscribed"
