"""A company asks to be reminded of a call (when it opens, before it closes), or stops asking."""

from programs.models import Call

from ..models import CallReminderSubscription, Company


def call_reminder_subscribe(*, company: Company, call: Call, acting_user) -> CallReminderSubscription:
    """Subscribe the company; asking twice keeps the one subscription (and who asked first)."""
    subscription, _created = CallReminderSubscription.objects.get_or_create(
        company=company, call=call, defaults={"subscribed_by": acting_user}
    )
    return subscription


def call_reminder_unsubscribe(*, company: Company, call: Call) -> bool:
    """``False`` when the company was not subscribed."""
    deleted, _rows = CallReminderSubscription.objects.filter(company=company, call=call).delete()
    return bool(deleted)
