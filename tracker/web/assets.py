"""Static files with content-versioned URLs, so browsers may keep them for a year.

A URL carries ``?v=<hash of the file>``: a changed file gets a new URL, so a
long ``max-age`` never serves a stale script, and the service worker can
cache versioned files first without asking the network.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from pathlib import Path

from flask import Response, current_app, request, url_for

ONE_YEAR = 365 * 24 * 3600

# The files the service worker keeps so that the shell pages open with no network.
SHELL_ASSETS = (
    "css/app.css",
    "css/segmented.css",
    "css/log.css",
    "css/history.css",
    "js/app.js",
    "js/today.js",
    "js/resume.js",
    "js/session.js",
    "js/history.js",
    "icons/sprite.svg",
    "icons/icon-192.png",
    "manifest.webmanifest",
)

_versions: dict[tuple[str, int], str] = {}

mimetypes.add_type("application/manifest+json", ".webmanifest")


def _static_path(filename: str) -> Path:
    return Path(current_app.static_folder or "static") / filename


def asset_version(filename: str) -> str:
    """The file's content hash, recomputed only when the file changes (cheap in development)."""
    path = _static_path(filename)
    key = (filename, path.stat().st_mtime_ns)
    if key not in _versions:
        _versions[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _versions[key]


def asset_url(filename: str) -> str:
    return url_for("static", filename=filename, v=asset_version(filename))


def manifest_icons() -> list[str]:
    """The icons the manifest names (static files, as ``icons/icon-192.png``). The manifest
    must name them by plain URL, so the service worker keeps those URLs as well: an
    installed app offline then still has its icons."""
    manifest = json.loads(_static_path("manifest.webmanifest").read_text(encoding="utf-8"))
    icons = [icon["src"] for icon in manifest.get("icons", [])]
    for shortcut in manifest.get("shortcuts", []):
        icons += [icon["src"] for icon in shortcut.get("icons", [])]
    prefix = (current_app.static_url_path or "/static") + "/"
    return sorted({src.removeprefix(prefix) for src in icons if src.startswith(prefix)})


def shell_version() -> str:
    """Changes whenever any shell file changes, which makes the service worker update."""
    joined = ",".join(asset_version(name) for name in (*SHELL_ASSETS, *manifest_icons()))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def cache_versioned_static(response: Response) -> Response:
    """A versioned URL never changes its content: let browsers and proxies keep it."""
    if request.endpoint == "static" and request.args.get("v") and response.status_code < 400:
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    return response
