"""Reads of the company a user belongs to: its profile, its history and its facts for the eligibility engine."""

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from programs.eligibility import CompanyFacts
from programs.facts import FactsInvalid, facts_from_input

from ..models import Company, CompanyProfileChange, CompanyRevenue
from ..permissions import membership_of

PROFILE_HISTORY_LIMIT = 50


def user_company(*, user) -> Company | None:
    """The company of the user with its revenues prefetched, or ``None``."""
    membership = membership_of(user)
    if membership is None:
        return None
    return (
        Company.objects.prefetch_related(Prefetch("revenues", queryset=CompanyRevenue.objects.order_by("-year")))
        .filter(pk=membership.company_id)
        .first()
    )


def company_profile_history(*, company: Company, limit: int = PROFILE_HISTORY_LIMIT) -> list[CompanyProfileChange]:
    return list(company.profile_changes.select_related("changed_by").order_by("-changed_at", "-id")[:limit])


def company_facts(*, company: Company, on: date | None = None) -> CompanyFacts:
    """The eligibility engine's facts from a company profile (prefetch ``revenues`` for a fixed query count).

    A valid SME certificate today says ``sme_certified=True``; without one the fact is unknown (``None``), so the
    rule asks for the certificate or judges by revenue. Concurrent supported tasks are not known yet. Built by
    ``programs.facts.facts_from_input``, as the self-check and the API build theirs: the same sites, lab included.
    """
    on = on or timezone.localdate()
    headcounts = [count for count in company.monthly_headcounts or [] if count is not None]
    stored = {
        "business_number": company.business_number,
        "address": company.head_office_address,
        "factory_address": company.factory_address,
        "lab_address": company.lab_address,
        "regular_employees": company.regular_employees,
        "monthly_headcounts": headcounts,
        "ksic_code": company.ksic_code,
        "ksic_revision": company.ksic_revision,
        "annual_revenue_krw": company.average_revenue_krw,
        "total_assets_krw": company.total_assets_krw,
        "sme_certified": True if company.sme_certificate_valid(on) else None,
        "located_since": company.located_since,
        "founded_on": company.founded_on,
    }
    try:
        return facts_from_input(**stored, as_of=on)
    except FactsInvalid as invalid:
        # A stored value the engine does not accept (entered before a check existed, or through the admin): the
        # rules that need it answer "not known" and ask for its evidence, instead of the page failing.
        return facts_from_input(**{**stored, **{name: None for name in invalid.errors if name in stored}}, as_of=on)
