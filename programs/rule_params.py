"""The parameters of each rule type: which keys it takes, how they are checked, and their defaults.

Staff edit ``EligibilityRule.params`` as JSON in the admin; ``EligibilityRule.clean`` calls
:func:`validate_rule_params`, which answers translated messages naming the parameter. The engine reads the
parameters through :func:`parsed_params`, which checks and converts them once per rule object.

    location              {"sites": ["head_office", "factory", "lab"], "require": "any" | "all"}   (require: any)
    located_min_years     {"years": 1}
    employees_min         {"min": 30}          average regular employees >= min
    employees_max         {"below": 30}        average regular employees < below (strict)
    manufacturing         {"divisions": [10, 34]}   (optional, default 10-34: KSIC section C)
    sme_size              {"assets_cap_krw": 500000000000}   (optional, default KRW 500 billion)
    business_active, no_tax_arrears, no_financial_default, no_sanction, no_duplicate_funding   {}
    founded_before        {"date": "YYYY-MM-DD"}   founded strictly before that day
    max_concurrent_tasks  {"max": N}           tasks under way + this one <= N
"""

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .enums import DocumentType, RuleType, SiteKind
from .ksic import MANUFACTURING_DIVISIONS, TOTAL_ASSETS_CAP_KRW

DEFAULT_EVIDENCE: dict[RuleType, DocumentType] = {
    RuleType.LOCATION: DocumentType.BUSINESS_REGISTRATION,
    RuleType.LOCATED_MIN_YEARS: DocumentType.BUSINESS_REGISTRATION,
    RuleType.EMPLOYEES_MIN: DocumentType.INSURANCE_REGISTER,
    RuleType.EMPLOYEES_MAX: DocumentType.INSURANCE_REGISTER,
    RuleType.MANUFACTURING: DocumentType.BUSINESS_REGISTRATION,
    RuleType.SME_SIZE: DocumentType.SME_CERTIFICATE,
    RuleType.BUSINESS_ACTIVE: DocumentType.BUSINESS_REGISTRATION,
    RuleType.NO_TAX_ARREARS: DocumentType.NATIONAL_TAX_CLEARANCE,
    RuleType.NO_FINANCIAL_DEFAULT: DocumentType.CREDIT_REPORT,
    RuleType.NO_SANCTION: DocumentType.PARTICIPATION_PLEDGE,
    RuleType.NO_DUPLICATE_FUNDING: DocumentType.PARTICIPATION_PLEDGE,
    RuleType.FOUNDED_BEFORE: DocumentType.BUSINESS_REGISTRATION,
    RuleType.MAX_CONCURRENT_TASKS: DocumentType.PARTICIPATION_PLEDGE,
}


class ParamError(ValueError):
    pass


def _named(name: str, problem: str) -> str:
    return _("Parameter “%(name)s”: %(problem)s") % {"name": name, "problem": problem}


