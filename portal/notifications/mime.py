"""The email of a notification: plain text and HTML, built with the standard library's classic MIME classes.

Django's ``EmailMessage.message()`` builds on ``email.message.EmailMessage`` and its header registry, which
parses and refolds every header; for the two-part, attachment-free messages the portal sends that cost about
four times what rendering the templates does, on a worker that sends hundreds a second. ``NotificationEmail``
is an ordinary ``EmailMultiAlternatives`` (every mail backend takes it) whose ``message()`` builds the same
message with ``email.mime`` under the ``compat32`` policy: headers encoded once (RFC 2047 for non-ASCII words,
IDNA for domains), both parts UTF-8 in base64 (7-bit clean for any server), the line ending of the policy that
the backend asks for (CRLF for SMTP).
"""

import email.policy
import functools
import uuid
from datetime import UTC, datetime
from email.charset import BASE64, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, getaddresses, make_msgid

from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME

UTF8 = Charset("utf-8")
UTF8.header_encoding = BASE64
UTF8.body_encoding = BASE64
_POLICIES: dict[str, email.policy.Policy] = {}
MAX_LINE = 78
# Headers this class writes itself; an extra header of the same name would repeat them.
_OWN = frozenset({"subject", "from", "to", "cc", "reply-to", "date", "mime-version", "content-type"})


class _Compat32(email.policy.Compat32):
    """``compat32`` that writes a 7-bit header whose lines already fit as it is, instead of wrapping every header
    in a ``Header`` to fold it again (most of the time the generator spends on a message)."""

    def _fold(self, name, value, sanitize):
        if isinstance(value, str) and value.isascii() and "\r" not in value:
            lines = value.split("\n")
            if len(name) + 2 + len(lines[0]) <= MAX_LINE and all(
                len(line) <= MAX_LINE and line[:1] in (" ", "\t") for line in lines[1:]
            ):
                return f"{name}: {self.linesep.join(lines)}{self.linesep}"
        return super()._fold(name, value, sanitize)


class _Prepared:
    """A message built ahead that also keeps its bytes (what a mail backend asks of it)."""

    _bytes: bytes | None = None

    def freeze(self) -> None:
        self._bytes = None
        self._bytes = self.as_bytes()

    def as_bytes(self, unixfrom=False, policy=None):
        if self._bytes is not None and not unixfrom and policy is None:
            return self._bytes
        return super().as_bytes(unixfrom=unixfrom, policy=policy)


class _Multipart(_Prepared, MIMEMultipart):
    pass


class _Text(_Prepared, MIMEText):
    pass


def _policy(linesep: str) -> email.policy.Policy:
    policy = _POLICIES.get(linesep)
    if policy is None:
        policy = _POLICIES[linesep] = _Compat32(linesep=linesep)
    return policy


def _header_text(name: str, value: str) -> str:
    """A header value as 7-bit text: as it is when ASCII, else RFC 2047 encoded words."""
    if "\n" in value or "\r" in value:
        raise ValueError(f"header values cannot contain newlines: {value!r}")
    if value.isascii():
        return value
    return Header(value, UTF8, maxlinelen=76, header_name=name).encode()


def _text_part(text: str, subtype: str, policy: email.policy.Policy) -> MIMEText:
    """A UTF-8 text part; its lines end in CRLF before the base64 encoding, as RFC 2045 asks of text."""
    canonical = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return _Text(canonical, subtype, UTF8, policy=policy)


@functools.lru_cache(maxsize=512)
def _address(value: str) -> str:
    """One ``Name <local@domain>`` for a header: the name encoded, the domain in IDNA, the local part ASCII."""
    if "\n" in value or "\r" in value:
        raise ValueError(f"addresses cannot contain newlines: {value!r}")
    (name, address), *rest = getaddresses([value]) or [("", "")]
    local, at, domain = address.rpartition("@")
    if rest or not at or not local or not domain:
        raise ValueError(f"invalid address: {value!r}")
    if not local.isascii():
        raise ValueError(f"the local part of {value!r} is not ASCII")
    domain = domain.encode("idna").decode("ascii")
    return formataddr((name, f"{local}@{domain}"), charset=UTF8)


class _Ready:
    """What ``message()`` returns for a message prepared as bytes: the bytes at once (all that an SMTP backend
    asks for); anything else is answered by the message object, built on first use with the same boundary,
    date and Message-ID, so that it is the same message."""

    def __init__(self, data: bytes, build) -> None:
        self._data, self._build, self._message = data, build, None

    def as_bytes(self, unixfrom=False, policy=None) -> bytes:
        if not unixfrom and policy is None:
            return self._data
        return self._full().as_bytes(unixfrom=unixfrom, policy=policy)

    __bytes__ = as_bytes

    def _full(self):
        if self._message is None:
            self._message = self._build()
        return self._message

    def __getattr__(self, name):
        return getattr(self._full(), name)

    def __getitem__(self, name):
        return self._full()[name]

    def __contains__(self, name) -> bool:
        return name in self._full()

    def __str__(self) -> str:
        return str(self._full())


