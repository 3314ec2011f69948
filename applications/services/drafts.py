"""Opening a draft for a call and saving it (by the Save button or by autosave), with optimistic concurrency:
every save raises ``version``; a save that starts from an older version is refused, so that an old tab never
overwrites newer content."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Call, SupportItem

from ..models import Application, ApplicationDocument, ApplicationItem, VaultDocument
from ..permissions import can_edit_company, membership_of
from ..snapshot import CONTENT_FIELDS
from ..workflow import EDITABLE_STATUSES, ApplicationStatus


class VersionConflict(Exception):
    """The draft was saved meanwhile (another tab or device); the message says what to do."""

    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(
            _(
                "This application was changed in another window or on another device since you opened it. "
                "Reload the page to see the latest version; your unsaved changes here were not saved."
            )
        )


@dataclass
class ItemBudget:
    support_item: SupportItem
    city: int = 0
    cash: int = 0
    inkind: int = 0


@dataclass
class DraftData:
    """What the editor sends: the content fields, the chosen items with their budgets and the attachments."""

    content: dict[str, Any]
    items: list[ItemBudget] = field(default_factory=list)
    attachments: dict[str, VaultDocument | None] = field(default_factory=dict)  # doc type -> document or None
    kept_items: set[int] = field(default_factory=set)  # support item ids left as saved (their amounts were unreadable)


def item_field(code: str, part: str) -> str:
    """The form field of an item's budget part (the services name errors by it)."""
    return f"item_{code}_{part}"


def attachment_field(doc_type: str) -> str:
    return f"doc_{doc_type}"


def never_submitted(application: Application) -> bool:
    """A draft, or a draft withdrawn before it was ever submitted: it holds no receipt and blocks nothing."""
    return application.receipt_number is None and application.status in (
        ApplicationStatus.DRAFT,
        ApplicationStatus.WITHDRAWN,
    )


def application_of_company(*, call: Call, acting_user) -> Application | None:
    """The company's application to ``call`` that counts: a withdrawn draft that was never submitted does not."""
    membership = membership_of(acting_user)
    if membership is None:
        return None
    existing = Application.objects.filter(company_id=membership.company_id, call=call).first()
    if existing is not None and existing.status == ApplicationStatus.WITHDRAWN and never_submitted(existing):
        return None
    return existing


@transaction.atomic
def application_draft_open(*, call: Call, acting_user) -> tuple[Application, bool]:
    """Start the company's application to ``call`` (the "Start application" button): the existing one (resumed),
    or a new draft. ``(application, created)``. A new draft can only be opened while the call is open.

    The rule "one application per company and call" counts submitted applications: a draft withdrawn before it
    was ever submitted is removed and a new draft takes its place. A submitted application that was withdrawn
    keeps its receipt and its history, and the call accepts no second one from the company."""
    membership = membership_of(acting_user)
    if membership is None:
        raise PermissionDenied(_("Register your company before applying."))
    existing = Application.objects.filter(company_id=membership.company_id, call=call).first()
    if existing is not None and not (existing.status == ApplicationStatus.WITHDRAWN and never_submitted(existing)):
        return existing, False
    if not call.is_open():
        raise ValidationError(_("This call is not accepting applications now."), code="call_closed")
    if existing is not None:
        _delete_draft(existing)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                company_id=membership.company_id, call=call, created_by=acting_user
            )
    except IntegrityError:  # a second tab opened it at the same moment
        return Application.objects.get(company_id=membership.company_id, call=call), False
    return application, True


def _delete_draft(application: Application) -> None:
    stored = [(row.file.storage, row.file.name) for row in application.files.all() if row.file]
    application.delete()
    for storage, name in stored:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@transaction.atomic
def application_draft_discard(*, application: Application, acting_user) -> None:
    """Delete a draft that was never submitted, with its own files: the company starts again whenever it wants.
    A submitted application is never deleted (it is withdrawn instead)."""
    if not can_edit_company(acting_user, application.company):
        raise PermissionDenied(_("You may not change this application."))
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not never_submitted(locked):
        raise ValidationError(
            _("This application was submitted: it cannot be discarded, only withdrawn until screening starts."),
            code="submitted",
        )
    _delete_draft(locked)


