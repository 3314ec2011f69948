"""Building blocks of the application tests: an open call (relative to now, so the tests never age) and an
application that is complete and ready to submit."""

from datetime import timedelta

from django.utils import timezone

from programs.enums import DocumentType, RuleType
from tests.programs.factories import CallFactory, EligibilityRuleFactory, SupportItemFactory

from .factories import ApplicationDocumentFactory, ApplicationFactory, ApplicationItemFactory, OwnerFactory

REQUIRED = [DocumentType.BUSINESS_REGISTRATION.value, DocumentType.SME_CERTIFICATE.value]


def open_call(**kwargs):
    """A published call open from ten days ago to twenty days ahead, with one rule the factory company meets
    (fewer than 30 regular employees: it has 25)."""
    now = timezone.now()
    kwargs.setdefault("opens_at", now - timedelta(days=10))
    kwargs.setdefault("closes_at", now + timedelta(days=20))
    kwargs.setdefault("required_documents", list(REQUIRED))
    call = CallFactory(**kwargs)
    EligibilityRuleFactory(
        call=call,
        rule_type=RuleType.EMPLOYEES_MAX,
        params={"below": 30},
        evidence_document=DocumentType.INSURANCE_REGISTER,
    )
    return call


def ready_application(*, owner=None, call=None, items: int = 1, documents: bool = True):
    """A complete draft: every text, one milestone, ``items`` chosen items with a valid budget, the required
    documents attached and the declarations confirmed."""
    owner = owner or OwnerFactory()
    call = call or open_call()
    application = ApplicationFactory(company=owner.company, call=call, created_by=owner.user)
    for _number in range(items):
        ApplicationItemFactory(application=application, support_item=SupportItemFactory(call=call))
    if documents:
        for code in call.required_documents:
            ApplicationDocumentFactory(application=application, doc_type=code)
    return application
