"""Writes of the applications app, one module per idea; each service is keyword-only and atomic."""

from .company import company_create, company_update
from .documents import vault_document_replace, vault_document_upload
from .drafts import (
    DraftData,
    ItemBudget,
    VersionConflict,
    application_draft_discard,
    application_draft_open,
    application_draft_save,
    application_of_company,
)
from .members import (
    company_invitation_accept,
    company_invitation_cancel,
    company_invitation_send,
    company_member_remove,
    company_member_role_set,
)
from .submission import application_submit

__all__ = [
    "DraftData",
    "ItemBudget",
    "VersionConflict",
    "application_draft_discard",
    "application_draft_open",
    "application_draft_save",
    "application_of_company",
    "application_submit",
    "company_create",
    "company_invitation_accept",
    "company_invitation_cancel",
    "company_invitation_send",
    "company_member_remove",
    "company_member_role_set",
    "company_update",
    "vault_document_replace",
    "vault_document_upload",
]
