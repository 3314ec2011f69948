"""django-otp's middleware, answering from what the user was loaded with (``backends.signed_in_user``).

``OTPMiddleware`` loads the session's device with a query on every request to learn whether the user passed the
second factor: the device must exist, belong to the user and be confirmed. The user row already carries the
persistent ids of the user's confirmed devices, so the same check costs nothing more; the device row is read only
when a page uses ``user.otp_device``. A user loaded some other way falls back to django-otp's own lookup.
"""

import functools

from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device


class PortalOTPMiddleware(OTPMiddleware):
    def _verify_user_sync(self, request, user):
        confirmed = getattr(user, "_confirmed_device_ids", None)
        if confirmed is None or not user.is_authenticated:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if persistent_id:
            persistent_id = self._normalize_persistent_id(persistent_id)
            if persistent_id in confirmed:
                user.otp_device = SimpleLazyObject(functools.partial(Device.from_persistent_id, persistent_id))
            else:  # gone, unconfirmed or another user's: as django-otp does, forget it
                del request.session[DEVICE_ID_SESSION_KEY]
        return user