def _body_lines(payload: str | bytes, linesep: str) -> str:
    """A part's encoded payload as the generator writes it (``Generator._write_lines``)."""
    if isinstance(payload, bytes):  # base64 of nothing is the nothing it was given
        payload = payload.decode("ascii")
    lines = payload.split("\n")
    return "".join(line + linesep for line in lines[:-1]) + lines[-1]


class NotificationEmail(EmailMultiAlternatives):
    """Text and one HTML alternative, no attachments: what every notification email is."""

    _prepared: tuple[str, object] | None = None
    # Boundary, Date and Message-ID, chosen once: every build of this message is the same message.
    _stamp: tuple[str, str, str] | None = None

    def prepare(self, *, policy=email.policy.default) -> None:
        """Build the message's bytes now (say, in another thread); ``message()`` with a policy of the same line
        ending then returns them instead of building the message again."""
        if self._is_plain():
            message = _Ready(self._bytes(policy.linesep), lambda: self._build(policy))
        else:
            message = self._build(policy)
            if isinstance(message, _Prepared):
                message.freeze()
        self._prepared = (policy.linesep, message)

    def message(self, *, policy=email.policy.default):
        if self._prepared is not None and self._prepared[0] == policy.linesep:
            return self._prepared[1]
        return self._build(policy)

    def _is_plain(self) -> bool:
        return not (self.attachments or self.cc or self.reply_to or len(self.alternatives) > 1)

    def _stamped(self) -> tuple[str, str, str]:
        if self._stamp is None:
            self._stamp = (
                f"=_portal_{uuid.uuid4().hex}",
                format_datetime(datetime.now(UTC)),
                make_msgid(domain=DNS_NAME),
            )
        return self._stamp

    def _headers(self) -> list[tuple[str, str]]:
        """The message's own headers after the MIME ones, in order, as 7-bit text."""
        _boundary, date, msgid = self._stamped()
        headers = [
            ("Subject", _header_text("Subject", str(self.subject))),
            ("From", _address(str(self.extra_headers.get("From", self.from_email)))),
        ]
        if self.to:
            headers.append(("To", ", ".join(_address(str(address)) for address in self.to)))
        names = {name.lower() for name in self.extra_headers}
        if "date" not in names:
            headers.append(("Date", date))
        if "message-id" not in names:
            headers.append(("Message-ID", msgid))
        for name, value in self.extra_headers.items():
            if name.lower() == "bcc":
                raise ValueError('Bcc is not a valid email header. Use the "bcc" argument.')
            if name.lower() not in _OWN or name.lower() == "date":
                headers.append((name, _header_text(name, str(value))))
        return headers

    def _build(self, policy):
        if not self._is_plain():
            return super().message(policy=policy)  # not what notifications send: the general way
        mime_policy = _policy(policy.linesep)
        text = _text_part(self.body, "plain", mime_policy)
        if self.alternatives:
            html, _mimetype = self.alternatives[0]
            # Both parts are base64, whose lines never start with "--": a random boundary cannot collide (and
            # the generator need not search the parts for it).
            msg = _Multipart("alternative", boundary=self._stamped()[0], policy=mime_policy)
            msg.attach(text)
            msg.attach(_text_part(str(html), "html", mime_policy))
        else:
            msg = text
        for name, value in self._headers():
            msg[name] = value
        return msg

    def _bytes(self, linesep: str) -> bytes:
        """The bytes that ``_build(policy).as_bytes()`` gives, written directly: the same headers, folded by the
        same policy, and the same base64 parts, without building the message objects (a fifth of the time)."""
        fold = _policy(linesep).fold_binary

        def part(text: str, subtype: str) -> bytes:
            canonical = text.replace("\r\n", "\n").replace("\n", "\r\n")
            return b"".join(
                [
                    fold("Content-Type", f'text/{subtype}; charset="utf-8"'),
                    fold("MIME-Version", "1.0"),
                    fold("Content-Transfer-Encoding", "base64"),
                    linesep.encode(),
                    _body_lines(UTF8.body_encode(canonical.encode()), linesep).encode("ascii"),
                ]
            )

        own = b"".join(fold(name, value) for name, value in self._headers())
        if not self.alternatives:
            text = part(self.body, "plain")
            head, _blank, body = text.partition((linesep * 2).encode())
            return head + linesep.encode() + own + linesep.encode() + body
        boundary = self._stamped()[0]
        html, _mimetype = self.alternatives[0]
        nl = linesep
        return b"".join(
            [
                fold("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
                fold("MIME-Version", "1.0"),
                own,
                nl.encode(),
                f"--{boundary}{nl}".encode(),
                part(self.body, "plain"),
                f"{nl}--{boundary}{nl}".encode(),
                part(str(html), "html"),
                f"{nl}--{boundary}--{nl}".encode(),
            ]
        )
