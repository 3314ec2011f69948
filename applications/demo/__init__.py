"""Demo data of the applications app: made-up Yeongcheon companies with their owners and vault documents, and
their applications to the open calls of ``programs.demo`` (submitted ones and a draft).

Imports run one way: this package builds on ``programs.demo`` (and the accounts' users) and knows nothing of the
review or the evaluation, whose own demo packages build on it. ``seed`` is listed in ``settings.DEMO_SEEDERS``.
"""

from django.conf import settings
from django.utils import timezone

from .companies import DEMO_COMPANIES, DEMO_OWNER_EMAIL, MORE_COMPANIES, seed_company
from .documents import minimal_pdf
from .submissions import seed_applications

__all__ = ["DEMO_OWNER_EMAIL", "minimal_pdf", "seed"]


def seed(*, log) -> list[str]:
    """Create the demo companies, their owners, vault documents and applications; return the login lines to print."""
    today = timezone.localdate()
    for demo in (*DEMO_COMPANIES, *MORE_COMPANIES):
        seed_company(demo, log=log, today=today)
    seed_applications(log=log, demo_owner_email=DEMO_OWNER_EMAIL)
    lines = [
        f"{'Company owner':<20} {demo.owner_email:<26} {settings.DEMO_PASSWORD}  ({demo.name})"
        for demo in DEMO_COMPANIES
    ]
    names = ", ".join(demo.owner_email.split("@")[0].removeprefix("owner.") for demo in MORE_COMPANIES)
    lines.append(f"{'Company owners':<20} owner.<name>@demo.yc.kr    (same password; <name>: {names})")
    return lines
