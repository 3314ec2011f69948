"""When the progress reports are due, from the confirmed agreement (the newest version with ``confirmed_at``).

- The **interim report** is due at the midpoint of the agreement period: ``starts_on + (ends_on - starts_on) // 2``.
- The **final report** is due ``Call.settlement_due_days`` days after ``ends_on`` (the same deadline as the
  settlement, which the funding app owns).

Neither date is stored: a change of the agreement (a new confirmed version) moves them.
"""

from datetime import date, timedelta

from applications.agreements.models import AgreementVersion

from .models import ReportKind


def confirmed_version(versions) -> AgreementVersion | None:
    """The newest confirmed version among ``versions`` (a prefetched list or a queryset)."""
    confirmed = [v for v in versions if v.confirmed_at is not None]
    return max(confirmed, key=lambda v: v.number) if confirmed else None


def report_due_on(version: AgreementVersion | None, kind: str, settlement_due_days: int) -> date | None:
    if version is None or version.starts_on is None or version.ends_on is None:
        return None
    if kind == ReportKind.INTERIM:
        return version.starts_on + (version.ends_on - version.starts_on) // 2
    return version.ends_on + timedelta(days=settlement_due_days)
