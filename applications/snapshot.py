"""The submitted content of an application as JSON: everything the company sent, its profile at that moment and
the eligibility result, so that later changes of the profile, the vault or the call never change what was
submitted."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from programs.eligibility import EligibilityResult

from .models import Application, Company
from .models.company import COMPANY_PROFILE_FIELDS

SNAPSHOT_VERSION = 1
COMPANY_FIELDS = ("business_number", *COMPANY_PROFILE_FIELDS)
CONTENT_FIELDS = (
    "project_title",
    "project_summary",
    "current_state",
    "objective",
    "milestones",
    "uses_experts",
    "expert_field",
    "expert_name",
    "expected_sales_krw",
    "expected_hires",
    "expected_patents",
    "expected_certifications",
    "expected_exports_krw",
    "declares_no_tax_arrears",
    "declares_no_duplicate_funding",
    "declares_truthful",
)


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json(item) for key, item in value.items()}
    return value


def eligibility_json(result: EligibilityResult) -> dict[str, Any]:
    return {
        "call_code": result.call_code,
        "verdict": str(result.verdict),
        "rules": [
            {
                "rule_type": str(rule.rule_type),
                "outcome": str(rule.outcome),
                "message": rule.message,
                "requirement": rule.requirement,
                "evidence_document": str(rule.evidence_document) if rule.evidence_document else "",
            }
            for rule in result.rules
        ],
    }


def company_json(company: Company) -> dict[str, Any]:
    data = {name: _json(getattr(company, name)) for name in COMPANY_FIELDS}
    data["regular_employees"] = _json(company.regular_employees)
    data["revenues"] = [[row.year, row.amount_krw] for row in company.recent_revenues()]
    return data


def content_json(application: Application) -> dict[str, Any]:
    """The editable content with items, attachments and files (prefetched), as JSON."""
    data = {name: _json(getattr(application, name)) for name in CONTENT_FIELDS}
    data["items"] = [
        {
            "code": row.support_item.code,
            "name_ko": row.support_item.name_ko,
            "name_en": row.support_item.name_en,
            "city_support_krw": row.city_support_krw,
            "company_cash_krw": row.company_cash_krw,
            "company_inkind_krw": row.company_inkind_krw,
        }
        for row in application.items.all()
    ]
    data["attachments"] = [
        {
            "doc_type": row.doc_type,
            "document_id": row.document_id,
            "title": row.document.title,
            "original_filename": row.document.original_filename,
            "sha256": row.document.sha256,
            "issued_on": _json(row.document.issued_on),
            "expires_on": _json(row.document.expires_on),
        }
        for row in application.attachments.all()
    ]
    data["files"] = [
        {"file_id": row.pk, "title": row.title, "original_filename": row.original_filename, "sha256": row.sha256}
        for row in application.files.all()
    ]
    return data


def build_snapshot(
    application: Application, *, eligibility: EligibilityResult, receipt_number: str, submitted_at: datetime
) -> dict[str, Any]:
    call = application.call
    return {
        "snapshot_version": SNAPSHOT_VERSION,
        "receipt_number": receipt_number,
        "submitted_at": submitted_at.isoformat(),
        "call": {"code": call.code, "year": call.year, "title_ko": call.title_ko, "title_en": call.title_en},
        "company": company_json(application.company),
        "content": content_json(application),
        "eligibility": eligibility_json(eligibility),
    }