def _check_items(call: Call, items: list[ItemBudget]) -> None:
    errors: dict[str, list[str]] = {}
    for entry in items:
        if entry.support_item.call_id != call.pk:
            errors.setdefault("items", []).append(_("Choose support items of this call only."))
        for part, value in (("city", entry.city), ("cash", entry.cash), ("inkind", entry.inkind)):
            if value is None or value < 0:
                errors.setdefault(item_field(entry.support_item.code, part), []).append(
                    _("Enter an amount of 0 or more.")
                )
    if errors:
        raise ValidationError(errors)
    # The budget rules (cap, company share, cash) never stop a save: a draft keeps the budget as typed, and the
    # editor and the review page show what breaks them; only the submission is refused.


def _check_attachments(company_id: int, attachments: dict[str, VaultDocument | None]) -> None:
    errors = {}
    for doc_type, document in attachments.items():
        if document is None:
            continue
        if document.company_id != company_id or not document.is_current:
            errors[attachment_field(doc_type)] = [_("Choose a current document of your company's vault.")]
        elif document.doc_type != doc_type:
            errors[attachment_field(doc_type)] = [_("This document is of another type.")]
    if errors:
        raise ValidationError(errors)


def _save_items(application: Application, items: list[ItemBudget], kept: set[int]) -> None:
    chosen = {entry.support_item.pk: entry for entry in items if entry.support_item.pk not in kept}
    application.items.exclude(support_item_id__in=set(chosen) | kept).delete()
    existing = {row.support_item_id: row for row in application.items.all()}
    changed, created = [], []
    for item_id, entry in chosen.items():
        row = existing.get(item_id)
        if row is None:
            created.append(
                ApplicationItem(
                    application=application,
                    support_item=entry.support_item,
                    city_support_krw=entry.city,
                    company_cash_krw=entry.cash,
                    company_inkind_krw=entry.inkind,
                )
            )
        elif (row.city_support_krw, row.company_cash_krw, row.company_inkind_krw) != (
            entry.city,
            entry.cash,
            entry.inkind,
        ):
            row.city_support_krw, row.company_cash_krw, row.company_inkind_krw = entry.city, entry.cash, entry.inkind
            changed.append(row)
    if created:
        ApplicationItem.objects.bulk_create(created)
    if changed:
        ApplicationItem.objects.bulk_update(changed, ["city_support_krw", "company_cash_krw", "company_inkind_krw"])


def _save_attachments(application: Application, attachments: dict[str, VaultDocument | None]) -> None:
    existing = {row.doc_type: row for row in application.attachments.all()}
    removed = [doc_type for doc_type, document in attachments.items() if document is None and doc_type in existing]
    if removed:
        application.attachments.filter(doc_type__in=removed).delete()
    now = timezone.now()
    for doc_type, document in attachments.items():
        if document is None:
            continue
        row = existing.get(doc_type)
        if row is None:
            ApplicationDocument.objects.create(
                application=application, document=document, doc_type=doc_type, attached_at=now
            )
        elif row.document_id != document.pk:
            row.document, row.attached_at = document, now
            row.save(update_fields=["document", "attached_at"])


@transaction.atomic
def application_draft_save(
    *, application: Application, acting_user, data: DraftData, expected_version: int
) -> Application:
    """Save the whole editor at once, or nothing (a ``ValidationError`` names the fields). Broken budget rules do
    not stop the save (see ``applications.forms.application.editor_problems``). Raises
    ``VersionConflict`` when the draft was saved since ``expected_version``."""
    if not can_edit_company(acting_user, application.company):
        raise PermissionDenied(_("You may not change this application."))
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This application was submitted and can no longer be changed."), code="not_editable")
    if locked.version != expected_version:
        raise VersionConflict(locked.version)
    _check_items(application.call, data.items)
    _check_attachments(application.company_id, data.attachments)
    for name in CONTENT_FIELDS:
        if name in data.content:
            setattr(locked, name, data.content[name])
    if not locked.uses_experts:
        locked.expert_field, locked.expert_name = "", ""
    try:
        locked.clean_fields(exclude=["company", "call", "created_by", "receipt_number", "snapshot"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    _save_items(locked, data.items, data.kept_items)
    _save_attachments(locked, data.attachments)
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    return locked
