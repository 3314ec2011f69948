"""A local SMTP server for tests (aiosmtpd), counting the messages it accepts by Message-ID and its connections.

A message counts as received when the server accepts it (its 250 reply), as a real MTA does. It can refuse
with 451 (``refuse(n)``), refuse given recipients with a reply of choice (``recipient_replies``), and hold one
message before accepting it (``hold_at``): a held message whose client went away while it was held is not
accepted (RFC 1047: the server takes responsibility with its reply).
"""

import asyncio
import contextlib
import socket
import threading
from collections import Counter
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_EHLO(self, server, session, envelope, hostname, responses) -> list[str]:
        """Each connection greets once: the count of greetings is the count of connections."""
        session.host_name = hostname
        with self.sink.lock:
            self.sink.connections += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        reply = self.sink.recipient_replies.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        sink = self.sink
        with sink.lock:
            if sink.refusals > 0:
                sink.refusals -= 1
                sink.refused += 1
                return "451 4.3.0 Mailbox busy, try again later"
            hold = sink.hold_at is not None and sum(sink.received.values()) + 1 == sink.hold_at
            if hold:
                sink.hold_at = None
        if hold:
            sink.holding.set()
            try:
                while not sink.release.is_set():
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.2)  # let the event loop notice a client that went away
            except asyncio.CancelledError:  # aiosmtpd cancels the handler when the client disconnects
                with sink.lock:
                    sink.dropped += 1
                raise
            if server.transport is None or server.transport.is_closing():
                with sink.lock:
                    sink.dropped += 1
                return "451 4.4.2 Connection lost before the message was accepted"
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        with sink.lock:
            sink.received[headers.get("Message-ID", "")] += 1
            sink.messages.append(headers)
        return "250 2.0.0 OK"


class SmtpSink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self.messages: list = []
        self.refusals = 0
        self.refused = 0
        self.recipient_replies: dict[str, str] = {}  # address → reply, e.g. "451 4.2.1 Mailbox busy"
        self.dropped = 0
        self.connections = 0  # SMTP sessions opened (EHLO)
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())

    def refuse(self, count: int) -> None:
        with self.lock:
            self.refusals = count

    def duplicates(self) -> dict[str, int]:
        with self.lock:
            return {key: count for key, count in self.received.items() if count > 1}

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.release.set()
        with contextlib.suppress(AssertionError):  # already stopped
            self.controller.stop()
