"""Encryption at rest and keyed hashes for personal data (ID numbers, phones).

Ciphertext layout: ``key_id_len (1 byte) || key_id || nonce (12) || AES-256-GCM(ct||tag)``.
The key id is authenticated as associated data, so a row cannot be swapped to another key.
The first configured key encrypts; every configured key decrypts (rotation). Look-ups go
through :func:`blind_index`, an HMAC-SHA256 of the normalised value under a separate key,
namespaced by kind so an ID hash never equals a phone hash. Bulk paths (import, demo) call
these same functions.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Keyring:
    primary_id: str
    keys: dict[str, AESGCM]
    hash_key: bytes


def _parse_keys(spec: str) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        key_id, _, b64 = item.partition(":")
        raw = base64.b64decode(b64)
        if not key_id or len(key_id) > 16 or len(raw) != 32:
            raise ImproperlyConfigured(
                "SHEQU_ENCRYPTION_KEYS entries must be 'id:base64(32 bytes)', id ≤ 16 chars"
            )
        keys[key_id] = raw
    if not keys:
        raise ImproperlyConfigured("SHEQU_ENCRYPTION_KEYS is empty")
    return keys


@lru_cache(maxsize=4)
def _keyring(spec: str, hash_key: str) -> Keyring:
    raw = _parse_keys(spec)
    if not hash_key:
        raise ImproperlyConfigured("SHEQU_HASH_KEY must be set")
    return Keyring(
        primary_id=next(iter(raw)),
        keys={k: AESGCM(v) for k, v in raw.items()},
        hash_key=hash_key.encode(),
    )


def keyring() -> Keyring:
    return _keyring(settings.ENCRYPTION_KEYS or "", settings.HASH_KEY or "")


def encrypt(plaintext: str) -> bytes:
    """Encrypt with the primary key; a fresh random nonce each call."""
    ring = keyring()
    kid = ring.primary_id.encode()
    nonce = os.urandom(12)
    ct = ring.keys[ring.primary_id].encrypt(nonce, plaintext.encode(), kid)
    return bytes([len(kid)]) + kid + nonce + ct


def decrypt(blob: bytes | memoryview) -> str:
    """Decrypt with whichever configured key wrote the value; InvalidTag if tampered."""
    blob = bytes(blob)
    n = blob[0]
    kid = blob[1 : 1 + n]
    nonce = blob[1 + n : 13 + n]
    ct = blob[13 + n :]
    ring = keyring()
    try:
        aead = ring.keys[kid.decode()]
    except KeyError as exc:
        raise ImproperlyConfigured(f"encryption key {kid.decode()!r} is not configured") from exc
    return aead.decrypt(nonce, ct, kid).decode()


def key_id_of(blob: bytes | memoryview) -> str:
    blob = bytes(blob)
    return blob[1 : 1 + blob[0]].decode()


def blind_index(kind: str, normalised: str) -> str:
    """Keyed hash for exact look-up and uniqueness. ``normalised`` must already be canonical."""
    mac = hmac.new(keyring().hash_key, f"{kind}\x1f{normalised}".encode(), hashlib.sha256)
    return mac.hexdigest()


def generate_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()
