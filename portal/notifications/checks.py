"""A system check: the longest retry countdown must stay well below Redis' visibility timeout.

Redis hands an unacknowledged task to another worker once ``visibility_timeout`` has passed; a task waiting
for its retry countdown (an ETA task held by the worker) would then run twice as a message (the claim keeps
it from sending twice, but the backoff would be lost). Half the timeout is the margin required.
"""

from django.conf import settings
from django.core.checks import Error, register


@register()
def retry_below_visibility_timeout(app_configs=None, **kwargs) -> list[Error]:
    timeout = (getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}).get("visibility_timeout")
    if timeout is None or timeout / 2 >= settings.NOTIFICATIONS_RETRY_MAX_SECONDS:
        return []
    return [
        Error(
            f"NOTIFICATIONS_RETRY_MAX_SECONDS ({settings.NOTIFICATIONS_RETRY_MAX_SECONDS:g}) must be at most half "
            f"of the broker's visibility_timeout ({timeout}).",
            id="notifications.E001",
        )
    ]
