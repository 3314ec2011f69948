from .application import (
    Application,
    ApplicationDocument,
    ApplicationFile,
    ApplicationItem,
    ApplicationStatusChange,
    ReceiptCounter,
    SnapshotFrozenError,
)
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
    "Company",
    "CompanyInvitation",
    "CompanyMember",
    "CompanyProfileChange",
    "CompanyRevenue",
    "ReceiptCounter",
    "SnapshotFrozenError",
    "VaultDocument",
    "validate_business_number_stored",
    "vault_storage",
    "vault_upload_to",
]
