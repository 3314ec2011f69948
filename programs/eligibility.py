"""The eligibility engine: one function that checks a company's facts against a call's rules.

INTERFACE (fixed; the implementation is being written):
    check_eligibility(facts: CompanyFacts, call: Call) -> EligibilityResult
    validate_rule_params(rule_type: str, params: dict) -> list[str]   # translated error messages, [] when valid
The call must come with ``eligibility_rules`` prefetched (see ``programs.selectors``) for a fixed query count.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .enums import BusinessStatus, DocumentType, Outcome, RuleType, SiteKind, Verdict


@dataclass(frozen=True)
class CompanyFacts:
    """What is known about a company. ``None`` means unknown: the rule then asks for its evidence."""

    business_number: str | None = None
    addresses: dict[SiteKind, str] = field(default_factory=dict)
    regular_employees: Decimal | None = None
    monthly_headcounts: tuple[int, ...] | None = None  # last day of each month of the previous year (up to 12)
    ksic_code: str | None = None  # "C25", "25" or "25112"
    ksic_revision: int | None = None
    annual_revenue_krw: int | None = None  # 3-year average
    total_assets_krw: int | None = None
    sme_certified: bool | None = None
    located_since: date | None = None
    founded_on: date | None = None
    business_status: BusinessStatus | None = None
    tax_arrears: bool | None = None
    financial_default: bool | None = None
    sanctioned: bool | None = None
    duplicate_funding: bool | None = None
    concurrent_supported_tasks: int | None = None
    as_of: date | None = None  # the day the facts are judged on; today when None


@dataclass(frozen=True)
class RuleResult:
    rule_type: RuleType
    outcome: Outcome
    message: str  # in the active language
    evidence_document: DocumentType | None = None


@dataclass(frozen=True)
class EligibilityResult:
    call_code: str
    program_code: str
    verdict: Verdict
    rules: tuple[RuleResult, ...]

    @property
    def missing_evidence(self) -> list[DocumentType]:
        return [r.evidence_document for r in self.rules if r.outcome == Outcome.UNKNOWN and r.evidence_document]
