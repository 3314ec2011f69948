"""The upload disk full: a real filesystem that answers ENOSPC (a 1 MB tmpfs, nearly filled). The company sees a
clear error on the file field with what it typed kept; no row is saved and no partial file is left behind.

Mounting needs root: CI runs as root; elsewhere these tests are skipped (failed under REQUIRE_SERVICES=1)."""

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import ApplicationFile, VaultDocument
from applications.services.application_files import application_file_add
from programs.enums import DocumentType
from tests.conftest import service_missing

from .apply_setup import ready_application
from .factories import OwnerFactory
from .files import minimal_pdf

pytestmark = pytest.mark.django_db

STORAGE_FULL = (
    "The portal's file storage is full, so the file was not saved. Nothing was changed; please try again later or "
    "contact the Technopark."
)


@pytest.fixture
def full_disk(settings, tmp_path) -> Iterator[Path]:
    """MEDIA_ROOT on a tmpfs of 1 MB with 64 KB left free."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        service_missing("the full-disk tests mount a tmpfs, which needs root (CI runs as root)")
    root = tmp_path / "small-disk"
    root.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(root)], capture_output=True)
    if mounted.returncode != 0:
        service_missing(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        (root / "filler").write_bytes(b"\0" * (1024 * 1024 - 64 * 1024))
        settings.MEDIA_ROOT = root
        yield root
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)


def large_pdf() -> bytes:
    """A PDF of 200 KB: more than the disk has left."""
    return minimal_pdf() + b"%" + b"0" * 200_000 + b"\n"


def files_on(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_a_vault_upload_to_a_full_disk_is_an_error_on_the_file_field(client, full_disk):
    client.force_login(OwnerFactory().user)
    data = {"doc_type": DocumentType.SME_CERTIFICATE, "title": "디스크가 가득 찬 날", "issued_on": "2026-04-01"}
    response = client.post(
        reverse("applications:vault_upload"), {**data, "file": SimpleUploadedFile("확인서.pdf", large_pdf())}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": [STORAGE_FULL]}
    page = response.content.decode()
    assert 'value="디스크가 가득 찬 날"' in page
    assert not VaultDocument.objects.exists()
    assert files_on(full_disk) == ["filler"]  # the part written before the disk filled was removed

    (full_disk / "filler").unlink()  # room again: the same upload goes through
    response = client.post(
        reverse("applications:vault_upload"), {**data, "file": SimpleUploadedFile("확인서.pdf", large_pdf())}
    )
    assert response.status_code == 302
    document = VaultDocument.objects.get()
    assert files_on(full_disk) == [document.file.name]
    assert (full_disk / document.file.name).stat().st_size == document.size


def test_an_application_file_on_a_full_disk_saves_nothing(full_disk):
    application = ready_application()
    owner = application.company.members.get().user
    before = files_on(full_disk)  # the filler and the application's small vault documents
    with pytest.raises(ValidationError) as refused:
        application_file_add(
            application=application,
            acting_user=owner,
            title="견적서",
            uploaded_file=SimpleUploadedFile("견적서.pdf", large_pdf()),
        )
    assert refused.value.message_dict == {"file": [STORAGE_FULL]}
    assert not ApplicationFile.objects.exists()
    assert files_on(full_disk) == before
