"""Demo data of the staff review: a TOTP device with a known secret and 10 backup codes for the demo staff user and
manager, and the demo applications of the open calls moved through screening as ``story`` tells. Idempotent.

Builds on ``applications.demo`` (the applications it moves); ``applications.evaluation.demo`` builds on this one."""

import base64

from django.db import transaction

from portal.accounts.models import User

from ..otp import BACKUP_DEVICE_NAME, TOTP_DEVICE_NAME, format_code
from .story import seed_review_story

# Known secrets, for the demo only (an authenticator app takes them typed in, or the otpauth:// link).
DEMO_TOTP_SECRETS = {
    "staff@demo.yc.kr": "JBSWY3DPEHPK3PXPYEONGCHEONSTAFF2",
    "manager@demo.yc.kr": "JBSWY3DPEHPK3PXPYEONGCHEONMANAG2",
    "city@demo.yc.kr": "JBSWY3DPEHPK3PXPYEONGCHEONCITY22",
}
DEMO_BACKUP_CODES = {
    "staff@demo.yc.kr": [f"STAF{n:02d}DEMO" for n in range(10)],
    "manager@demo.yc.kr": [f"MANA{n:02d}DEMO" for n in range(10)],
    "city@demo.yc.kr": [f"CITY{n:02d}DEMO" for n in range(10)],
}


def secret_hex(secret: str) -> str:
    padded = secret + "=" * (-len(secret) % 8)
    return base64.b32decode(padded).hex()


@transaction.atomic
def _seed_devices(user: User, *, log) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = secret_hex(DEMO_TOTP_SECRETS[user.email])
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True)
        log(f"created the demo TOTP device of {user.email}")
    elif device.key != key:
        log(f"kept the TOTP device {user.email} set up themselves")
    static, created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    if created:
        StaticToken.objects.bulk_create(
            StaticToken(device=static, token=code) for code in DEMO_BACKUP_CODES[user.email]
        )
        log(f"created 10 demo backup codes of {user.email}")


def demo_backup_codes(email: str) -> list[str]:
    return [format_code(code) for code in DEMO_BACKUP_CODES[email]]


def seed(*, log) -> list[str]:
    lines = []
    users = {user.email: user for user in User.objects.filter(email__in=DEMO_TOTP_SECRETS)}
    for email, secret in DEMO_TOTP_SECRETS.items():
        user = users.get(email)
        if user is None:
            log(f"skipped two-factor of {email}: the user does not exist")
            continue
        _seed_devices(user, log=log)
        lines.append(f"{'  TOTP secret':<20} {email:<24} {secret}")
        lines.append(f"{'  backup codes':<20} {email:<24} {' '.join(demo_backup_codes(email))}")
    if "staff@demo.yc.kr" in users:
        seed_review_story(staff=users["staff@demo.yc.kr"], log=log)
    return lines
