"""Reads of the applications app, one module per subject; each selector returns its rows with their joins done,
scoped to what the user may see."""

from .application import application_for_user, application_in_call, company_applications
from .company import company_facts, company_profile_history, user_company
from .documents import applications_in_progress_using, current_vault_documents, vault_documents
from .members import (
    company_members,
    company_pending_invitations,
    invitation_for_recipient,
    invitations_for_user,
    member_for_user,
)

__all__ = [
    "application_for_user",
    "application_in_call",
    "applications_in_progress_using",
    "company_applications",
    "company_facts",
    "company_members",
    "company_pending_invitations",
    "company_profile_history",
    "current_vault_documents",
    "invitation_for_recipient",
    "invitations_for_user",
    "member_for_user",
    "user_company",
    "vault_documents",
]
