"""Uploading documents to a company's vault and replacing them with a newer version."""

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programs.enums import DocumentType

from ..models import ApplicationDocument, Company, VaultDocument
from ..permissions import can_edit_company
from ..uploads import CheckedFile, check_upload
from ..workflow import EDITABLE_STATUSES


def storage_full_message() -> str:
    return _(
        "The portal's file storage is full, so the file was not saved. Nothing was changed; please try again later "
        "or contact the Technopark."
    )


def _check_dates(issued_on: date | None, expires_on: date | None) -> None:
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": _("The expiry date cannot be before the issue date.")})


def check_upload_for_field(uploaded_file) -> CheckedFile:
    try:
        return check_upload(uploaded_file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error


def _store(document: VaultDocument, uploaded_file, checked: CheckedFile) -> VaultDocument:
    document.file_kind = checked.kind
    document.content_type = checked.content_type
    document.size = checked.size
    document.sha256 = checked.sha256
    document.original_filename = PurePath(uploaded_file.name or "").name[-255:] or "document"
    document.file = uploaded_file
    document.save()
    return document


@contextmanager
def file_removed_on_error(documents: list[VaultDocument]) -> Iterator[None]:
    """Files are written before the transaction commits: remove them again if the service fails (a file that
    was not written yet still has its upload's bare name, which names nothing in the storage). A disk that is full
    becomes an error on the form's file field: nothing was saved, and the company may try again later."""
    try:
        yield
    except BaseException as error:
        for document in documents:
            if document.file and document.file.name and document.file.storage.exists(document.file.name):
                document.file.storage.delete(document.file.name)
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ValidationError({"file": storage_full_message()}, code="storage_full") from error
        raise


def vault_document_upload(
    *,
    company: Company,
    acting_user,
    doc_type: DocumentType | str,
    title: str,
    uploaded_file,
    issued_on: date | None = None,
    expires_on: date | None = None,
) -> VaultDocument:
    """Add a document to the company's vault, after checking the file by its content."""
    if not can_edit_company(acting_user, company):
        raise PermissionDenied(_("You may not add documents to this company's vault."))
    if doc_type not in DocumentType.values:
        raise ValidationError({"doc_type": _("Choose a document type from the list.")})
    _check_dates(issued_on, expires_on)
    checked = check_upload_for_field(uploaded_file)
    document = VaultDocument(
        company=company,
        doc_type=doc_type,
        title=(title or "").strip() or DocumentType(doc_type).label,
        issued_on=issued_on,
        expires_on=expires_on,
        uploaded_by=acting_user,
    )
    with file_removed_on_error([document]), transaction.atomic():
        return _store(document, uploaded_file, checked)


def vault_document_replace(
    *,
    document: VaultDocument,
    acting_user,
    uploaded_file,
    title: str | None = None,
    issued_on: date | None = None,
    expires_on: date | None = None,
) -> VaultDocument:
    """Upload a newer version of a document; the old one stays (submitted applications that used it keep it) but
    is no longer current. Applications still being edited (drafts, revisions) that used the old version are linked
    to the new one, so their document field keeps its choice."""
    if not can_edit_company(acting_user, document.company):
        raise PermissionDenied(_("You may not change this company's vault."))
    _check_dates(issued_on, expires_on)
    checked = check_upload_for_field(uploaded_file)
    new = VaultDocument(
        company_id=document.company_id,
        doc_type=document.doc_type,
        title=(title or "").strip() or document.title,
        issued_on=issued_on,
        expires_on=expires_on,
        uploaded_by=acting_user,
    )
    with file_removed_on_error([new]), transaction.atomic():
        old = VaultDocument.objects.select_for_update().get(pk=document.pk)
        if not old.is_current:
            raise ValidationError(_("This document has already been replaced by a newer version."), code="replaced")
        _store(new, uploaded_file, checked)
        old.is_current = False
        old.replaced_by = new
        old.save(update_fields=["is_current", "replaced_by"])
        ApplicationDocument.objects.filter(document=old, application__status__in=EDITABLE_STATUSES).update(document=new)
        return new
