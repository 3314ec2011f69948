"""factory_boy factories of the programs app, shared by every test of programs, pages and API.

Dates are counted from now, so that a call made by ``CallFactory`` is open whenever the tests run."""

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from programs.enums import CallStatus, DocumentType, ProgramCode, RuleType
from programs.models import Call, EligibilityRule, Program, SupportItem

SEOUL = ZoneInfo("Asia/Seoul")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("code",)

    code = ProgramCode.HVC
    letter = factory.LazyAttribute(lambda o: "A" if o.code == ProgramCode.HVC else "B")
    name_ko = factory.LazyAttribute(
        lambda o: "고부가가치 전환육성 지원사업" if o.code == ProgramCode.HVC else "혁신기술개발 지원사업"
    )
    name_en = factory.LazyAttribute(
        lambda o: (
            "High value-added conversion support"
            if o.code == ProgramCode.HVC
            else "Innovative technology development support"
        )
    )
    operator_ko = "경북테크노파크 그린기업지원센터"
    operator_en = "Gyeongbuk Technopark, Green Enterprise Support Center"
    funder_ko = "영천시 기업유치과"
    funder_en = "Yeongcheon City, Corporate Attraction Division"


# Tests that name a call's year use years below this one; a factory's call never takes those.
EXPLICIT_YEARS_BELOW = 2050


def call_year(n: int) -> int:
    """A different year for each call however many tests ran, within the model's 2000..2100: clear of the years
    tests name (below 2050), of the demo's calls (up to next year) and of a test's own call beside the demo's (the
    year after the demo's open year)."""
    first = max(timezone.localdate().year + 3, EXPLICIT_YEARS_BELOW)
    return first + n % (2100 - first + 1)


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open from 30 days ago to 60 days ahead."""

    class Meta:
        model = Call

    program = factory.SubFactory(ProgramFactory)
    year = factory.Sequence(call_year)
    code = factory.LazyAttribute(lambda o: f"{o.year}-{o.program.code}")
    title_ko = factory.LazyAttribute(lambda o: f"{o.year}년 {o.program.name_ko} 공고")
    title_en = factory.LazyAttribute(lambda o: f"{o.year} call: {o.program.name_en}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    budget_krw = 500_000_000
    status = CallStatus.PUBLISHED
    required_documents = factory.LazyFunction(
        lambda: [DocumentType.BUSINESS_REGISTRATION.value, DocumentType.SME_CERTIFICATE.value]
    )
    contact_name = "경북테크노파크 그린기업지원센터"
    contact_phone = "054-000-0000"
    contact_email = "green@example.org"


class SupportItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportItem

    call = factory.SubFactory(CallFactory)
    code = factory.Sequence(lambda n: f"item-{n}")
    name_ko = factory.Sequence(lambda n: f"지원항목 {n}")
    name_en = factory.Sequence(lambda n: f"Support item {n}")
    is_rnd = False
    max_support_krw = 30_000_000
    company_share_pct = Decimal("25.00")
    min_cash_pct = Decimal("50.00")
    combinable = True
    order = factory.Sequence(lambda n: n)


class EligibilityRuleFactory(factory.django.DjangoModelFactory):
    """A rule; pass ``rule_type`` and ``params`` (defaults: employees_min with min 30)."""

    class Meta:
        model = EligibilityRule

    call = factory.SubFactory(CallFactory)
    rule_type = RuleType.EMPLOYEES_MIN
    params = factory.LazyFunction(lambda: {"min": 30})
    evidence_document = DocumentType.INSURANCE_REGISTER
    message_ko = factory.LazyAttribute(lambda o: f"규칙: {o.rule_type}")
    message_en = factory.LazyAttribute(lambda o: f"Rule: {o.rule_type}")
    order = factory.Sequence(lambda n: n)
    is_active = True
