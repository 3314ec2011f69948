"""Email backends of the portal.

``EmlDirectoryBackend`` writes each message to its own ``.eml`` file: the default for development and demos,
every message the portal sends can be opened in a mail client or read as text under ``var/mail/``.
``EMAIL_URL=smtp://…`` selects Django's own SMTP backend instead.
"""

import email.policy
import threading
import uuid
from pathlib import Path

from django.conf import settings
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
