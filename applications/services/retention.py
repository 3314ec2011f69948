"""The applications' part of the retention run (``portal.accounts.retention``, docs/operations.md).

A company whose members have all deleted their accounts (more than ``DELETED_ACCOUNT_RETENTION_DAYS`` ago), or that
has no member left, is orphaned: nobody can act for it. Its personal data goes, what the law requires stays:

- removed: drafts never submitted (with their files), vault documents that no application refers to (with their
  files), the contact person (name, phone, email), and the memberships of the deleted accounts;
- kept, as public subsidy records: submitted applications, their review, decisions, agreements and payments, with
  the documents they were submitted with, until ``RECORD_RETENTION_YEARS`` after the end of the program year
  (31 December of the call's year). After that the documents and files go (their content is the personal part:
  registers of employees, certificates); the application row, its status history and the money paid stay, with a
  company name and business number, which are not personal data, and actors that are anonymised accounts.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q, RestrictedError

from portal.accounts.enums import RECORD_RETENTION_YEARS

from ..models import Application, ApplicationDocument, ApplicationFile, Company, CompanyMember, VaultDocument
from .drafts import never_submitted


def orphaned_companies(*, cutoff: datetime):
    """Companies with no member whose account is live or was deleted after ``cutoff``."""
    live = CompanyMember.objects.filter(company=OuterRef("pk")).filter(
        Q(user__deleted_at__isnull=True) | Q(user__deleted_at__gt=cutoff)
    )
    return Company.objects.filter(~Exists(live)).order_by("pk")


def records_expired(application: Application, *, today: date) -> bool:
    """The application's program year ended more than ``RECORD_RETENTION_YEARS`` ago."""
    return date(application.call.year + RECORD_RETENTION_YEARS, 12, 31) < today


def _delete_file_on_commit(field) -> None:
    if field:
        storage, name = field.storage, field.name
        transaction.on_commit(lambda: storage.delete(name))


def orphaned_companies_purge(*, now: datetime, cutoff: datetime) -> list[str]:
    lines: list[str] = []
    today = now.date()
    for company in orphaned_companies(cutoff=cutoff):
        label = f"company #{company.pk}"
        members, _by_model = CompanyMember.objects.filter(company=company).delete()
        if members:
            lines.append(f"{label}: {members} membership(s) of deleted accounts removed")
        for application in Application.objects.filter(company=company).select_related("call").order_by("pk"):
            if never_submitted(application):
                for row in application.files.all():
                    _delete_file_on_commit(row.file)
                pk = application.pk
                application.delete()
                lines.append(f"{label}: draft application #{pk} removed with its files")
            elif records_expired(application, today=today):
                files = list(application.files.all())
                for row in files:
                    _delete_file_on_commit(row.file)
                ApplicationFile.objects.filter(application=application).delete()
                attached, _by_model = ApplicationDocument.objects.filter(application=application).delete()
                if files or attached:
                    lines.append(
                        f"{label}: application #{application.pk} ({application.call.year}) past "
                        f"{RECORD_RETENTION_YEARS} years: {attached} attached document(s) and {len(files)} file(s) "
                        "removed, the application and its decision kept"
                    )
        for document in VaultDocument.objects.filter(company=company).exclude(
            Exists(ApplicationDocument.objects.filter(document=OuterRef("pk")))
        ):
            pk = document.pk
            try:
                with transaction.atomic():
                    document.delete()
            except (ProtectedError, RestrictedError):
                continue  # another record kept by law refers to it
            _delete_file_on_commit(document.file)
            lines.append(f"{label}: vault document #{pk} removed with its file")
        if company.contact_name or company.contact_phone or company.contact_email:
            Company.objects.filter(pk=company.pk).update(contact_name="", contact_phone="", contact_email="")
            lines.append(f"{label}: contact person removed")
    return lines
