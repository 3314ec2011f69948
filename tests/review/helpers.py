"""Building blocks of the review tests: staff with a TOTP device, verified sessions, submitted applications."""

import re
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.models import Application, Company
from applications.services.submission import application_submit
from portal.accounts.roles import Role
from tests.applications.apply_setup import open_call, ready_application
from tests.applications.factories import UserFactory, business_number

KEY_HEX = "3132333435363738393031323334353637383930"  # RFC 6238's test key, "12345678901234567890"


def with_role(user, role: Role):
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def make_staff(email: str, *, role: Role = Role.TECHNOPARK_STAFF, device: bool = True):
    user = with_role(UserFactory(email=email), role)
    if device:
        TOTPDevice.objects.create(user=user, name="authenticator", key=KEY_HEX, confirmed=True)
    return user


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def login_verified(client, user) -> None:
    """Log in and mark the session verified with the user's TOTP device, as django_otp.login does."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
    session.save()


def submitted_application(*, call=None, **kwargs) -> Application:
    application = ready_application(call=call, **kwargs)
    owner = application.company.members.get()
    application_submit(application=application, acting_user=owner.user)
    application.refresh_from_db()
    return application


def clone_submitted(source: Application, count: int, *, start: int = 1, **snapshot_company) -> list[Application]:
    """``count`` more submitted applications like ``source`` (bulk: new companies, numbers and receipts)."""
    companies = Company.objects.bulk_create(
        Company(
            business_number=business_number(f"{700 + (start + n) // 10000:03d}86{(start + n) % 10000:04d}"),
            name=f"클론기업 {start + n:05d}",
            representative="홍길동",
            ksic_code="29111",
            ksic_revision=11,
            founded_on=date(2015, 1, 1),
            headcount_year=2025,
            monthly_headcounts=[25] * 12,
        )
        for n in range(count)
    )
    now = timezone.now()
    rows = []
    for n, company in enumerate(companies):
        snapshot = {**source.snapshot}
        snapshot["company"] = {
            **source.snapshot["company"],
            "name": company.name,
            "business_number": company.business_number,
            **snapshot_company,
        }
        receipt = re.sub(r"\d+$", f"{start + n + 1000:05d}", source.receipt_number)
        snapshot["receipt_number"] = receipt
        rows.append(
            Application(
                company=company,
                call=source.call,
                status=source.status,
                project_title=source.project_title,
                receipt_number=receipt,
                submitted_at=now - timedelta(minutes=n),
                snapshot=snapshot,
            )
        )
    return Application.objects.bulk_create(rows)


__all__ = ["open_call"]
