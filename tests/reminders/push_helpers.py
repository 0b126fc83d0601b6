"""Both ends of Web Push for tests: a browser (its keys, its subscription body) and a fake
push service that decrypts what it gets and checks the VAPID signature."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tracker.reminders.vapid import b64url, b64url_decode

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


@dataclass
class Received:
    """One message as the fake push service got it (header names in lower case)."""

    path: str
    headers: dict[str, str]
    body: bytes


class FakePushService:
    """A push service on 127.0.0.1: records each message, answers 201 unless told
    otherwise per path (404, 410, 500 ...), so the sender meets every answer it can get."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answers: dict[str, int] = {}
        self._lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with service._lock:
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    service.received.append(Received(self.path, headers, body))
                    status = service.answers.get(self.path, 201)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def endpoint(self, name: str) -> str:
        return f"{self.origin}/push/{name}"

    def to(self, name: str) -> list[Received]:
        return [r for r in self.received if r.path == f"/push/{name}"]

    def __enter__(self) -> FakePushService:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def decrypt(message: Received, browser: Browser) -> dict[str, Any]:
    """What the browser reads: the body decrypted with its private key and secret."""
    plain = http_ece.decrypt(
        message.body,
        private_key=browser.private_key,
        auth_secret=browser.auth_secret,
        version="aes128gcm",
    )
    return dict(json.loads(plain))


def verify_vapid(message: Received, public_key: str, audience: str) -> dict[str, Any]:
    """Check the VAPID header as a push service does (RFC 8292): the key is ours, the
    token is signed by it (ES256), for this push service, not expired. Returns the claims."""
    scheme, _, params = message.headers["authorization"].partition(" ")
    assert scheme == "vapid"
    parts = dict(item.split("=", 1) for item in params.split(","))
    assert parts["k"] == public_key
    header, claims, signature = parts["t"].split(".")
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(public_key))
    raw = b64url_decode(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    key.verify(der, f"{header}.{claims}".encode("ascii"), ec.ECDSA(hashes.SHA256()))
    assert json.loads(b64url_decode(header)) == {"typ": "JWT", "alg": "ES256"}
    payload = dict(json.loads(b64url_decode(claims)))
    assert payload["aud"] == audience
    assert time.time() < payload["exp"] <= time.time() + 24 * 3600
    return payload
