"""The server's VAPID key pair (RFC 8292): made, read and checked here, with nothing but
``cryptography``, so the settings can check a pair without loading the push sender."""

from __future__ import annotations

import base64
import binascii

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Browsers send keys without padding. ValueError if ``text`` is not URL-safe base64."""
    try:
        data = text.encode("ascii")
        return base64.b64decode(data + b"=" * (-len(data) % 4), altchars=b"-_", validate=True)
    except (UnicodeEncodeError, binascii.Error) as error:
        raise ValueError("not URL-safe base64") from error


def public_key_of(private_key: str) -> str:
    """The uncompressed P-256 point (what PushManager.subscribe takes) of a raw private key.

    ValueError if ``private_key`` is not 32 bytes of URL-safe base64 naming a valid key."""
    raw = b64url_decode(private_key)
    if len(raw) != 32:
        raise ValueError("a P-256 private key is 32 bytes")
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    return b64url(key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def is_p256_point(text: str) -> bool:
    """A browser's p256dh key: an uncompressed point on the curve, not just 65 bytes."""
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(text))
    except ValueError:
        return False
    return True


def new_vapid_keys() -> tuple[str, str]:
    """A fresh (private, public) pair, both URL-safe base64 without padding."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    return private, public_key_of(private)
