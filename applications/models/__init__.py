from .application import (
    Application,
    ApplicationDocument,
    ApplicationFile,
    ApplicationItem,
    ApplicationStatusChange,
    BudgetLine,
    ReceiptCounter,
    SnapshotFrozenError,
    budget_totals,
)
from .call_reminders import CallReminderSubscription
from .company import (
    Company,
    CompanyInvitation,
    CompanyMember,
    CompanyProfileChange,
    CompanyRevenue,
    validate_business_number_stored,
)
from .documents import VaultDocument, vault_storage, vault_upload_to

__all__ = [
    "Application",
    "ApplicationDocument",
    "ApplicationFile",
    "ApplicationItem",
    "ApplicationStatusChange",
    "BudgetLine",
    "CallReminderSubscription",
    "Company",
    "CompanyInvitation",
    "CompanyMember",
    "CompanyProfileChange",
    "CompanyRevenue",
    "ReceiptCounter",
    "SnapshotFrozenError",
    "VaultDocument",
    "budget_totals",
    "validate_business_number_stored",
    "vault_storage",
    "vault_upload_to",
]
