"""Sign-in throttling by account AND network address.

Wrong passwords are counted per (email, client address) pair in Django's cache (Redis in production, so every
gunicorn worker counts together). After ``LOGIN_FAILURE_LIMIT`` wrong passwords within ``LOGIN_FAILURE_WINDOW``
seconds that pair is refused for ``LOGIN_FAILURE_WINDOW`` seconds; the same account from any other address, and
other accounts from the same address, sign in as usual, so an attacker cannot lock the owner out. allauth's own
limits stay for what they count per address (``ACCOUNT_RATE_LIMITS``: sign-in attempts and failures per address).

The client address is allauth's (``get_client_ip`` of the account adapter), which reads ``X-Forwarded-For`` only as
far as ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies of ours (``TRUSTED_PROXY_COUNT`` in the environment) say: a forged
entry further left is never taken for the client.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

_PREFIX = "portal:login-failures"


def _keys(*, login: str, address: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{login.strip().lower()}|{address}".encode()).hexdigest()
    return f"{_PREFIX}:count:{digest}", f"{_PREFIX}:locked:{digest}"


def login_locked_seconds(*, login: str, address: str) -> int:
    """Seconds for which sign-in of ``login`` from ``address`` is still refused (0: it is not)."""
    _count_key, lock_key = _keys(login=login, address=address)
    until = cache.get(lock_key)
    if until is None:
        return 0
    return max(0, math.ceil(until - time.time()))


def login_failure_record(*, login: str, address: str) -> int:
    """Count a wrong password of ``login`` from ``address``; lock the pair at the limit. Returns the count."""
    window = settings.LOGIN_FAILURE_WINDOW
    count_key, lock_key = _keys(login=login, address=address)
    cache.add(count_key, 0, timeout=window)
    try:
        count = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, timeout=window)
        count = 1
    if count >= settings.LOGIN_FAILURE_LIMIT:
        cache.set(lock_key, time.time() + window, timeout=window)
        cache.delete(count_key)
    return count


def login_failures_clear(*, login: str, address: str) -> None:
    """A right password from this address: its count of wrong ones starts again."""
    cache.delete_many(list(_keys(login=login, address=address)))


def login_locked_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many wrong passwords for this account from your network. Sign-in from here is paused for %(minutes)d "
        "minute; you can still reset your password.",
        "Too many wrong passwords for this account from your network. Sign-in from here is paused for %(minutes)d "
        "minutes; you can still reset your password.",
        minutes,
    ) % {"minutes": minutes}
