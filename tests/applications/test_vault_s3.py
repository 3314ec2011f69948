"""The vault on an S3-compatible object store, as with several web servers: moto's standalone server (a real HTTP
server speaking the S3 protocol) on loopback, started once for the session; each test gets its own bucket."""

import hashlib
import os
import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest
from botocore.config import Config
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import ApplicationFile, VaultDocument, vault_storage
from applications.services.application_files import application_file_add, application_file_remove
from applications.storage import S3VaultStorage
from applications.workflow import ApplicationStatus
from programs.enums import DocumentType
from tests.programs.factories import CallFactory

from .factories import ApplicationFactory, CompanyMemberFactory, OwnerFactory
from .files import minimal_pdf, png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.services]

KEYS = {"access_key": "testing-key", "secret_key": "testing-secret", "region_name": "us-east-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """moto's server on 127.0.0.1 (MOTO_PORT, else a free port), stopped at the end of the session."""
    port = int(os.environ.get("MOTO_PORT") or free_port())
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], stdout=output, stderr=output
        )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:  # until the server accepts connections (or has died, or 120 s went by)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"moto's S3 server did not start on {endpoint}:\n{log.read_text()}")
            time.sleep(0.05)
    yield endpoint
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def client_for(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name=KEYS["region_name"],
        config=Config(s3={"addressing_style": "path"}),
    )


@pytest.fixture
def bucket(s3_endpoint, settings) -> str:
    """A new bucket, and the vault's storage pointed at it as production's settings do with S3_BUCKET."""
    name = f"vault-{uuid.uuid4().hex[:12]}"
    client_for(s3_endpoint).create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {"BACKEND": "applications.storage.S3VaultStorage", "OPTIONS": options(s3_endpoint, name)},
    }
    return name


def options(endpoint: str, bucket: str) -> dict:
    return {"bucket_name": bucket, "endpoint_url": endpoint, "addressing_style": "path", **KEYS}


def upload(client, name: str, content: bytes):
    data = {"doc_type": DocumentType.SME_CERTIFICATE, "title": "중소기업확인서", "issued_on": "2026-04-01"}
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(reverse("applications:vault_upload"), data)


def test_upload_lands_in_the_bucket_private_and_reads_back_with_its_checksum(client, s3_endpoint, bucket):
    owner = OwnerFactory()
    client.force_login(owner.user)
    pdf = minimal_pdf()
    assert upload(client, "확인서.pdf", pdf).status_code == 302
    document = VaultDocument.objects.get()
    s3 = client_for(s3_endpoint)
    stored = s3.get_object(Bucket=bucket, Key=document.file.name)["Body"].read()
    assert stored == pdf
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    grants = s3.get_object_acl(Bucket=bucket, Key=document.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert grants[0]["Grantee"]["Type"] == "CanonicalUser"  # the owner only: no AllUsers / AuthenticatedUsers

    response = client.get(reverse("applications:vault_download", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    assert response["Cache-Control"] == "private, no-store"


def test_files_have_no_public_url(bucket):
    with pytest.raises(ValueError, match="no URL"):
        vault_storage().url("vault/1/x.pdf")


def test_another_company_gets_404_and_anonymous_goes_to_login(client, bucket):
    owner = OwnerFactory()
    client.force_login(owner.user)
    assert upload(client, "확인서.pdf", minimal_pdf()).status_code == 302
    url = reverse("applications:vault_download", kwargs={"pk": VaultDocument.objects.get().pk})
    client.force_login(CompanyMemberFactory().user)
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_two_servers_see_the_same_files(client, s3_endpoint, bucket):
    """What one web server stores, another (its own storage and S3 client) reads and deletes."""
    owner = OwnerFactory()
    client.force_login(owner.user)
    assert upload(client, "확인서.pdf", minimal_pdf()).status_code == 302
    document = VaultDocument.objects.get()
    server_a, server_b = S3VaultStorage(**options(s3_endpoint, bucket)), S3VaultStorage(**options(s3_endpoint, bucket))
    assert server_a.connection is not server_b.connection
    with server_b.open(document.file.name, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == document.sha256
    name = server_a.save("vault/shared/picture.png", SimpleUploadedFile("p.png", png_bytes()))
    assert server_b.exists(name) and server_b.size(name) == len(png_bytes())
    server_b.delete(name)
    assert not server_a.exists(name)


def test_removing_a_file_deletes_the_object_after_commit(s3_endpoint, bucket, django_capture_on_commit_callbacks):
    owner = OwnerFactory()
    application = ApplicationFactory(company=owner.company, call=CallFactory())
    row = application_file_add(
        application=application,
        acting_user=owner.user,
        title="견적서",
        uploaded_file=SimpleUploadedFile("견적서.pdf", minimal_pdf()),
    )
    name = row.file.name
    assert vault_storage().exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        application_file_remove(file=row, acting_user=owner.user)
    assert not ApplicationFile.objects.exists()
    keys = client_for(s3_endpoint).list_objects_v2(Bucket=bucket).get("Contents", [])
    assert keys == []


def test_a_refused_file_leaves_no_object_in_the_bucket(s3_endpoint, bucket):
    owner = OwnerFactory()
    application = ApplicationFactory(company=owner.company, call=CallFactory(), status=ApplicationStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        application_file_add(
            application=application,
            acting_user=owner.user,
            title="견적서",
            uploaded_file=SimpleUploadedFile("견적서.pdf", minimal_pdf()),
        )
    assert not ApplicationFile.objects.exists()
    assert client_for(s3_endpoint).list_objects_v2(Bucket=bucket).get("Contents", []) == []