def _number(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ParamError(_("must be a number."))
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise ParamError(_("must be a number.")) from error
    if not number.is_finite():
        raise ParamError(_("must be a number."))
    return number


def _whole(value: object, *, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParamError(_("must be a whole number."))
    if value < minimum:
        raise ParamError(_("must be at least %(min)d.") % {"min": minimum})
    if maximum is not None and value > maximum:
        raise ParamError(_("must be at most %(max)d.") % {"max": maximum})
    return value


def _non_negative(value: object) -> Decimal:
    number = _number(value)
    if number < 0:
        raise ParamError(_("cannot be negative."))
    return number


def _positive(value: object) -> Decimal:
    number = _number(value)
    if number <= 0:
        raise ParamError(_("must be greater than 0."))
    return number


def _sites(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ParamError(_("must be a non-empty list of sites: %(choices)s.") % {"choices": _site_choices()})
    unknown = [str(site) for site in value if site not in SiteKind.values]
    if unknown:
        raise ParamError(
            _("unknown site %(sites)s; choose from %(choices)s.")
            % {"sites": ", ".join(unknown), "choices": _site_choices()}
        )
    if len(set(value)) != len(value):
        raise ParamError(_("lists a site twice."))
    return tuple(value)


def _site_choices() -> str:
    return ", ".join(SiteKind.values)


def _require(value: object) -> str:
    if value not in ("any", "all"):
        raise ParamError(_("must be “any” or “all”."))
    return value


def _divisions(value: object) -> tuple[int, int]:
    low, high = MANUFACTURING_DIVISIONS
    if not isinstance(value, list) or len(value) != 2:
        raise ParamError(_("must be a list of two divisions, for example [10, 34]."))
    first, last = (_whole(v, minimum=low, maximum=high) for v in value)
    if first > last:
        raise ParamError(_("the first division must not be after the last."))
    return first, last


def _iso_date(value: object) -> date:
    if not isinstance(value, str):
        raise ParamError(_("must be a date written YYYY-MM-DD."))
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ParamError(_("must be a date written YYYY-MM-DD.")) from error


def _krw(value: object) -> int:
    return _whole(value, minimum=1)


# Per rule type: {parameter: (converter, default or REQUIRED)}.
REQUIRED = object()
ParamSpec = dict[str, tuple[Callable[[object], object], object]]
PARAMS: dict[RuleType, ParamSpec] = {
    RuleType.LOCATION: {"sites": (_sites, REQUIRED), "require": (_require, "any")},
    RuleType.LOCATED_MIN_YEARS: {"years": (lambda v: _whole(v, minimum=1, maximum=100), REQUIRED)},
    RuleType.EMPLOYEES_MIN: {"min": (_non_negative, REQUIRED)},
    RuleType.EMPLOYEES_MAX: {"below": (_positive, REQUIRED)},
    RuleType.MANUFACTURING: {"divisions": (_divisions, list(MANUFACTURING_DIVISIONS))},
    RuleType.SME_SIZE: {"assets_cap_krw": (_krw, TOTAL_ASSETS_CAP_KRW)},
    RuleType.BUSINESS_ACTIVE: {},
    RuleType.NO_TAX_ARREARS: {},
    RuleType.NO_FINANCIAL_DEFAULT: {},
    RuleType.NO_SANCTION: {},
    RuleType.NO_DUPLICATE_FUNDING: {},
    RuleType.FOUNDED_BEFORE: {"date": (_iso_date, REQUIRED)},
    RuleType.MAX_CONCURRENT_TASKS: {"max": (lambda v: _whole(v, minimum=1), REQUIRED)},
}


def convert_params(rule_type: str, params: object) -> tuple[dict, list[str]]:
    """The converted parameters (defaults filled in) and translated errors, each naming its parameter."""
    if rule_type not in RuleType.values:
        return {}, [_("Unknown rule type “%(type)s”.") % {"type": rule_type}]
    if params is None:
        params = {}
    if not isinstance(params, dict):
        return {}, [_('The parameters must be a JSON object, for example {"min": 30}.')]
    spec = PARAMS[RuleType(rule_type)]
    errors: list[str] = []
    for name in params:
        if name not in spec:
            if spec:
                errors.append(
                    _named(name, _("unknown parameter; this rule type takes %(names)s.") % {"names": ", ".join(spec)})
                )
            else:
                errors.append(_named(name, _("unknown parameter; this rule type takes no parameters.")))
    converted: dict = {}
    for name, (convert, default) in spec.items():
        if name not in params:
            if default is REQUIRED:
                errors.append(_named(name, _("this parameter is required.")))
            else:
                converted[name] = convert(default)
            continue
        try:
            converted[name] = convert(params[name])
        except ParamError as error:
            errors.append(_named(name, str(error)))
    return converted, errors


def validate_rule_params(rule_type: str, params: dict) -> list[str]:
    """Translated error messages, each naming the parameter; ``[]`` when the parameters are valid."""
    return convert_params(rule_type, params)[1]


def parsed_rule(rule) -> tuple[RuleType, DocumentType, dict, list[str]]:
    """The rule's type, its evidence document (the type's default when blank), its converted parameters and
    their errors; remembered on the rule object while its type, parameters and evidence stay equal."""
    cached = rule.__dict__.get("_parsed_rule")
    if (
        cached is not None
        and cached[0] == rule.rule_type
        and cached[1] == rule.evidence_document
        and cached[2] == rule.params
    ):
        return cached[3]
    converted, errors = convert_params(rule.rule_type, rule.params)
    if rule.rule_type not in RuleType.values:  # a row written around the model's choices
        return rule.rule_type, DocumentType(DocumentType.OTHER), {}, errors
    rule_type = RuleType(rule.rule_type)
    evidence = (
        DocumentType(rule.evidence_document)
        if rule.evidence_document in DocumentType.values
        else DEFAULT_EVIDENCE[rule_type]
    )
    parsed = (rule_type, evidence, converted, errors)
    if not errors:  # error messages are in the active language: remember only a success
        rule.__dict__["_parsed_rule"] = (rule.rule_type, rule.evidence_document, copy.deepcopy(rule.params), parsed)
    return parsed
