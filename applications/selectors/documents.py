"""Reads of a company's document vault, scoped to the user's company."""

from django.db.models import QuerySet

from ..models import Application, VaultDocument
from ..permissions import membership_of
from ..workflow import EDITABLE_STATUSES


def vault_documents(*, user, current_only: bool = True) -> QuerySet[VaultDocument]:
    """The documents of the user's company (only the current version of each by default)."""
    membership = membership_of(user)
    if membership is None:
        return VaultDocument.objects.none()
    documents = VaultDocument.objects.filter(company_id=membership.company_id).select_related("uploaded_by")
    if current_only:
        documents = documents.filter(is_current=True)
    return documents.order_by("doc_type", "-uploaded_at", "-id")


def current_vault_documents(*, company_id: int) -> list[VaultDocument]:
    """The current documents of a company, for the attachment choices (one query)."""
    return list(
        VaultDocument.objects.filter(company_id=company_id, is_current=True).order_by("doc_type", "-uploaded_at", "-id")
    )


def applications_in_progress_using(document: VaultDocument) -> QuerySet[Application]:
    """The company's applications still being edited (drafts, revisions) that have this document attached."""
    return Application.objects.filter(
        company_id=document.company_id, status__in=EDITABLE_STATUSES, attachments__document=document
    ).distinct()
