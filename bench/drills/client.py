"""A tiny HTTP client for the drills (standard library): one connection per request, cookies given, redirects not
followed, every failure recorded as an answer (status 0) rather than raised."""

import http.client
import secrets
import time
import uuid
from dataclasses import dataclass, field

from .infra import GUNICORN_PORT


@dataclass
class Answer:
    method: str
    path: str
    status: int  # 0: no HTTP answer (connection refused, reset, timed out)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    started: float = 0.0  # time.monotonic() when the request was sent
    seconds: float = 0.0
    error: str = ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes | None = None,
            timeout: float = 60) -> Answer:  # fmt: skip
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", GUNICORN_PORT, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        answer = Answer(method, path, response.status, {k.lower(): v for k, v in response.getheaders()},
                        response.read(), started)  # fmt: skip
    except (OSError, http.client.HTTPException) as error:
        answer = Answer(method, path, 0, started=started, error=f"{type(error).__name__}: {error}")
    finally:
        connection.close()
    answer.seconds = time.monotonic() - started
    return answer


class Session:
    """A signed-in company member: the session cookie the harness created, and a CSRF cookie of our own."""

    def __init__(self, session_cookie: str, *, language: str = "ko") -> None:
        self.csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret in the form
        self.cookie = f"{session_cookie}; csrftoken={self.csrf}"
        self.language = language

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Cookie": self.cookie, "Accept-Language": self.language, **extra}

    def get(self, path: str) -> Answer:
        return request("GET", path, headers=self.headers())

    def post(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> Answer:
        boundary = uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in {"csrfmiddlewaretoken": self.csrf, **fields}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in (files or {}).items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = self.headers(**{"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return request("POST", path, headers=headers, body=body)


def pdf_of(size: int, label: str) -> bytes:
    """Bytes that the portal's upload check reads as a PDF (magic bytes), ``size`` long."""
    head = f"%PDF-1.4\n% {label}\n".encode()
    return head + b"0" * max(0, size - len(head) - 6) + b"\n%%EOF"
