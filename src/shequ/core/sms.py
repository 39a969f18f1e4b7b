"""Text messages to a phone number: one-time codes for residents who sign themselves up.
Which gateway is ``settings.SMS_BACKEND`` (``SHEQU_SMS_BACKEND``, a dotted path), as
Django's e-mail backends: a console backend for development, a locmem one for tests; a
deployment plugs in its operator's gateway by subclassing ``Backend``.

A message carries a secret, and the number is personal data: no backend writes either to
the application log. The console backend prints to the server's standard output with the
number masked (the developer's terminal stands in for the phone)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from .validators import mask_phone


@dataclass(frozen=True)
class Sms:
    phone: str  # canonical digits (core.validators.parse_phone)
    body: str


class Backend:
    def send(self, message: Sms) -> None:
        raise NotImplementedError


class DisabledBackend(Backend):
    """Production default until a gateway is configured: nothing can be sent."""

    def send(self, message: Sms) -> None:
        raise LookupError("no SMS gateway is configured (SHEQU_SMS_BACKEND)")


class ConsoleBackend(Backend):
    """Development only: standard output, the number masked, never the logging system."""

    def send(self, message: Sms) -> None:
        sys.stdout.write(f"\n--- SMS to {mask_phone(message.phone)}\n{message.body}\n---\n")
        sys.stdout.flush()


outbox: list[Sms] = []


class LocmemBackend(Backend):
    """Tests: keep the messages in ``outbox``."""

    def send(self, message: Sms) -> None:
        outbox.append(message)


def backend() -> Backend:
    return import_string(settings.SMS_BACKEND)()


def send(*, phone: str, body: str) -> None:
    """Send ``body`` to ``phone``; LookupError when no gateway is configured."""
    backend().send(Sms(phone, str(body)))
