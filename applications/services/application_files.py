"""Files for one application only (a quotation, a drawing …), checked by content like vault uploads; added and
removed only while the company may still change the application."""

from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Application, ApplicationFile
from ..permissions import can_edit_company
from ..workflow import EDITABLE_STATUSES
from .documents import check_upload_for_field, file_removed_on_error


def _check_editable(application: Application, acting_user) -> None:
    if not can_edit_company(acting_user, application.company):
        raise PermissionDenied(_("You may not change this application."))
    status = Application.objects.select_for_update().values_list("status", flat=True).get(pk=application.pk)
    if status not in EDITABLE_STATUSES:
        raise ValidationError(_("This application was submitted and can no longer be changed."), code="not_editable")


def application_file_add(*, application: Application, acting_user, title: str, uploaded_file) -> ApplicationFile:
    checked = check_upload_for_field(uploaded_file)
    row = ApplicationFile(
        application=application,
        title=(title or "").strip()[:200] or _("Attachment"),
        file_kind=checked.kind,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        original_filename=PurePath(uploaded_file.name or "").name[-255:] or "file",
        uploaded_by=acting_user,
    )
    with file_removed_on_error([row]), transaction.atomic():
        _check_editable(application, acting_user)
        row.file = uploaded_file
        row.save()
        return row


def application_file_remove(*, file: ApplicationFile, acting_user) -> None:
    with transaction.atomic():
        _check_editable(file.application, acting_user)
        name, storage = file.file.name, file.file.storage
        file.delete()
        transaction.on_commit(lambda: storage.delete(name))
