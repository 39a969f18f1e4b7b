"""Channels a notification goes out on besides the centre, all behind one interface:
``Channel.send_many(messages)``. Which class serves a channel name is
``settings.NOTICES_CHANNELS`` (name → dotted path), as Django's e-mail backends are chosen;
the console channel is the default (``NOTICES_DEFAULT_CHANNEL``).

Personal data never reaches the log in clear: the console channel prints the phone masked,
the SMS channel hands the number to the gateway (``core.sms``) only, and the WeChat channel
sends an openid to its transport, never to a log. No channel touches the network in tests
(the SMS gateway and the WeChat transport are locmem there)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from shequ.core import crypto, sms
from shequ.core.validators import mask_phone

DEFAULT_CHANNELS = {
    "console": "shequ.notices.channels.ConsoleChannel",
    "sms": "shequ.notices.channels.SmsChannel",
    "wechat": "shequ.notices.channels.WeChatTemplateChannel",
}


@dataclass(frozen=True)
class Outgoing:
    """One message for one user: the title, the text (a digest's lines) and the link."""

    user_id: int
    username: str
    title: str
    body: str
    link: str = ""
    phone: str = ""     # the clear number, only for channels that need it


class Channel:
    """Subclass with ``send_many``; ``needs_phone`` asks the worker to decrypt the
    recipients' phones (once per batch) for this channel."""

    label = ""
    needs_phone = False

    def send_many(self, messages: list[Outgoing]) -> int:
        """Send what can be sent; returns how many went out (a user without an address on
        this channel is skipped: the notification stays in their centre)."""
        raise NotImplementedError


class ConsoleChannel(Channel):
    """Development and the default: standard output, one write per batch, the phone masked
    (the terminal of whoever runs the server stands in for the user's phone)."""

    label = _("Console")

    def send_many(self, messages: list[Outgoing]) -> int:
        sys.stdout.write("".join(
            f"--- to {m.username}{' ' + mask_phone(m.phone) if m.phone else ''}: {m.title}\n"
            f"{m.body}\n" for m in messages))
        sys.stdout.flush()
        return len(messages)


outbox: list[Outgoing] = []


class LocmemChannel(Channel):
    """Tests: keep the messages in ``outbox``."""

    label = _("Console")

    def send_many(self, messages: list[Outgoing]) -> int:
        outbox.extend(messages)
        return len(messages)


class SmsChannel(Channel):
    """Text messages through the SMS gateway of ``core.sms`` (``SHEQU_SMS_BACKEND``)."""

    label = _("Text message")
    needs_phone = True

    def send_many(self, messages: list[Outgoing]) -> int:
        gateway, sent = sms.backend(), 0
        for m in messages:
            if not m.phone:
                continue
            text = f"{m.title}\n{m.body}".strip()[:300]
            gateway.send(sms.Sms(m.phone, text))
            sent += 1
        return sent


class WeChatTemplateChannel(Channel):
    """WeChat template messages (模板消息): ``settings.NOTICES_WECHAT`` gives the
    ``template_id``, ``openid_lookup`` (dotted path of ``fn(user_ids) -> {id: openid}``,
    the deployment's link between accounts and its official account) and ``transport``
    (dotted path of a class with ``post(payload: dict)``, which holds the access token and
    calls the WeChat API). Without them nothing is sent."""

    label = _("WeChat")

    def __init__(self):
        conf = getattr(settings, "NOTICES_WECHAT", {}) or {}
        self.template_id = conf.get("template_id", "")
        self.lookup = import_string(conf["openid_lookup"]) if conf.get("openid_lookup") else None
        self.transport = import_string(conf["transport"])() if conf.get("transport") else None

    def payload(self, openid: str, m: Outgoing) -> dict:
        return {"touser": openid, "template_id": self.template_id, "url": m.link,
                "data": {"first": {"value": m.title}, "remark": {"value": m.body[:180]}}}

    def send_many(self, messages: list[Outgoing]) -> int:
        if self.lookup is None or self.transport is None or not self.template_id:
            return 0
        openids = self.lookup([m.user_id for m in messages])
        sent = 0
        for m in messages:
            if openids.get(m.user_id):
                self.transport.post(self.payload(openids[m.user_id], m))
                sent += 1
        return sent


wechat_outbox: list[dict] = []


class LocmemWeChatTransport:
    """Tests: keep the payloads in ``wechat_outbox`` instead of calling WeChat."""

    def post(self, payload: dict) -> None:
        wechat_outbox.append(payload)


def names() -> list[str]:
    return list(_configured())


def _configured() -> dict[str, str]:
    return getattr(settings, "NOTICES_CHANNELS", None) or DEFAULT_CHANNELS


def default_name() -> str:
    return getattr(settings, "NOTICES_DEFAULT_CHANNEL", "console")


def get(name: str) -> Channel:
    return import_string(_configured()[name])()


def clear_phone(phone_enc) -> str:
    """The clear number of an account's phone, for a channel that sends to it (never
    logged, never stored elsewhere)."""
    return crypto.decrypt(phone_enc) if phone_enc else ""
