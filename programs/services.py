"""Writes of the programs app."""

import logging
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .enums import CallStatus
from .models import Call, EligibilityRule, SupportItem

logger = logging.getLogger(__name__)


def _next_year(value: date | datetime | None) -> date | datetime | None:
    """The same day one year later; 29 February becomes 28 February."""
    if value is None:
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:
        return value.replace(year=value.year + 1, day=28)


def _shift_text(text: str, year: int) -> str:
    return text.replace(str(year), str(year + 1)) if text else text


@transaction.atomic
def call_copy_to_next_year(*, call: Call, acting_user) -> Call:
    """Copy a call, its support items and its eligibility rules to the following year, as a draft.

    Dates move one year on; titles and descriptions have the year replaced; the code becomes
    ``<year>-<program code>``. Refuses with a ValidationError when the program already has a call that year
    or the code is taken.
    """
    call = Call.objects.select_for_update().select_related("program").get(pk=call.pk)
    year = call.year + 1
    if Call.objects.filter(program=call.program, year=year).exists():
        raise ValidationError(
            _("The %(year)d call of %(program)s already exists: it was not copied again.")
            % {"year": year, "program": call.program.name},
            code="exists",
        )
    code = f"{year}-{call.program.code}"
    if Call.objects.filter(code=code).exists():
        raise ValidationError(
            _("The code %(code)s is already used by another call.") % {"code": code},
            code="code_taken",
        )
    copy = Call(
        program=call.program,
        year=year,
        code=code,
        title_ko=_shift_text(call.title_ko, call.year),
        title_en=_shift_text(call.title_en, call.year),
        description_ko=_shift_text(call.description_ko, call.year),
        description_en=_shift_text(call.description_en, call.year),
        opens_at=_next_year(call.opens_at),
        closes_at=_next_year(call.closes_at),
        evaluation_on=_next_year(call.evaluation_on),
        results_on=_next_year(call.results_on),
        agreement_due_on=_next_year(call.agreement_due_on),
        budget_krw=call.budget_krw,
        status=CallStatus.DRAFT,
        required_documents=list(call.required_documents or []),
        outcome_report_years=call.outcome_report_years,
        outcome_evidence_fields=list(call.outcome_evidence_fields or []),
        contact_name=call.contact_name,
        contact_phone=call.contact_phone,
        contact_email=call.contact_email,
        copied_from=call,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    copy.full_clean()
    copy.save()
    SupportItem.objects.bulk_create(
        SupportItem(
            call=copy,
            code=item.code,
            name_ko=item.name_ko,
            name_en=item.name_en,
            is_rnd=item.is_rnd,
            max_support_krw=item.max_support_krw,
            company_share_pct=item.company_share_pct,
            min_cash_pct=item.min_cash_pct,
            combinable=item.combinable,
            order=item.order,
        )
        for item in call.support_items.order_by("order", "pk")
    )
    EligibilityRule.objects.bulk_create(
        EligibilityRule(
            call=copy,
            rule_type=rule.rule_type,
            params=rule.params,
            evidence_document=rule.evidence_document,
            message_ko=rule.message_ko,
            message_en=rule.message_en,
            order=rule.order,
            is_active=rule.is_active,
        )
        for rule in call.eligibility_rules.order_by("order", "pk")
    )
    logger.info("call %s copied to %s by user %s", call.code, copy.code, getattr(acting_user, "pk", None))
    return copy
