"""What an uploaded file really is: its format read from its content (magic bytes and container members).

The name of a file says nothing reliable: an ``.exe`` renamed ``.pdf`` is refused because its content is not a
PDF, and a real PDF named ``.png`` is refused because the name and the content disagree.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .enums import FileKind

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
PDF_MAGIC = b"%PDF-"
HWP_SIGNATURE = b"HWP Document File"
HWPX_MIMETYPE = b"application/hwp+zip"

EXTENSIONS: dict[str, FileKind] = {
    "pdf": FileKind.PDF,
    "hwp": FileKind.HWP,
    "hwpx": FileKind.HWPX,
    "docx": FileKind.DOCX,
    "xlsx": FileKind.XLSX,
    "jpg": FileKind.JPEG,
    "jpeg": FileKind.JPEG,
    "png": FileKind.PNG,
}
CONTENT_TYPES: dict[FileKind, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.HWP: "application/x-hwp",
    FileKind.HWPX: "application/hwp+zip",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
}
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in EXTENSIONS)
ACCEPTED_LABEL = "PDF, HWP, HWPX, DOCX, XLSX, JPG, PNG"


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    content_type: str
    size: int
    sha256: str


def _zip_kind(stream: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100 and archive.read("mimetype").strip() == HWPX_MIMETYPE:
                    return FileKind.HWPX
            if "word/document.xml" in names:
                return FileKind.DOCX
            if "xl/workbook.xml" in names:
                return FileKind.XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError, ValueError):
        return None
    return None


def _ole_kind(stream: IO[bytes]) -> FileKind | None:
    try:
        with olefile.OleFileIO(stream) as ole:
            if not ole.exists("FileHeader"):
                return None
            with ole.openstream("FileHeader") as header:
                if header.read(len(HWP_SIGNATURE)) == HWP_SIGNATURE:
                    return FileKind.HWP
    except (OSError, ValueError, IndexError, TypeError, EOFError):
        return None
    return None


def detect_kind(stream: IO[bytes]) -> FileKind | None:
    """The accepted format the content is, or ``None``; reads from the start and rewinds."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    try:
        if head.startswith(PDF_MAGIC):
            return FileKind.PDF
        if head.startswith(PNG_MAGIC):
            return FileKind.PNG
        if head.startswith(JPEG_MAGIC):
            return FileKind.JPEG
        if head.startswith(ZIP_MAGIC):
            return _zip_kind(stream)
        if head.startswith(OLE_MAGIC):
            return _ole_kind(stream)
        return None
    finally:
        stream.seek(0)


def extension_of(filename: str) -> str:
    return PurePath(filename or "").suffix.lower().lstrip(".")


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def check_upload(uploaded) -> CheckedFile:
    """Check an uploaded file (a Django ``UploadedFile``); raise ``ValidationError`` with a clear message."""
    size = uploaded.size or 0
    limit = settings.PORTAL_UPLOAD_MAX_BYTES
    if size == 0:
        raise ValidationError(_("The file is empty. Choose a file that has content."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    extension = extension_of(uploaded.name)
    named_kind = EXTENSIONS.get(extension)
    if named_kind is None:
        raise ValidationError(
            _("Files ending in “%(extension)s” are not accepted. Accepted formats: %(accepted)s.")
            % {"extension": f".{extension}" if extension else _("(no extension)"), "accepted": ACCEPTED_LABEL},
            code="extension",
        )
    stream = uploaded.file if hasattr(uploaded, "file") else uploaded
    kind = detect_kind(stream)
    if kind is None:
        raise ValidationError(
            _(
                "The content of this file is not a %(accepted)s document, whatever its name says. "
                "Upload the document itself."
            )
            % {"accepted": ACCEPTED_LABEL},
            code="content",
        )
    if kind != named_kind:
        raise ValidationError(
            _("The file is named “.%(extension)s” but its content is %(kind)s. Rename it or upload the right file.")
            % {"extension": extension, "kind": kind.label},
            code="mismatch",
        )
    return CheckedFile(kind=kind, content_type=CONTENT_TYPES[kind], size=size, sha256=sha256_of(stream))
