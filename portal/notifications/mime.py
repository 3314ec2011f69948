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


class NotificationEmail(EmailMultiAlternatives):
    """Text and one HTML alternative, no attachments: what every notification email is."""

    _prepared: tuple[str, object] | None = None

    def prepare(self, *, policy=email.policy.default) -> None:
        """Build the message and its bytes now (say, in another thread); ``message()`` with a policy of the same
        line ending then returns it instead of building it again."""
        message = self._build(policy)
        if isinstance(message, _Prepared):
            message.freeze()
        self._prepared = (policy.linesep, message)

    def message(self, *, policy=email.policy.default):
        if self._prepared is not None and self._prepared[0] == policy.linesep:
            return self._prepared[1]
        return self._build(policy)

    def _build(self, policy):
        if self.attachments or self.cc or self.reply_to or len(self.alternatives) > 1:
            return super().message(policy=policy)  # not what notifications send: the general way
        mime_policy = _policy(policy.linesep)
        text = _text_part(self.body, "plain", mime_policy)
        if self.alternatives:
            html, _mimetype = self.alternatives[0]
            # Both parts are base64, whose lines never start with "--": a random boundary cannot collide (and
            # the generator need not search the parts for it).
            msg = _Multipart("alternative", boundary=f"=_portal_{uuid.uuid4().hex}", policy=mime_policy)
            msg.attach(text)
            msg.attach(_text_part(str(html), "html", mime_policy))
        else:
            msg = text
        msg["Subject"] = _header_text("Subject", str(self.subject))
        msg["From"] = _address(str(self.extra_headers.get("From", self.from_email)))
        if self.to:
            msg["To"] = ", ".join(_address(str(address)) for address in self.to)
        names = {name.lower() for name in self.extra_headers}
        if "date" not in names:
            msg["Date"] = format_datetime(datetime.now(UTC))
        if "message-id" not in names:
            msg["Message-ID"] = make_msgid(domain=DNS_NAME)
        for name, value in self.extra_headers.items():
            if name.lower() == "bcc":
                raise ValueError('Bcc is not a valid email header. Use the "bcc" argument.')
            if name.lower() not in _OWN or name.lower() == "date":
                msg[name] = _header_text(name, str(value))
        return msg
