"""Creating a company and changing its profile; every change is kept as a ``CompanyProfileChange`` row."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.accounts.roles import Role

from ..enums import MemberRole
from ..models import Company, CompanyMember, CompanyProfileChange, CompanyRevenue
from ..models.company import COMPANY_PROFILE_FIELDS
from ..permissions import can_create_company, can_edit_company

PROFILE_FIELDS = COMPANY_PROFILE_FIELDS
REVENUES = "revenues"


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value


def _revenue_rows(company: Company) -> list[list[int]]:
    return sorted(([row.year, row.amount_krw] for row in company.revenues.all()), reverse=True)


def _clean_revenues(revenues: list[dict] | None) -> list[list[int]]:
    rows: dict[int, int] = {}
    for entry in revenues or []:
        year, amount = entry.get("year"), entry.get("amount_krw")
        if year is None and amount is None:
            continue
        if year is None or amount is None:
            raise ValidationError({REVENUES: _("Give both the year and the revenue of each year.")})
        if year in rows:
            raise ValidationError(
                {REVENUES: _("Each year's revenue may be given only once (%(year)s).") % {"year": year}}
            )
        if amount < 0:
            raise ValidationError({REVENUES: _("Revenue cannot be negative.")})
        rows[int(year)] = int(amount)
    return sorted(([year, amount] for year, amount in rows.items()), reverse=True)


def _save_revenues(company: Company, rows: list[list[int]]) -> None:
    company.revenues.exclude(year__in=[year for year, _ in rows]).delete()
    for year, amount in rows:
        CompanyRevenue.objects.update_or_create(company=company, year=year, defaults={"amount_krw": amount})


def _add_role(user) -> None:
    group, _created = Group.objects.get_or_create(name=Role.COMPANY_MEMBER.value)
    user.groups.add(group)


def _record_change(*, company: Company, acting_user, changes: dict) -> CompanyProfileChange | None:
    if not changes:
        return None
    return CompanyProfileChange.objects.create(company=company, changed_by=acting_user, changes=changes)


@transaction.atomic
def company_create(*, user, data: dict[str, Any]) -> Company:
    """Create a company from ``data`` (profile fields, ``business_number`` and ``revenues``: a list of
    ``{"year", "amount_krw"}``); the user becomes its first owner. A user belongs to one company only."""
    if not can_create_company(user):
        raise PermissionDenied(_("You already belong to a company."))
    revenues = _clean_revenues(data.get(REVENUES))
    company = Company(business_number=data.get("business_number", ""))
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(company, field, data[field])
    company.full_clean()
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError as error:
        raise ValidationError(
            {"business_number": _("A company with this business registration number is already registered.")}
        ) from error
    _save_revenues(company, revenues)
    try:
        with transaction.atomic():
            CompanyMember.objects.create(company=company, user=user, role=MemberRole.OWNER)
    except IntegrityError as error:
        raise PermissionDenied(_("You already belong to a company.")) from error
    _add_role(user)
    initial = {"business_number": {"old": None, "new": company.business_number}}
    for field in PROFILE_FIELDS:
        value = _json_value(getattr(company, field))
        if value not in (None, "", []) and not (
            field == "monthly_headcounts" and not any(v is not None for v in value)
        ):
            initial[field] = {"old": None, "new": value}
    if revenues:
        initial[REVENUES] = {"old": None, "new": revenues}
    _record_change(company=company, acting_user=user, changes=initial)
    return company


@transaction.atomic
def company_update(*, company: Company, acting_user, data: dict[str, Any]) -> CompanyProfileChange | None:
    """Change the profile fields present in ``data`` (and ``revenues`` when given); record what changed.

    Returns the history row, or ``None`` when nothing changed.
    """
    if not can_edit_company(acting_user, company):
        raise PermissionDenied(_("You may not change this company's profile."))
    company = Company.objects.select_for_update().get(pk=company.pk)
    changes: dict[str, dict[str, Any]] = {}
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        old, new = getattr(company, field), data[field]
        if _json_value(old) != _json_value(new):
            changes[field] = {"old": _json_value(old), "new": _json_value(new)}
            setattr(company, field, new)
    company.full_clean()
    if REVENUES in data:
        old_rows = _revenue_rows(company)
        new_rows = _clean_revenues(data[REVENUES])
        if old_rows != new_rows:
            changes[REVENUES] = {"old": old_rows, "new": new_rows}
            _save_revenues(company, new_rows)
    if not changes:
        return None
    company.save()
    return _record_change(company=company, acting_user=acting_user, changes=changes)
