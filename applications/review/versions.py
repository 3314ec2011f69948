"""What each submission and each revision of an application contained, for the staff page.

Version 0 is the submission (``Application.snapshot``); every revision the company sent is a history row moving to
*revision submitted* with the content it sent (``ApplicationStatusChange.snapshot``). Each version lists its
documents (which vault version, uploaded when) and what changed from the version before: documents added,
replaced or removed, and the content fields that differ. The last version is what is current.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from applications.models import Application, VaultDocument
from applications.workflow import ApplicationStatus
from programs.enums import DocumentType

# The content fields compared between versions, with the labels the staff page uses for them.
FIELD_LABELS = {
    "project_title": _("Project title"),
    "project_summary": _("Summary"),
    "current_state": _("Current state"),
    "objective": _("Objective"),
    "milestones": _("Milestones"),
    "uses_experts": _("Outside experts"),
    "expert_field": _("Outside experts"),
    "expert_name": _("Outside experts"),
    "expected_sales_krw": _("Expected outcomes"),
    "expected_hires": _("Expected outcomes"),
    "expected_patents": _("Expected outcomes"),
    "expected_certifications": _("Expected outcomes"),
    "expected_exports_krw": _("Expected outcomes"),
    "items": _("Budget per item (KRW)"),
    "files": _("Application file"),
}

ADDED, REPLACED, REMOVED, UNCHANGED = "added", "replaced", "removed", ""


@dataclass
class DocumentLine:
    doc_type: str
    doc_label: str
    document_id: int | None
    title: str
    original_filename: str
    issued_on: str | None
    expires_on: str | None
    uploaded_at: datetime | None
    change: str = UNCHANGED  # against the version before: added, replaced, or unchanged
    replaced_title: str = ""  # the title of the document it replaced


@dataclass
class Version:
    number: int  # 0: the submission; 1, 2 …: the revisions
    at: datetime | None
    reason: str
    documents: list[DocumentLine]
    removed: list[DocumentLine] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)
    is_current: bool = False

    @property
    def has_changes(self) -> bool:
        return bool(self.removed or self.changed_fields or any(line.change for line in self.documents))


def _label(doc_type: str) -> str:
    return str(DocumentType(doc_type).label) if doc_type in DocumentType.values else doc_type


def _lines(content: dict, uploaded: dict[int, datetime]) -> dict[str, DocumentLine]:
    lines = {}
    for row in content.get("attachments") or []:
        document_id = row.get("document_id")
        lines[row.get("doc_type", "")] = DocumentLine(
            doc_type=row.get("doc_type", ""),
            doc_label=_label(row.get("doc_type", "")),
            document_id=document_id,
            title=row.get("title", ""),
            original_filename=row.get("original_filename", ""),
            issued_on=row.get("issued_on"),
            expires_on=row.get("expires_on"),
            uploaded_at=uploaded.get(document_id),
        )
    return lines


def _changed_fields(before: dict, after: dict) -> list[str]:
    labels: list[str] = []
    for name, label in FIELD_LABELS.items():
        if before.get(name) != after.get(name) and str(label) not in labels:
            labels.append(str(label))
    return labels


def application_versions(application: Application) -> list[Version]:
    """The submission and each revision of ``application``, oldest first, the differences of each marked."""
    if not application.snapshot:
        return []
    sources: list[tuple[datetime | None, str, dict]] = [
        (parse_datetime(application.snapshot.get("submitted_at") or ""), "", application.snapshot.get("content") or {})
    ]
    revisions = application.status_changes.filter(
        to_status=ApplicationStatus.REVISION_SUBMITTED, snapshot__isnull=False
    ).order_by("changed_at", "pk")
    sources += [(change.changed_at, change.reason, change.snapshot) for change in revisions]
    ids = {row.get("document_id") for _at, _reason, content in sources for row in content.get("attachments") or []}
    uploaded = dict(VaultDocument.objects.filter(pk__in=ids).values_list("pk", "uploaded_at"))

    versions: list[Version] = []
    previous_content: dict | None = None
    previous_lines: dict[str, DocumentLine] = {}
    for number, (at, reason, content) in enumerate(sources):
        lines = _lines(content, uploaded)
        version = Version(number=number, at=at, reason=reason, documents=list(lines.values()))
        if previous_content is not None:
            for doc_type, line in lines.items():
                before = previous_lines.get(doc_type)
                if before is None:
                    line.change = ADDED
                elif before.document_id != line.document_id:
                    line.change, line.replaced_title = REPLACED, before.title
            version.removed = [line for doc_type, line in previous_lines.items() if doc_type not in lines]
            version.changed_fields = _changed_fields(previous_content, content)
        versions.append(version)
        previous_content, previous_lines = content, lines
    versions[-1].is_current = True
    return versions


def version_document_ids(versions: list[Version]) -> set[int]:
    """Every vault document some version of the application contained (staff may open each of them)."""
    return {line.document_id for version in versions for line in version.documents if line.document_id is not None}


def current_content(application: Application) -> dict:
    """The content the application stands on now: that of its last revision, else that of its submission."""
    revision = (
        application.status_changes.filter(to_status=ApplicationStatus.REVISION_SUBMITTED, snapshot__isnull=False)
        .order_by("-changed_at", "-pk")
        .values_list("snapshot", flat=True)
        .first()
    )
    if revision is not None:
        return revision
    return (application.snapshot or {}).get("content") or {}
