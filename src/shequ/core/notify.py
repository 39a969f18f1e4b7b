"""Messages to one user through their own channel: one-time links and codes (password
reset, account activation). Which channel is ``settings.NOTIFY_BACKEND``.

A message may carry a secret, so no backend writes it to the application log: the log is
read by operators and administrators, who must not receive another person's code.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Message:
    username: str
    address: str
    subject: str
    body: str


class Backend:
    """Delivers a message to the user. ``address_of`` is where it would go ('' when the
    user has no address on this channel: nothing can be sent)."""

    def address_of(self, user) -> str:
        raise NotImplementedError

    def send(self, message: Message) -> None:
        raise NotImplementedError


class EmailBackend(Backend):
    """Django's e-mail (settings EMAIL_*) to the account's address."""

    def address_of(self, user) -> str:
        return (user.email or "").strip()

    def send(self, message: Message) -> None:
        send_mail(message.subject, message.body, None, [message.address])


class ConsoleBackend(Backend):
    """Development: print to the server's standard output (the terminal of whoever runs
    ``make demo`` stands in for the user's phone). Not the logging system."""

    def address_of(self, user) -> str:
        return (user.email or "").strip() or f"console:{user.username}"

    def send(self, message: Message) -> None:
        sys.stdout.write(f"\n--- to {message.address}: {message.subject}\n{message.body}\n---\n")
        sys.stdout.flush()


outbox: list[Message] = []


class LocmemBackend(ConsoleBackend):
    """Tests: keep the messages in ``outbox``."""

    def send(self, message: Message) -> None:
        outbox.append(message)


def backend() -> Backend:
    return import_string(settings.NOTIFY_BACKEND)()


def address_of(user) -> str:
    return backend().address_of(user)


def send(*, user, subject: str, body: str) -> str:
    """Send ``body`` to ``user``; returns the address used. Raises LookupError when the
    user cannot be reached on the configured channel."""
    b = backend()
    address = b.address_of(user)
    if not address:
        raise LookupError("no address")
    b.send(Message(user.username, address, str(subject), str(body)))
    return address


def masked(address: str) -> str:
    """``z***@example.com`` / ``138****6871``: what an administrator may be told."""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    if address.startswith("console:"):
        return address
    return address[:3] + "****" + address[-4:] if len(address) > 7 else "****"
