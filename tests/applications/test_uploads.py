import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.enums import FileKind
from applications.uploads import check_upload

from .files import (
    docx_bytes,
    exe_bytes,
    hwp_bytes,
    hwpx_bytes,
    jpeg_bytes,
    minimal_pdf,
    ole_other_bytes,
    plain_zip_bytes,
    png_bytes,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("사업자등록증.pdf", minimal_pdf(), FileKind.PDF),
        ("scan.png", png_bytes(), FileKind.PNG),
        ("scan.jpg", jpeg_bytes(), FileKind.JPEG),
        ("scan.JPEG", jpeg_bytes(), FileKind.JPEG),
        ("plan.docx", docx_bytes(), FileKind.DOCX),
        ("figures.xlsx", xlsx_bytes(), FileKind.XLSX),
        ("plan.hwpx", hwpx_bytes(), FileKind.HWPX),
        ("plan.hwp", hwp_bytes(), FileKind.HWP),
    ],
)
def test_accepted_formats_are_recognised_by_content(name, content, kind):
    checked = check_upload(SimpleUploadedFile(name, content))
    assert checked.kind == kind
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


def _error(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content))
    return caught.value


def test_exe_renamed_pdf_is_refused():
    error = _error("invoice.pdf", exe_bytes())
    assert error.code == "content"
    assert "whatever its name says" in error.messages[0]


def test_empty_file_is_refused():
    assert _error("empty.pdf", b"").code == "empty"


def test_file_over_the_limit_is_refused(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 100
    error = _error("big.pdf", minimal_pdf())
    assert error.code == "too_large"
    assert "100" in error.messages[0]


def test_name_and_content_must_agree():
    error = _error("photo.png", minimal_pdf())
    assert error.code == "mismatch"
    assert "PDF" in error.messages[0]


@pytest.mark.parametrize("name", ["run.exe", "archive.zip", "noextension", "sheet.xls"])
def test_other_extensions_are_refused(name):
    assert _error(name, minimal_pdf()).code == "extension"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.docx", plain_zip_bytes()),
        ("fake.hwp", ole_other_bytes()),
        ("fake.xlsx", b"PK\x03\x04 not really a zip"),
        ("fake.jpg", b"GIF89a" + b"\x00" * 20),
    ],
)
def test_containers_without_the_right_members_are_refused(name, content):
    assert _error(name, content).code == "content"


def test_docx_named_xlsx_is_a_mismatch():
    assert _error("sheet.xlsx", docx_bytes()).code == "mismatch"
