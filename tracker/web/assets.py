"""Static files with content-versioned URLs, so browsers may keep them for a year.

A URL carries ``?v=<hash of the file>``: a changed file gets a new URL, so a
long ``max-age`` never serves a stale script, and the service worker can
cache versioned files first without asking the network.

The scripts are ES modules with no build step: a page names its entry modules
(``static/js/*.js``), which import the shared ones (``static/js/lib/*.js``) by
plain relative path. Each page carries an import map from those plain URLs to
the versioned ones, so an import is cached for a year like any versioned file.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from flask import Response, current_app, request, url_for
from markupsafe import Markup

ONE_YEAR = 365 * 24 * 3600

# The files the service worker keeps so that the shell pages open with no network;
# the modules these scripts import are kept with them (shell_files).
SHELL_ASSETS = (
    "css/app.css",
    "css/segmented.css",
    "css/log.css",
    "css/history.css",
    "css/experiment.css",
    "js/app.js",
    "js/today.js",
    "js/resume.js",
    "js/session.js",
    "js/history.js",
    "js/experiment.js",
    "icons/sprite.svg",
    "icons/icon-192.png",
    "manifest.webmanifest",
)

_MODULE_SCRIPT = re.compile(r'<script type="module" src="([^"?]+)')
# `import {...} from "./x.js";`, `export {...} from "./x.js";` and `import "./x.js";` at
# the start of a line: the only import forms our modules use (no dynamic import()).
_IMPORT = re.compile(r'^(?:import|export)\b[^;"]*?\bfrom\s*"([^"]+)"|^import\s*"([^"]+)"', re.M)

_versions: dict[tuple[str, int], str] = {}
_imports: dict[tuple[str, int], list[str]] = {}

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


def module_imports(filename: str) -> list[str]:
    """The static files a module imports by relative path, as ``js/lib/api.js``; read again
    only when the file changes, like its version (every page render asks)."""
    path = _static_path(filename)
    key = (filename, path.stat().st_mtime_ns)
    if key not in _imports:
        folder = posixpath.dirname(filename)
        found = (a or b for a, b in _IMPORT.findall(path.read_text(encoding="utf-8")))
        _imports[key] = [
            posixpath.normpath(posixpath.join(folder, spec))
            for spec in found
            if spec.startswith(".")
        ]
    return _imports[key]


def with_imports(filenames: Iterable[str]) -> list[str]:
    """The files and, for each module among them, every module it imports, at any depth:
    what a browser fetches to run them (first seen first, each once)."""
    seen: dict[str, None] = {}
    pending = list(filenames)
    while pending:
        name = pending.pop(0)
        if name not in seen:
            seen[name] = None
            if name.endswith(".js"):
                pending += module_imports(name)
    return list(seen)


def import_map(scripts: str) -> Markup:
    """The import map for the module scripts in ``scripts`` (rendered ``<script>`` tags): the
    plain URL of each module they import, at any depth (what a relative import resolves
    to), to its versioned URL. Only those: a module no script here imports weighs nothing.

    An inline script, so it carries the response's CSP nonce; with no nonce (a page
    answered before talisman ran) there is none, and the imports load by their plain URLs."""
    nonce = getattr(request, "csp_nonce", "")
    prefix = (current_app.static_url_path or "/static") + "/"
    entries = [src.removeprefix(prefix) for src in _MODULE_SCRIPT.findall(scripts)]
    imported = [name for name in with_imports(entries) if name not in entries]
    if not nonce or not imported:
        return Markup("")
    mapping = {url_for("static", filename=name): asset_url(name) for name in imported}
    body = json.dumps({"imports": mapping}, separators=(",", ":"))
    return Markup('<script type="importmap" nonce="{}">{}</script>\n').format(nonce, Markup(body))


def shell_files() -> list[str]:
    """What the service worker keeps: the shell files and the modules they import."""
    return with_imports(SHELL_ASSETS)


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
    joined = ",".join(asset_version(name) for name in (*shell_files(), *manifest_icons()))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def cache_versioned_static(response: Response) -> Response:
    """A versioned URL never changes its content: let browsers and proxies keep it."""
    if request.endpoint == "static" and request.args.get("v") and response.status_code < 400:
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    return response


def read_static_for_compression(response: Response) -> Response:
    """A whole static file of a compressible type is read into the response, so flask-compress
    compresses it as one body (``COMPRESS_STREAMS`` is off: a streamed CSV export is never
    held back) and the file is closed at once. Our styles and scripts are a few kB each;
    plotly.js has its own pre-gzipped route. A range request (206) stays as it is."""
    types = current_app.config.get("COMPRESS_MIMETYPES", ())
    if (
        request.endpoint == "static"
        and response.status_code == 200
        and response.is_streamed
        and response.mimetype in types
    ):
        file = response.response
        body = b"".join(response.iter_encoded())
        getattr(file, "close", lambda: None)()
        response.direct_passthrough = False
        response.set_data(body)
    return response


def i18n_catalog(scripts: str) -> Markup:
    """The translations the page's scripts use (``static/js/lib/i18n.js`` reads them), as a
    JSON data block: nothing on an English page, only what its modules ask for on others."""
    from tracker.i18n.web import js_catalog

    prefix = (current_app.static_url_path or "/static") + "/"
    entries = [src.removeprefix(prefix) for src in _MODULE_SCRIPT.findall(scripts)]
    modules = [str(_static_path(name)) for name in with_imports(entries) if name.endswith(".js")]
    catalog = js_catalog(modules)
    if not catalog:
        return Markup("")
    body = json.dumps(catalog, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return Markup('<script type="application/json" id="i18n">{}</script>\n').format(Markup(body))
