"""Two-factor authentication of staff with django-otp: a TOTP device (an authenticator app) and static backup
codes. Writes are here; the pages are in ``views/otp.py``."""

import base64
import math
import secrets
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "backup"
TOTP_DEVICE_NAME = "authenticator"
# Backup codes: 10 characters of an alphabet without look-alikes (0/O, 1/I/L), shown as XXXXX-XXXXX.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def has_confirmed_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


@transaction.atomic
def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed TOTP device being set up for ``user`` (created on first call, the same one afterwards)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> bytes:
    """The otpauth:// URI as an SVG QR code (no JavaScript, no raster library)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the pending device if ``token`` is its current code; other devices of the user are removed."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(normalise_token(token)):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def normalise_token(token: str) -> str:
    return "".join((token or "").split()).replace("-", "").upper()


def _new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def backup_codes_regenerate(*, user) -> list[str]:
    """Replace the user's backup codes with 10 new ones; each works once. Returned for showing once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_code() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [format_code(code) for code in codes]


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_totp_code(token: str) -> bool:
    """Six digits: an authenticator's code (a backup code has 10 characters, never all digits of 6)."""
    return token.isdigit() and len(token) == 6


def seconds_to_wait(device) -> int:
    """How long django-otp's throttling still refuses to check a code of ``device`` (0: it checks now).

    After each wrong code the device checks no code for 1, 2, 4… seconds (``OTP_TOTP_THROTTLE_FACTOR``); a code
    typed meanwhile is not checked at all (``verify_is_allowed``), so it must be told apart from a wrong code.
    """
    if device is None:
        return 0
    allowed, info = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def second_factor_wait(*, user, token: str) -> int:
    """Seconds before the device that would check ``token`` (TOTP for 6 digits, else the backup codes) checks it."""
    token = normalise_token(token)
    if is_totp_code(token):
        return seconds_to_wait(confirmed_totp(user))
    return max(
        (seconds_to_wait(device) for device in StaticDevice.objects.filter(user=user, confirmed=True)), default=0
    )


def verify_second_factor(*, user, token: str):
    """The confirmed device (TOTP for six digits, else a backup code, which is used up) that accepts ``token``,
    or None. A six-digit code is never tried as a backup code, so a mistyped one does not throttle those."""
    token = normalise_token(token)
    if not token:
        return None
    if is_totp_code(token):
        totp = confirmed_totp(user)
        return totp if totp is not None and totp.verify_token(token) else None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None
