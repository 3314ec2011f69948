"""factory_boy factories of companies, members and vault documents, shared by every applications test.

Dates and years are counted from today (``timezone.localdate()``), so that no test ages as the calendar moves."""

import hashlib
from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.demo import minimal_pdf
from applications.enums import FileKind, MemberRole
from applications.models import (
    Application,
    ApplicationDocument,
    ApplicationItem,
    Company,
    CompanyInvitation,
    CompanyMember,
    CompanyRevenue,
    VaultDocument,
)
from portal.accounts.models import User
from programs.enums import DocumentType

WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def last_year() -> int:
    return timezone.localdate().year - 1


def next_year_milestones() -> list[dict]:
    """One milestone in the first half of next year (a project starts after the call's agreement)."""
    year = timezone.localdate().year + 1
    return [{"title": "설계", "starts_on": f"{year}-03-01", "ends_on": f"{year}-05-31", "deliverable": "설계서"}]


def business_number(first9: str) -> str:
    """A checksum-valid business registration number, formatted 123-45-67891, from its first nine digits."""
    digits = [int(d) for d in first9]
    total = sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    check = (10 - total % 10) % 10
    raw = f"{first9}{check}"
    return f"{raw[:3]}-{raw[3:5]}-{raw[5:]}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save(update_fields=["password"])


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    business_number = factory.Sequence(lambda n: business_number(f"{(n // 10000) % 900 + 100:03d}81{n % 10000:04d}"))
    name = factory.Sequence(lambda n: f"영천테스트 {n} 주식회사")
    representative = "홍길동"
    head_office_address = "경상북도 영천시 채신공단길 10"
    head_office_postcode = "38820"
    factory_address = "경상북도 영천시 금호읍 금호로 100"
    factory_postcode = "38813"
    ksic_code = "29111"
    ksic_revision = 11
    founded_on = date(2012, 3, 1)
    located_since = date(2015, 5, 1)
    headcount_year = factory.LazyFunction(last_year)
    monthly_headcounts = factory.LazyFunction(lambda: [25] * 12)
    total_assets_krw = 8_000_000_000
    contact_name = "담당자"
    contact_phone = "054-330-0000"
    contact_email = "contact@example.com"


class CompanyRevenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyRevenue

    company = factory.SubFactory(CompanyFactory)
    year = factory.LazyFunction(last_year)
    amount_krw = 5_000_000_000


class CompanyMemberFactory(factory.django.DjangoModelFactory):
    """A member; ``CompanyMemberFactory(role=MemberRole.OWNER)`` for an owner."""

    class Meta:
        model = CompanyMember

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.MEMBER


class OwnerFactory(CompanyMemberFactory):
    role = MemberRole.OWNER


class CompanyInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyInvitation

    company = factory.SubFactory(CompanyFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")


class VaultDocumentFactory(factory.django.DjangoModelFactory):
    """A current PDF document in a company's vault, with its file written to the vault storage."""

    class Meta:
        model = VaultDocument

    class Params:
        content = factory.LazyFunction(minimal_pdf)

    company = factory.SubFactory(CompanyFactory)
    doc_type = DocumentType.BUSINESS_REGISTRATION
    title = factory.Sequence(lambda n: f"Document {n}")
    file_kind = FileKind.PDF
    content_type = "application/pdf"
    original_filename = "사업자등록증.pdf"
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    expires_on = None
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="upload.pdf"))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application of a company to a call (pass ``call`` from ``tests.programs.factories``)."""

    class Meta:
        model = Application

    company = factory.SubFactory(CompanyFactory)
    project_title = "스마트 공정개선"
    project_summary = "영천 공장의 용접 공정을 자동화합니다."
    current_state = "수작업 용접, 불량률 4%"
    objective = "불량률 1% 이하, 생산성 30% 향상"
    milestones = factory.LazyFunction(next_year_milestones)
    declares_no_tax_arrears = True
    declares_no_duplicate_funding = True
    declares_truthful = True


class ApplicationItemFactory(factory.django.DjangoModelFactory):
    """A chosen item with a budget that meets 25% company share, half of it in cash."""

    class Meta:
        model = ApplicationItem

    application = factory.SubFactory(ApplicationFactory)
    city_support_krw = 30_000_000
    company_cash_krw = 5_000_000
    company_inkind_krw = 5_000_000


class ApplicationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDocument

    application = factory.SubFactory(ApplicationFactory)
    document = factory.SubFactory(
        VaultDocumentFactory,
        company=factory.SelfAttribute("..application.company"),
        doc_type=factory.SelfAttribute("..doc_type"),
    )
    doc_type = DocumentType.BUSINESS_REGISTRATION
