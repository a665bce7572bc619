"""A real SMTP server on loopback (aiosmtpd) that keeps the messages it receives."""

import email
import email.policy
import socket

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    """Started on a free port; ``messages`` holds what it received (email.message objects)."""

    def __init__(self):
        self._handler = _Keep()
        self.port = _free_port()
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    @property
    def messages(self):
        return self._handler.messages

    def stop(self):
        self._controller.stop()
