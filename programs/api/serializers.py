"""Serializers of the public API. Input is parsed here; what it means is decided by ``programs.facts``,
the same function the self-check page uses. Every error message is ours, translated."""

from collections.abc import Mapping

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..enums import DocumentType, Outcome, RuleType, SiteKind, Verdict
from ..facts import SITE_FIELDS, FactsInvalid, facts_from_input
from ..models import Call, EligibilityRule, Program, SupportItem
from ..selectors import calls_by_codes

# Messages for wrong types, reusing Django's own wording where it fits.
REQUIRED = _("This field is required.")
NOT_NULL = _("This field cannot be null.")
NOT_TEXT = _("Enter text (a JSON string).")
NOT_OBJECT = _("Expected a JSON object, but got {datatype}.")
WHOLE_NUMBER = _("Enter a whole number.")
NUMBER = _("Enter a number.")
TOO_LARGE = _("Ensure this value is less than or equal to {max_value}.")
MAX_DECIMALS = _("Use at most {max_decimal_places} decimal places.")
TOO_LONG = _("Ensure this field has no more than {max_length} characters.")
MAX_DIGITS = _("Ensure that there are no more than {max_digits} digits in total.")
WHOLE_DIGITS = _("Ensure that there are no more than {max_whole_digits} digits before the decimal point.")

TEXT_ERRORS = {"invalid": NOT_TEXT, "null": NOT_NULL, "max_length": TOO_LONG, "required": REQUIRED}
INTEGER_ERRORS = {
    "invalid": WHOLE_NUMBER,
    "max_string_length": WHOLE_NUMBER,
    "max_value": TOO_LARGE,
    "null": NOT_NULL,
    "required": REQUIRED,
}


def _text(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_null=True, allow_blank=True, error_messages=TEXT_ERRORS, **kwargs
    )


class HeadcountsField(serializers.ListField):
    """A list of whole numbers whose errors are one flat list naming the month ("Month 2: ...")."""

    def run_child_validation(self, data: list) -> list:
        result, errors = [], []
        for month, item in enumerate(data, start=1):
            try:
                result.append(self.child.run_validation(item))
            except serializers.ValidationError as error:
                errors += [
                    _("Month %(month)d: %(message)s") % {"month": month, "message": message} for message in error.detail
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return result


class CompanyInputSerializer(serializers.Serializer):
    """What a company tells about itself; every field may be null or absent ("not known")."""

    default_error_messages = {"invalid": NOT_OBJECT}

    business_number = _text(max_length=20, help_text="Business registration number, e.g. 123-45-67891.")
    address = _text(max_length=300, help_text="Head office address; null or absent when not known.")
    factory_address = _text(
        max_length=300, help_text="Factory address (also when at the head office); null or absent when not known."
    )
    lab_address = _text(
        max_length=300,
        help_text="Research lab (기업부설연구소 or R&D department) address; null or absent when not known.",
    )
    no_other_sites = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": _("Enter true, false or null.")},
        help_text="true: the company has no head office, factory or research lab besides those whose address is "
        "given, so a location rule fails when none of them is in Yeongcheon-si. false or null: a site without an "
        "address is not known, and a rule that counts it asks for evidence.",
    )
    regular_employees = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        required=False,
        allow_null=True,
        coerce_to_string=False,
        error_messages={
            "invalid": NUMBER,
            "max_digits": MAX_DIGITS,
            "max_decimal_places": MAX_DECIMALS,
            "max_whole_digits": WHOLE_DIGITS,
            "max_string_length": NUMBER,
            "null": NOT_NULL,
        },
        help_text="Average regular employees of last year (상시근로자); give this or monthly_headcounts.",
    )
    monthly_headcounts = HeadcountsField(
        child=serializers.IntegerField(max_value=10_000_000, error_messages=INTEGER_ERRORS),
        required=False,
        allow_null=True,
        error_messages={"not_a_list": _("Enter a list of whole numbers."), "null": NOT_NULL},
        help_text="Headcount on the last day of each month of last year, up to 12 numbers.",
    )
    ksic_code = _text(max_length=8, help_text='KSIC code: "C25", "25" or "25112".')
    annual_revenue_krw = serializers.IntegerField(
        required=False,
        allow_null=True,
        max_value=10**16,
        error_messages=INTEGER_ERRORS,
        help_text="Average yearly revenue of the last 3 years, in won.",
    )
    sme_certified = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": _("Enter true, false or null.")},
        help_text="Holds a valid SME confirmation certificate; null when not known.",
    )
    located_since = serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=["iso-8601"],
        error_messages={
            "invalid": _("Enter a date as YYYY-MM-DD."),
            "datetime": _("Enter a date as YYYY-MM-DD, without a time."),
            "null": NOT_NULL,
        },
        help_text="The day the company has been located in Yeongcheon-si since.",
    )


def absent_sites(company: dict) -> list[SiteKind]:
    """With ``no_other_sites``, every site whose address is not given is one the company does not have."""
    if not company.get("no_other_sites"):
        return []
    return [site for site, name in SITE_FIELDS.items() if not (company.get(name) or "").strip()]


