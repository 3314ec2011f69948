"""The client of the deadline-day scenario: one company's browser, over one keep-alive HTTP connection.

It does what a browser does and nothing more: keeps the cookies it is given, reads the forms of the page it is
on (every named field with the value the page put there, as a browser would post it) and posts them back with
the fields a person changes, and follows a redirect with a GET. Each request is timed and recorded under the
scenario's step name with its status, so that the harness can report rates and p99 per step and count
unexpected answers. Standard library only (``http.client``, ``html.parser``): the client must cost the machine
as little as possible, since it shares the two cores with the server.
"""

import http.client
import secrets
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str = "get"
    enctype: str = "application/x-www-form-urlencoded"
    fields: list[tuple[str, str]] = field(default_factory=list)

    def values(self, **changes: str) -> list[tuple[str, str]]:
        """The fields as the page filled them, with ``changes`` replacing (or adding) named values."""
        out = [(name, changes.get(name, value)) for name, value in self.fields]
        present = {name for name, _value in self.fields}
        out += [(name, value) for name, value in changes.items() if name not in present]
        return out


class FormParser(HTMLParser):
    """Every ``<form>`` of a page with what a browser would submit: inputs (checkboxes and radios only when
    checked, no file inputs, no buttons), textareas and the selected option of each select."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(
                action=a.get("action", ""),
                method=a.get("method", "get").lower(),
                enctype=a.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
            return
        if self._form is None or tag not in ("input", "textarea", "select", "option"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            name = a.get("name")
            if not name or kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.fields.append((name, a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []
        elif tag == "select":
            self._select, self._select_value, self._first_option = a.get("name"), None, None
        elif tag == "option" and self._select:
            self._option = a
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None and self._textarea:
                # A browser drops the one newline that follows <textarea>.
                text = "".join(self._text)
                self._form.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option.get("value", "".join(self._text).strip())
            if self._first_option is None:
                self._first_option = value
            if "selected" in self._option:
                self._select_value = value
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = self._select_value if self._select_value is not None else self._first_option
            if self._form is not None and self._select and chosen is not None:
                self._form.fields.append((self._select, chosen))
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with_action(html: str, ending: str) -> Form:
    """The form whose action path ends with ``ending`` (fragment ignored); ``LookupError`` when the page has none."""
    for form in forms_of(html):
        path = urllib.parse.urlsplit(form.action).path
        if path.endswith(ending):
            return form
    raise LookupError(f"no form posting to …{ending} on the page")


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, str, bytes]]) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body of ``fields`` and ``files`` ``(name, filename, content type, bytes)``."""
    boundary = "----bench" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content_type, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass(frozen=True)
class Sample:
    step: str
    status: int
    seconds: float
    expected: bool


class UnexpectedAnswer(RuntimeError):
    """A step answered something other than what a working portal answers; the journey stops there."""


@dataclass
class Browser:
    """One company's browser: cookies, one connection, and the samples of its requests."""

    host: str
    port: int
    # The address the reverse proxy puts in X-Forwarded-For (the client's own), or None to send none.
    client_address: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    timeout: float = 120

    def __post_init__(self) -> None:
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def close(self) -> None:
        self.connection.close()

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "ko", **extra}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.client_address:
            headers["X-Forwarded-For"] = self.client_address
        return headers

    def request(
        self, step: str, method: str, path: str, *, body: bytes | None = None, content_type: str = "", expect=(200,)
    ) -> tuple[int, str, str]:
        """One request; returns ``(status, Location, body text)`` and records the sample. An answer not in
        ``expect`` raises ``UnexpectedAnswer`` after it is recorded."""
        extra = {"Content-Type": content_type} if content_type else {}
        if method == "POST":
            extra["Referer"] = f"http://{self.host}:{self.port}{path}"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=self._headers(extra))
            response = self.connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # a new connection on the next request
            self.samples.append(Sample(step, 0, time.perf_counter() - started, False))
            raise
        seconds = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                name, _sep, cookie = pair.partition("=")
                if cookie == '""' or "max-age=0" in value.lower():
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = cookie.strip()
        ok = response.status in expect
        self.samples.append(Sample(step, response.status, seconds, ok))
        if not ok:
            raise UnexpectedAnswer(f"{step}: {method} {path} answered {response.status}, expected {expect}")
        return response.status, response.getheader("Location", ""), payload.decode("utf-8", "replace")

    def get(self, step: str, path: str) -> str:
        return self.request(step, "GET", path)[2]

    def post_form(self, step: str, form: Form, values: list[tuple[str, str]], files=None, *, follow: str = "") -> str:
        """Post ``values`` to ``form``'s action, expecting a redirect; follow it with a GET recorded as ``follow``
        (the page the browser shows next) and return that page, or return the redirect target when not followed."""
        action = urllib.parse.urlsplit(form.action).path
        if files is not None:
            body, content_type = multipart(values, files)
        else:
            body, content_type = urllib.parse.urlencode(values).encode(), "application/x-www-form-urlencoded"
        _status, location, _text = self.request(
            step, "POST", action, body=body, content_type=content_type, expect=(302,)
        )
        target = urllib.parse.urlsplit(location)
        path = target.path + (f"?{target.query}" if target.query else "")
        return self.get(follow, path) if follow else path
