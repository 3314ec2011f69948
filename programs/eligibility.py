"""The eligibility engine: one function that checks a company's facts against a call's rules.

    check_eligibility(facts: CompanyFacts, call: Call) -> EligibilityResult
    validate_rule_params(rule_type: str, params: dict) -> list[str]   # translated error messages, [] when valid

Each rule type has one evaluator (``EVALUATORS``) that reads the rule's parameters (checked by
``programs.rule_params``) and the facts, and answers pass, fail or unknown with a reason in the active language.
Unknown means a fact it needs is missing: the answer then names the rule's evidence document.
The verdict: any fail -> ineligible; else any unknown -> needs evidence; else eligible.

Queries: none, when the call comes with ``eligibility_rules`` prefetched and ``program`` selected (see
``programs.selectors``); inactive rules are skipped in Python so that the prefetch cache is used.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .addresses import is_yeongcheon
from .employees import RegularEmployees, regular_employees_of
from .enums import BusinessStatus, DocumentType, Outcome, RuleType, SiteKind, Verdict
from .ksic import KsicCode, KsicError, parse_ksic
from .rule_messages import (
    business_active,
    employees_max,
    employees_min,
    founded_before,
    label,
    located_min_years,
    location,
    manufacturing,
    max_concurrent_tasks,
    no_flag,
    sme_size,
)
from .rule_params import parsed_rule, validate_rule_params

__all__ = [
    "EVALUATORS",
    "CompanyFacts",
    "EligibilityResult",
    "RuleResult",
    "check_eligibility",
    "validate_rule_params",
]


@dataclass(frozen=True)
class CompanyFacts:
    """What is known about a company. ``None`` means unknown: the rule then asks for its evidence."""

    business_number: str | None = None
    addresses: dict[SiteKind, str] = field(default_factory=dict)
    absent_sites: frozenset[SiteKind] = frozenset()  # sites the company says it does not have ("none")
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
    rule_id: int | None = None
    requirement: str = ""  # the rule's own text (message_ko / message_en) in the active language

    @property
    def evidence_label(self) -> str:
        return str(DocumentType(self.evidence_document).label) if self.evidence_document else ""


@dataclass(frozen=True)
class EligibilityResult:
    call_code: str
    program_code: str
    verdict: Verdict
    rules: tuple[RuleResult, ...]
    call_id: int | None = None

    @property
    def missing_evidence(self) -> list[DocumentType]:
        return [r.evidence_document for r in self.rules if r.outcome == Outcome.UNKNOWN and r.evidence_document]

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.rules if r.outcome == Outcome.FAIL]


class Derived:
    """Facts the evaluators share, computed at most once per check."""

    def __init__(self, facts: CompanyFacts):
        self.facts = facts
        self.as_of = facts.as_of or timezone.localdate()
        self.english = False  # set by check_eligibility

    def site(self, site: SiteKind) -> tuple[SiteKind, str | None, bool | None]:
        """(site, address, in Yeongcheon-si): ``False`` for a site the company says it does not have,
        ``None`` for a site whose address is not known."""
        address = (self.facts.addresses or {}).get(site)
        if address:
            return site, address, is_yeongcheon(address)
        return site, None, False if site in self.facts.absent_sites else None

    @cached_property
    def sites(self) -> list[tuple[SiteKind, str | None, bool | None]]:
        """Every kind of site, judged as in ``site``: the years-located rule counts any site."""
        return [self.site(site) for site in SiteKind]

    @cached_property
    def employees(self) -> RegularEmployees | str | None:
        """The figure, None when unknown, or a message when what was given cannot be used."""
        try:
            return regular_employees_of(
                regular_employees=self.facts.regular_employees, monthly_headcounts=self.facts.monthly_headcounts
            )
        except ValueError as error:
            return str(error)

    @cached_property
    def ksic(self) -> KsicCode | str | None:
        """The parsed code, None when unknown, or a message when it cannot be read."""
        if self.facts.ksic_code is None or not str(self.facts.ksic_code).strip():
            return None
        try:
            return parse_ksic(self.facts.ksic_code)
        except KsicError as error:
            return str(error)


Answer = tuple[Outcome, str]
Evaluator = Callable[[dict, CompanyFacts, Derived], Answer]


def _location(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
    judged = [derived.site(SiteKind(site)) for site in params["sites"]]
    return location(judged, require_all=params["require"] == "all")


def _located_min_years(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
    return located_min_years(facts.located_since, derived.as_of, params["years"], sites=derived.sites)


def _employees_min(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
    return employees_min(derived.employees, params["min"])


def _employees_max(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
    return employees_max(derived.employees, params["below"])


def _manufacturing(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
    return manufacturing(derived.ksic, params["divisions"])


def _sme_size(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
    return sme_size(
        certified=facts.sme_certified,
        ksic=derived.ksic,
        revenue=facts.annual_revenue_krw,
        assets=facts.total_assets_krw,
        assets_cap=params["assets_cap_krw"],
    )


def _business_active(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
    return business_active(facts.business_status)


def _flag(rule_type: RuleType, attribute: str) -> Evaluator:
    def evaluate(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
        return no_flag(rule_type, getattr(facts, attribute))

    return evaluate


def _founded_before(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
    return founded_before(facts.founded_on, params["date"])


def _max_concurrent_tasks(params: dict, facts: CompanyFacts, derived: Derived) -> Answer:
    return max_concurrent_tasks(facts.concurrent_supported_tasks, params["max"])


EVALUATORS: dict[RuleType, Evaluator] = {
    RuleType.LOCATION: _location,
    RuleType.LOCATED_MIN_YEARS: _located_min_years,
    RuleType.EMPLOYEES_MIN: _employees_min,
    RuleType.EMPLOYEES_MAX: _employees_max,
    RuleType.MANUFACTURING: _manufacturing,
    RuleType.SME_SIZE: _sme_size,
    RuleType.BUSINESS_ACTIVE: _business_active,
    RuleType.NO_TAX_ARREARS: _flag(RuleType.NO_TAX_ARREARS, "tax_arrears"),
    RuleType.NO_FINANCIAL_DEFAULT: _flag(RuleType.NO_FINANCIAL_DEFAULT, "financial_default"),
    RuleType.NO_SANCTION: _flag(RuleType.NO_SANCTION, "sanctioned"),
    RuleType.NO_DUPLICATE_FUNDING: _flag(RuleType.NO_DUPLICATE_FUNDING, "duplicate_funding"),
    RuleType.FOUNDED_BEFORE: _founded_before,
    RuleType.MAX_CONCURRENT_TASKS: _max_concurrent_tasks,
}


def evaluate_rule(rule, facts: CompanyFacts, derived: Derived | None = None) -> RuleResult:
    """One rule's answer. A rule whose parameters are not valid answers unknown, naming the problem."""
    if derived is None:
        derived = Derived(facts)
        derived.english = (translation.get_language() or "").startswith("en")
    rule_type, evidence, params, errors = parsed_rule(rule)
    if errors:
        outcome = Outcome.UNKNOWN
        message = _("This rule is set up wrongly and cannot be judged: %(errors)s") % {"errors": " ".join(errors)}
    else:
        outcome, message = EVALUATORS[rule_type](params, facts, derived)
    if outcome == Outcome.UNKNOWN:
        message = _("%(reason)s Evidence needed: %(document)s.") % {"reason": message, "document": label(evidence)}
    return RuleResult(
        rule_type=rule_type,
        outcome=outcome,
        message=message,
        evidence_document=evidence,
        rule_id=rule.pk,
        requirement=(rule.message_en or rule.message_ko) if derived.english else rule.message_ko,
    )


def verdict_of(outcomes) -> Verdict:
    """Any fail -> ineligible; else any unknown -> needs evidence; else eligible."""
    outcomes = set(outcomes)
    if Outcome.FAIL in outcomes:
        return Verdict.INELIGIBLE
    if Outcome.UNKNOWN in outcomes:
        return Verdict.NEEDS_EVIDENCE
    return Verdict.ELIGIBLE


def check_eligibility(facts: CompanyFacts, call) -> EligibilityResult:
    """Check ``facts`` against every active rule of ``call``, in the rules' order."""
    derived = Derived(facts)
    derived.english = (translation.get_language() or "").startswith("en")
    results = tuple(evaluate_rule(rule, facts, derived) for rule in call.eligibility_rules.all() if rule.is_active)
    return EligibilityResult(
        call_code=call.code,
        program_code=call.program.code,
        verdict=verdict_of(result.outcome for result in results),
        rules=results,
        call_id=call.pk,
    )
