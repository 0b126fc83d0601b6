"""A browser's side of Web Push, for tests: its key pair and secret, a subscription body."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tracker.reminders.vapid import b64url

PUSH = "/api/v1/push"
SUBSCRIPTIONS = f"{PUSH}/subscriptions"


@dataclass
class Browser:
    """What PushManager.subscribe makes: a P-256 key pair and a 16-byte secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @classmethod
    def new(cls) -> Browser:
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def body(self, endpoint: str, **overrides: Any) -> dict[str, Any]:
        return {
            "endpoint": endpoint,
            "keys": {"p256dh": self.p256dh, "auth": self.auth},
            "device_name": "Pixel 8",
            **overrides,
        }
