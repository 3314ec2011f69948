"""Demo users, one per role, with the known password of ``settings.DEMO_PASSWORD``."""

from dataclasses import dataclass

from django.conf import settings

from .roles import Role
from .services import roles_ensure, user_email_mark_verified, user_upsert


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS = [
    DemoUser("company@demo.yc.kr", "김민준", Role.COMPANY_MEMBER),
    DemoUser("staff@demo.yc.kr", "이서연", Role.TECHNOPARK_STAFF, is_staff=True),
    DemoUser("manager@demo.yc.kr", "박지훈", Role.STAFF_MANAGER, is_staff=True),
    DemoUser("expert@demo.yc.kr", "최유진", Role.OUTSIDE_EXPERT),
    DemoUser("city@demo.yc.kr", "정하늘", Role.CITY_OFFICIAL),
    DemoUser("admin@demo.yc.kr", "관리자", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
]


def seed(*, log) -> list[str]:
    """Create the demo users; return the login lines to print."""
    roles_ensure()
    for demo in DEMO_USERS:
        user, created = user_upsert(
            email=demo.email,
            password=settings.DEMO_PASSWORD,
            full_name=demo.full_name,
            roles=[demo.role],
            is_staff=demo.is_staff,
            is_superuser=demo.is_superuser,
        )
        # Demo users log in at once: their address counts as verified.
        user_email_mark_verified(user=user)
        log(f"{'created' if created else 'kept'} user {demo.email}")
    return [f"{demo.role.label:<20} {demo.email:<24} {settings.DEMO_PASSWORD}" for demo in DEMO_USERS]
