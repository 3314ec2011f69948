"""Email backends of the portal.

``EmlDirectoryBackend`` writes each message to its own ``.eml`` file: the default for development and demos,
every message the portal sends can be opened in a mail client or read as text under ``var/mail/``.
``SmtpBackend`` is Django's SMTP backend (what ``EMAIL_URL=smtp://…`` selects), quicker with addresses.
"""

import email.policy
import re
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends import smtp
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone


class EmlDirectoryBackend(BaseEmailBackend):
    def __init__(self, *args, file_path: str | Path | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_DIR)
        self._lock = threading.Lock()

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        if not email_messages:
            return 0
        sent = 0
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            for message in email_messages:
                if not message.recipients():
                    continue
                name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
                temporary = self.directory / f".{name}.tmp"
                temporary.write_bytes(message.message(policy=email.policy.default).as_bytes())
                temporary.rename(self.directory / name)
                sent += 1
        return sent


# A plain ASCII addr-spec (dot-atom local part and domain): what nearly every address is.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*")


class SmtpBackend(smtp.EmailBackend):
    """Django's SMTP backend, minus parsing a plain address with the full header parser for every message:
    an address that is already a plain ASCII addr-spec is its own envelope address, and the others (the
    sender's ``Name <address>``) are parsed once per connection object."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepared: dict[tuple[str, bool], str] = {}

    def prep_address(self, address, force_ascii=True):
        address = str(address)
        if _PLAIN_ADDRESS.fullmatch(address):
            return address
        key = (address, force_ascii)
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = super().prep_address(address, force_ascii=force_ascii)
            if len(self._prepared) < 100:
                self._prepared[key] = prepared
        return prepared
