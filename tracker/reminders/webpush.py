"""Sending one reminder to one browser: Web Push (RFC 8030) with VAPID (RFC 8292).

pywebpush encrypts the payload for the browser's keys (aes128gcm, RFC 8291) and signs a
VAPID token with the server's key, so a push service delivers it only to a subscription
made with our public key. The payload is the same for everyone of a kind and language and
carries no health data: no pain score, no note, not even whether the morning was logged.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tracker.i18n.text import N_, gettext, using
from tracker.reminders.due import Kind

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

SEND_TIMEOUT_S = 10.0
"""Per request to a push service: a slow one delays that tick, never the next forever."""

PAYLOADS: dict[str, dict[str, str]] = {
    "morning": {
        "kind": "morning",
        "title": "FirstStep",
        "body": N_("Time for your first-step check-in"),
        "url": "/",
        "tag": "firststep-morning",
    },
    "evening": {
        "kind": "evening",
        "title": "FirstStep",
        "body": N_("Time for today's self-care session"),
        "url": "/log",
        "tag": "firststep-evening",
    },
}
"""What the service worker shows, and where a tap leads (Today, or Log); the body is
worded in the person's language when it is sent (``payload``)."""

GONE = frozenset({404, 410})
"""The push service says the subscription no longer exists (RFC 8030 §7.3): forget it."""


@dataclass(frozen=True)
class Vapid:
    """The server's VAPID identity, from VAPID_PRIVATE_KEY and VAPID_SUBJECT."""

    private_key: str
    public_key: str
    subject: str


@dataclass(frozen=True)
class Target:
    """Where one subscription's messages go: plain values, no ORM row."""

    id: int
    endpoint: str
    p256dh: str
    auth: str
    language: str = "en"
    """The words of the notification: the account's language, else the browser's when it
    subscribed, else English (``service._deliver`` decides)."""


Outcome = Literal["delivered", "gone", "failed"]


def payload(kind: Kind, language: str = "en") -> str:
    """The JSON the service worker reads, its body in ``language``: the scheduler has no
    request to take a language from, so it names one."""
    with using(language):
        message = {**PAYLOADS[kind], "body": gettext(PAYLOADS[kind]["body"])}
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def send(
    target: Target,
    kind: Kind,
    vapid: Vapid,
    ttl_s: int,
    session: requests.Session | None = None,
) -> Outcome:
    """Encrypt and post one reminder. Never raises for a push service's answer or a
    network failure: the scheduler decides from the outcome (retry, or forget the device).

    The log names the subscription by id and the HTTP status, never its endpoint (a URL
    anyone could post to) or a response body.

    pywebpush (with requests and aiohttp) is imported here, by the scheduler, and not by
    every app server, which never sends: a third of a second of CPU less at each start."""
    import requests
    from py_vapid import Vapid02
    from pywebpush import WebPushException, webpush

    info = {"endpoint": target.endpoint, "keys": {"p256dh": target.p256dh, "auth": target.auth}}
    tag = PAYLOADS[kind]["tag"]
    try:
        webpush(
            info,
            data=payload(kind, target.language),
            vapid_private_key=Vapid02.from_raw(vapid.private_key.encode("ascii")),
            vapid_claims={"sub": vapid.subject},  # a new dict each time: webpush adds aud, exp
            content_encoding="aes128gcm",
            timeout=SEND_TIMEOUT_S,
            ttl=max(ttl_s, 0),
            headers={"Urgency": "normal", "Topic": tag},
            requests_session=session,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in GONE:
            log.info("push subscription %s is gone (%s)", target.id, status)
            return "gone"
        log.warning("push to subscription %s refused: %s", target.id, status or "no response")
        return "failed"
    except (requests.RequestException, ValueError) as error:
        log.warning("push to subscription %s failed: %s", target.id, type(error).__name__)
        return "failed"
    return "delivered"
