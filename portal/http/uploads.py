"""An upload handler that stops storing a file as soon as it passes the vault's limit, and refuses a request whose
declared length could only hold such a file before reading any of it (Django's documented upload-handler API).

A file over ``PORTAL_UPLOAD_MAX_BYTES`` is not kept: the form receives an empty stand-in whose ``size`` says how
far it went, so the check every upload goes through (``applications.uploads.check_upload``) names the field with
its usual "too large" message, and the fields the person typed are parsed as usual. A request whose
``Content-Length`` passes the limit plus ``PORTAL_UPLOAD_REQUEST_MARGIN_BYTES`` is refused before its body is read
(``RequestDataTooBig``: the friendly 413 page; the proxy's ``client_max_body_size`` should refuse it first).
"""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def request_limit() -> int:
    return settings.PORTAL_UPLOAD_MAX_BYTES + settings.PORTAL_UPLOAD_REQUEST_MARGIN_BYTES


class OversizedUpload(UploadedFile):
    """What is left of a file that passed the limit: no content, and the size reached when it was stopped."""

    def __init__(self, *, name: str, content_type: str | None, size: int, charset: str | None) -> None:
        super().__init__(BytesIO(b""), name=name, content_type=content_type, size=size, charset=charset)


class SizeLimitUploadHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: passes a file's chunks on to the memory or temporary-file handler until
    it passes the limit, then swallows the rest and completes it as an ``OversizedUpload``."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > request_limit():
            raise RequestDataTooBig("The upload is larger than PORTAL_UPLOAD_MAX_BYTES plus the request margin.")
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.oversized = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.oversized or start + len(raw_data) > settings.PORTAL_UPLOAD_MAX_BYTES:
            self.oversized = True
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.oversized:
            return None
        return OversizedUpload(
            name=self.file_name, content_type=self.content_type, size=file_size, charset=self.charset
        )
