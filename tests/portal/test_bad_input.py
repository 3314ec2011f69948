"""Bad request bodies answer 400/413 (JSON on the API, a friendly page elsewhere), never 500, and a body over the
limit is refused from its declared length before it is read."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.test.client import BOUNDARY, encode_multipart
from django.urls import reverse

from applications.models import VaultDocument
from portal.http.uploads import OversizedUpload
from programs.enums import DocumentType
from tests.applications.factories import OwnerFactory
from tests.applications.files import minimal_pdf

pytestmark = pytest.mark.django_db

CHECK = "/api/v1/eligibility/check"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"  # a copy: the client encodes only its own constant


class CountingStream(io.BytesIO):
    """A request body that remembers how many bytes the server read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def post_json(client, body: bytes, content_type: str = "application/json"):
    return client.post(CHECK, body, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("nested 1,451 levels", b"[" * 1451 + b"]" * 1451),
        ("nested objects", b'{"a":' * 5000 + b"1" + b"}" * 5000),
        ("invalid UTF-8", b'{"company": {"address": "\xff\xfe"}}'),
        ("NaN", b'{"company": {"regular_employees": NaN}}'),
        ("Infinity", b'{"company": {"regular_employees": Infinity}}'),
        ("a 5,000-digit number", b'{"company": {"regular_employees": ' + b"9" * 5000 + b"}}"),
        ("truncated", b'{"company": {'),
        ("empty object text", b"   "),
        ("an array", b"[1, 2]"),
        ("a string", b'"company"'),
        ("null", b"null"),
        ("company as a list", b'{"company": [1]}'),
    ],
)
def test_bad_json_bodies_answer_400_in_json(client, name, body):
    response = post_json(client, body)
    assert response.status_code == 400, (name, response.content[:300])
    assert response["Content-Type"] == "application/json"
    assert response.json()


def test_a_body_over_the_limit_answers_413_in_json_without_being_read(client, settings):
    body = json.dumps({"company": {"address": "x" * 5_000_000}}).encode()
    stream = CountingStream(body)
    response = client.post(CHECK, body, content_type="application/json", **{"wsgi.input": stream})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "2621440" in response.json()["detail"]
    assert stream.bytes_read == 0


def test_an_understated_length_is_still_cut_at_the_limit(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"company": {"address": "x" * 5000}}).encode()
    response = client.post(CHECK, body, content_type="application/json", CONTENT_LENGTH=str(len(body)))
    assert response.status_code == 413


def test_a_body_of_another_type_answers_415_in_json(client):
    response = client.post(CHECK, "company=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response["Content-Type"] == "application/json"


def test_a_year_too_large_for_the_database_is_a_404_not_a_500(client):
    response = client.get("/api/v1/results/99999999999999999999/")
    assert response.status_code == 404
    response = client.get("/company/documents/99999999999999999999/download/")
    assert response.status_code in (302, 404)


def test_a_page_answers_an_oversized_form_with_a_friendly_413_without_reading_it(client):
    owner = OwnerFactory()
    client.force_login(owner.user)
    body = b"title=" + b"x" * 3_000_000
    stream = CountingStream(body)
    response = client.post(
        reverse("applications:vault_upload"),
        body,
        content_type="application/x-www-form-urlencoded",
        **{"wsgi.input": stream},
    )
    assert response.status_code == 413
    assert "업로드가 너무 큽니다" in response.content.decode()
    assert stream.bytes_read == 0
    assert not VaultDocument.objects.exists()


def vault_form(file_bytes: bytes) -> dict:
    return {
        "doc_type": DocumentType.SME_CERTIFICATE,
        "title": "중소기업확인서 2026",
        "issued_on": "2026-04-01",
        "file": SimpleUploadedFile("big.pdf", file_bytes),
    }


def test_an_upload_over_the_limit_plus_margin_is_refused_before_reading(client, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 2000
    settings.PORTAL_UPLOAD_REQUEST_MARGIN_BYTES = 1000
    owner = OwnerFactory()
    client.force_login(owner.user)
    body = encode_multipart(BOUNDARY, vault_form(minimal_pdf() + b"%" * 10_000))
    stream = CountingStream(body)
    response = client.post(reverse("applications:vault_upload"), body, content_type=MULTIPART, **{"wsgi.input": stream})
    assert response.status_code == 413
    assert stream.bytes_read == 0
    assert not VaultDocument.objects.exists()


def test_a_file_over_the_limit_is_not_stored_and_reaches_the_form_as_too_large(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 2000
    content = minimal_pdf() + b"%" * 4000
    body = encode_multipart(BOUNDARY, vault_form(content))
    request = RequestFactory().post("/", body, content_type=MULTIPART)
    uploaded = request.FILES["file"]
    assert isinstance(uploaded, OversizedUpload)
    assert uploaded.size == len(content)
    assert uploaded.read() == b""
    assert request.POST["title"] == "중소기업확인서 2026"


def test_the_vault_form_names_the_file_and_keeps_what_was_typed(client, settings, english):
    settings.PORTAL_UPLOAD_MAX_BYTES = 2000
    owner = OwnerFactory()
    client.force_login(owner.user)
    response = client.post(reverse("applications:vault_upload"), vault_form(minimal_pdf() + b"%" * 4000))
    assert response.status_code == 400
    form = response.context["form"]
    assert "files may be at most 2.0" in form.errors["file"][0]
    assert form["title"].value() == "중소기업확인서 2026"
    assert form["issued_on"].value() == "2026-04-01"
    assert not VaultDocument.objects.exists()


def our_url_patterns(resolver=None, prefix=""):
    """Every URL pattern of the portal's own apps, as (route, view module)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from our_url_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "") or ""
            if module.split(".")[0] in {"portal", "applications", "programs", "reports"}:
                yield route, module


def test_the_portals_urls_take_numbers_with_the_bounded_converter():
    """``<int:…>`` accepts any number of digits and the database then fails on one over 64 bits (a 500);
    ``<num:…>`` (portal/http/converters.py) answers 404 instead. A new URL with ``<int:`` fails here."""
    patterns = list(our_url_patterns())
    assert len(patterns) > 100
    offenders = [f"{route} ({module})" for route, module in patterns if "<int:" in route]
    assert not offenders, "use <num:…> in: " + ", ".join(offenders)
