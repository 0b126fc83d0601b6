"""The analysis, computed once per person, data version, range and day, then served from a
cache: Redis when configured (every app server shares it), in-process otherwise.

A key names the person's id *and* their data version (``versions.py``), the kind of
result, the requested range, the person's local today, the reader's language and anything
else the result depends on. So one person's numbers can never be served to another (another id), a
write is visible on the very next read (a new version, so a new key: nothing to
invalidate), and yesterday's entries are never read again (a new today). Entries expire
after a day (``CACHE_DEFAULT_TIMEOUT``) and are only ever an optimisation: a cache that
is down or holds something unreadable is a miss, and the result is computed.

The same key gives the ``ETag``: a phone that sends it back in ``If-None-Match`` gets a
``304 Not Modified`` before anything is read or computed. ``Cache-Control: private,
no-cache`` keeps a shared proxy from storing the body and makes the phone ask every time.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as once
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from flask import Response, current_app, request
from marshmallow import Schema
from werkzeug.http import quote_etag

from tracker.extensions import cache
from tracker.i18n.text import DEFAULT_LANGUAGE, current_language

T = TypeVar("T")
log = logging.getLogger(__name__)

CACHE_CONTROL = "private, no-cache"


class Versioned(Protocol):
    id: int
    data_version: int


@once
def code_fingerprint() -> str:
    """The app's own code, hashed: a deploy that changes what a result holds starts on new
    keys (and new ETags), so no server or phone keeps a body the old code built."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.po")]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class DataKey:
    """What one cached result depends on."""

    kind: str
    user_id: int
    version: int
    parts: tuple[str, ...]
    language: str = DEFAULT_LANGUAGE
    """The sentences and numbers are worded for one reader's language."""

    def __str__(self) -> str:
        parts = (
            code_fingerprint(),
            self.kind,
            str(self.user_id),
            str(self.version),
            self.language,
        )
        return ":".join((*parts, *self.parts))

    @property
    def etag(self) -> str:
        """Opaque to the client: a hash of the key, not the key (nor the body)."""
        return hashlib.sha256(str(self).encode()).hexdigest()[:32]


def data_key(kind: str, user: Versioned, *parts: object) -> DataKey:
    """``parts``: the range as asked (None stays None), the local today, a format..."""
    return DataKey(
        kind, user.id, user.data_version, tuple(str(p) for p in parts), current_language()
    )


def cached(key: DataKey, compute: Callable[[], T]) -> T:
    """The result stored under ``key``, computed and stored on a miss."""
    name = str(key)
    try:
        hit = cache.get(name)
    except Exception:  # a cache that is down or unreadable is a miss, never an error
        log.warning("cache read failed; computing", exc_info=True)
        hit = None
    if hit is not None:
        return hit
    value = compute()
    try:
        cache.set(name, value)
    except Exception:
        log.warning("cache write failed; served uncached", exc_info=True)
    return value


@dataclass(frozen=True, slots=True)
class Cached(Generic[T]):
    """A result not yet computed, with its key: a view answers 304 from the key alone, and
    only reads the cache (or computes) when the client does not hold this version."""

    key: DataKey
    compute: Callable[[], T]

    def value(self) -> T:
        return cached(self.key, self.compute)


def json_text(schema: Schema, value: object) -> str:
    """What flask-smorest would send for ``value`` (the app's JSON settings), as text to
    cache: a hit then costs neither the analysis nor the dump."""
    return current_app.json.dumps(schema.dump(value))


def json_response(text: str, key: DataKey | None = None) -> Response:
    """Cached JSON text as the answer; with ``key``, its validators too."""
    response = current_app.response_class(text, mimetype=current_app.json.mimetype)  # type: ignore[attr-defined]
    if key is not None:
        response.headers.update(validators(key))
    return response


ENCODINGS = ("", ":zstd", ":br", ":gzip", ":deflate")
"""flask-compress gives a compressed body its own strong ETag, ``"<etag>:<encoding>"`` (another
representation, another validator): a phone holding either form holds this version."""


def not_modified(key: DataKey) -> Response | None:
    """A 304 when the request already holds what ``key`` names, compressed or not; it carries
    the very tag the phone sent, so its stored copy keeps the validator it came with."""
    held = next(
        (key.etag + e for e in ENCODINGS if request.if_none_match.contains_weak(key.etag + e)),
        None,
    )
    if held is None:
        return None
    response = current_app.response_class(status=304)
    response.headers.update(validators(key))
    response.set_etag(held)
    return response


def validators(key: DataKey) -> dict[str, str]:
    """The headers a cacheable answer carries: its ETag, and "ask again every time"."""
    return {"ETag": quote_etag(key.etag), "Cache-Control": CACHE_CONTROL}