class CheckRequestSerializer(serializers.Serializer):
    """``{"call": "<code>" (optional), "company": {...}}``; validated data holds ``facts`` and ``calls``."""

    default_error_messages = {"invalid": NOT_OBJECT}

    call = _text(max_length=40, help_text="A call code such as 2027-itd; all open calls when absent.")
    company = CompanyInputSerializer(error_messages={"required": REQUIRED, "null": NOT_NULL, "invalid": NOT_OBJECT})

    def to_internal_value(self, data):
        # A company that is not an object is an error of the field "company" itself, not of its insides.
        if isinstance(data, Mapping) and data.get("company") is not None and not isinstance(data["company"], Mapping):
            raise serializers.ValidationError(
                {"company": [str(NOT_OBJECT).format(datatype=type(data["company"]).__name__)]}
            )
        return super().to_internal_value(data)

    def validate_call(self, value: str | None) -> str | None:
        if not value:
            return None
        self._calls = list(calls_by_codes(codes=[value]))
        if not self._calls:
            raise serializers.ValidationError(_("There is no call with the code “%(code)s”.") % {"code": value})
        return value

    def validate(self, attrs: dict) -> dict:
        company = attrs["company"]
        try:
            facts = facts_from_input(
                business_number=company.get("business_number"),
                address=company.get("address"),
                factory_address=company.get("factory_address"),
                lab_address=company.get("lab_address"),
                absent_sites=absent_sites(company),
                regular_employees=company.get("regular_employees"),
                monthly_headcounts=company.get("monthly_headcounts"),
                ksic_code=company.get("ksic_code"),
                annual_revenue_krw=company.get("annual_revenue_krw"),
                sme_certified=company.get("sme_certified"),
                located_since=company.get("located_since"),
            )
        except FactsInvalid as invalid:
            raise serializers.ValidationError({"company": invalid.errors}) from None
        return {**attrs, "facts": facts, "calls": getattr(self, "_calls", None)}


# --- answers ---------------------------------------------------------------------------------


class RuleOutcomeSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=RuleType.choices, source="rule_type")
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    message = serializers.CharField(help_text="Why, for this company, in the language of Accept-Language.")
    requirement = serializers.CharField(help_text="The rule as the call states it, in the language of Accept-Language.")


class CallResultSerializer(serializers.Serializer):
    call = serializers.CharField(source="call_code")
    program = serializers.CharField(source="program_code")
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    rules = RuleOutcomeSerializer(many=True)


class CheckResponseSerializer(serializers.Serializer):
    results = CallResultSerializer(many=True)


class ProgramCallSerializer(serializers.ModelSerializer):
    title = serializers.CharField()

    class Meta:
        model = Call
        fields = ["code", "year", "title", "status"]


class ProgramSerializer(serializers.ModelSerializer):
    name = serializers.CharField()
    summary = serializers.CharField()
    operator = serializers.CharField()
    funder = serializers.CharField()
    calls = ProgramCallSerializer(many=True)

    class Meta:
        model = Program
        fields = ["code", "letter", "name", "summary", "operator", "funder", "calls"]


class SupportItemSerializer(serializers.ModelSerializer):
    name = serializers.CharField()
    company_share_pct = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    min_cash_pct = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = SupportItem
        fields = ["code", "name", "is_rnd", "max_support_krw", "company_share_pct", "min_cash_pct", "combinable"]


class CallRuleSerializer(serializers.ModelSerializer):
    rule = serializers.ChoiceField(choices=RuleType.choices, source="rule_type")
    message = serializers.CharField()

    class Meta:
        model = EligibilityRule
        fields = ["rule", "message", "evidence_document"]


class DocumentSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=DocumentType.choices)
    label = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="contact_name")
    phone = serializers.CharField(source="contact_phone")
    email = serializers.CharField(source="contact_email")


class CallSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    program_name = serializers.CharField(source="program.name")
    title = serializers.CharField()
    is_open = serializers.SerializerMethodField()
    required_documents = serializers.SerializerMethodField()
    contact = ContactSerializer(source="*")
    support_items = SupportItemSerializer(many=True)
    rules = CallRuleSerializer(many=True, source="eligibility_rules")

    class Meta:
        model = Call
        fields = [
            "code",
            "program",
            "program_name",
            "year",
            "title",
            "status",
            "is_open",
            "opens_at",
            "closes_at",
            "evaluation_on",
            "results_on",
            "budget_krw",
            "required_documents",
            "contact",
            "support_items",
            "rules",
        ]

    def get_is_open(self, call: Call) -> bool:
        return call.is_open(self.context.get("now") or timezone.now())

    @extend_schema_field(DocumentSerializer(many=True))
    def get_required_documents(self, call: Call) -> list[dict[str, str]]:
        return [
            {"code": code, "label": str(DocumentType(code).label)}
            for code in call.required_documents
            if code in DocumentType.values
        ]
