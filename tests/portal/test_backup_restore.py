"""Backup and restore as docs/operations.md describes it: pg_dump in custom format and an archive of the uploads,
restored into a fresh database and a fresh folder, where every application, every document and every file is found
again with the same checksum. PostgreSQL only (the production database)."""

import hashlib
import os
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection

from applications.demo import minimal_pdf
from applications.enums import FileKind
from applications.models import Application, ApplicationDocument, ApplicationFile, VaultDocument
from programs.enums import DocumentType
from tests.applications.factories import (
    ApplicationDocumentFactory,
    ApplicationFactory,
    ApplicationItemFactory,
    OwnerFactory,
    VaultDocumentFactory,
)
from tests.programs.factories import CallFactory, SupportItemFactory

pytestmark = pytest.mark.django_db(transaction=True)

COMPANIES = 4
DOC_TYPES = (DocumentType.BUSINESS_REGISTRATION, DocumentType.SME_CERTIFICATE)


def pg_env() -> dict[str, str]:
    """libpq's variables for the server the tests run on (pg_dump, pg_restore, createdb and dropdb read them)."""
    params = connection.settings_dict
    env = {**os.environ, "PGHOST": params.get("HOST") or "localhost", "PGPORT": str(params.get("PORT") or 5432)}
    if params.get("USER"):
        env["PGUSER"] = params["USER"]
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return env


def run(*command: str) -> None:
    subprocess.run(command, env=pg_env(), check=True, capture_output=True, text=True)


def fill_portal() -> None:
    """Companies with vault documents, and two applications each with attached documents and their own files."""
    calls = [SupportItemFactory(call=CallFactory()).call for _ in range(2)]
    for n in range(COMPANIES):
        owner = OwnerFactory()
        company = owner.company
        for call in calls:
            application = ApplicationFactory(company=company, call=call, project_title=f"공정개선 {n} {call.code}")
            ApplicationItemFactory(application=application, support_item=call.support_items.first())
            for doc_type in DOC_TYPES:
                ApplicationDocumentFactory(
                    application=application,
                    doc_type=doc_type,
                    document__content=minimal_pdf(f"{company.pk} {call.pk} {doc_type}"),
                )
            content = minimal_pdf(f"quotation {application.pk}")
            ApplicationFile.objects.create(
                application=application,
                title="견적서",
                file=ContentFile(content, name="quotation.pdf"),
                original_filename="견적서.pdf",
                size=len(content),
                file_kind=FileKind.PDF,
                content_type="application/pdf",
                sha256=hashlib.sha256(content).hexdigest(),
            )
        VaultDocumentFactory(company=company, content=minimal_pdf(f"spare {company.pk}"), doc_type=DOC_TYPES[0])


def table_counts(cursor) -> dict[str, int]:
    """Rows of every table of the database (the portal's, Django's and the libraries'), by table."""
    cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def sha256_of(storage, name: str) -> str:
    with storage.open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def test_a_backup_restored_into_a_fresh_database_has_every_application_document_and_file(require_postgres, tmp_path):
    for binary in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        assert shutil.which(binary), f"{binary} is not installed (apt-get install postgresql-client-15)"
    fill_portal()
    fresh = f"{connection.settings_dict['NAME']}_restore"  # test_<db>[_gwN]_restore: its own per CI run and worker
    dump = tmp_path / "portal.dump"
    uploads_archive = tmp_path / "uploads.tar.gz"
    restored_uploads = tmp_path / "restored-uploads"

    # The backup, as docs/operations.md says: the database in custom format, then the uploads folder.
    started = time.monotonic()
    run(
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={dump}",
        connection.settings_dict["NAME"],
    )
    with tarfile.open(uploads_archive, "w:gz") as archive:
        archive.add(settings.MEDIA_ROOT, arcname=".")
    backed_up = time.monotonic() - started

    # The restore: a fresh database and a fresh folder.
    started = time.monotonic()
    run("dropdb", "--if-exists", fresh)
    run("createdb", fresh)
    try:
        run("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={fresh}", str(dump))
        with tarfile.open(uploads_archive) as archive:
            archive.extractall(restored_uploads, filter="data")
        restored_in = time.monotonic() - started
        env = pg_env()
        target = psycopg2.connect(
            dbname=fresh, host=env["PGHOST"], port=env["PGPORT"], user=env.get("PGUSER"), password=env.get("PGPASSWORD")
        )
        try:
            with target.cursor() as cursor:
                restored_counts = table_counts(cursor)
                cursor.execute(f'SELECT id, company_id, call_id, project_title FROM "{Application._meta.db_table}"')
                restored_applications = set(cursor.fetchall())
                cursor.execute(
                    f'SELECT application_id, document_id, doc_type FROM "{ApplicationDocument._meta.db_table}"'
                )
                restored_attachments = set(cursor.fetchall())
                files = []
                for model in (VaultDocument, ApplicationFile):
                    cursor.execute(f'SELECT id, file, sha256 FROM "{model._meta.db_table}"')
                    files += [(model.__name__, *row) for row in cursor.fetchall()]
        finally:
            target.close()
    finally:
        run("dropdb", "--if-exists", fresh)

    with connection.cursor() as cursor:
        assert restored_counts == table_counts(cursor)
    assert restored_applications == set(Application.objects.values_list("id", "company_id", "call_id", "project_title"))
    assert len(restored_applications) == COMPANIES * 2
    assert restored_attachments == set(
        ApplicationDocument.objects.values_list("application_id", "document_id", "doc_type")
    )
    source = {
        (model.__name__, pk, name, sha)
        for model in (VaultDocument, ApplicationFile)
        for pk, name, sha in model.objects.values_list("id", "file", "sha256")
    }
    assert set(files) == source
    assert len(files) == COMPANIES * (2 * len(DOC_TYPES) + 1) + COMPANIES * 2
    restored_storage = FileSystemStorage(location=restored_uploads)
    for _, _, name, sha in files:
        assert sha256_of(restored_storage, name) == sha, name

    rows = sum(restored_counts.values())
    print(
        f"\nbackup and restore: {rows} rows in {len(restored_counts)} tables, "
        f"{len(restored_applications)} applications, "
        f"{len(files)} files ({sum(p.stat().st_size for p in Path(restored_uploads).rglob('*') if p.is_file())} bytes) "
        f"restored with the same SHA-256; dump {dump.stat().st_size} bytes, uploads archive "
        f"{uploads_archive.stat().st_size} bytes; backup {backed_up:.2f} s, restore {restored_in:.2f} s"
    )
