"""Screenshots of every page at 390x844 (a phone), in light and in dark mode, with the
seed-demo account's 180 days: to look at the app as a person and a physiotherapist see it.

    .venv/bin/python scripts/screenshots.py [--out screenshots]

Starts the app on a throwaway SQLite database (a thread in this process), signs in through
the API and drives Debian's Chromium (/usr/bin/chromium, or CHROME_PATH) with Playwright.
Each page gives ``<page>-<scheme>.png`` (the screen) and ``<page>-<scheme>-whole.png`` (the
whole scrolled page). The folder is ignored by git (.gitignore).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker import create_app  # noqa: E402
from tracker.analysis.model import load_statistics  # noqa: E402

EMAIL, PASSWORD = "demo@example.com", "demo-heel-2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SCHEMES = ("light", "dark")
PAGES = {
    "today": "/",
    "log": "/log",
    "history": "/history",
    "dashboard": "/dashboard",
    "report": "/report",
    "settings": "/settings",
    "pauses": "/pauses",
    "reminders": "/reminders",
    "share": "/share",
    "data": "/data",
    "import": "/import",
    "api-docs": "/api/docs",
    "offline": "/offline",
}
SIGNED_OUT = {"welcome": "/", "login": "/login", "signup": "/signup"}


def serve(folder: Path) -> str:
    """The app with the demo diary, on a free port, until this process ends."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'screens.db'}",
            "SECRET_KEY": "screenshots",
            "RATELIMIT_ENABLED": False,
        }
    )
    runner = app.test_cli_runner()
    for args in (["db", "upgrade"], ["seed-demo", "--email", EMAIL, "--password", PASSWORD]):
        result = runner.invoke(args=args)
        if result.exit_code != 0:
            raise SystemExit(f"{' '.join(args)} failed: {result.output}")
    load_statistics()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def sign_in(context: BrowserContext) -> str:
    response = context.request.post(
        "/api/v1/auth/login", data={"email": EMAIL, "password": PASSWORD}
    )
    assert response.status == 200, response.text()
    return response.headers["x-csrf-token"]


def entry_pages(context: BrowserContext) -> dict[str, str]:
    """An entry's edit page of each kind, and the share link's three pages (a new link)."""
    found = {}
    history = context.request.get("/history").text()
    for kind, pattern in (
        ("checkin-edit", r"/checkins/\d+/edit"),
        ("session-edit", r"/sessions/[^\"/]+/edit"),
    ):
        match = re.search(pattern, history)
        if match:
            found[kind] = match.group(0)
    csrf = sign_in(context)
    link = context.request.post(
        "/api/v1/share-links", data={"label": "screenshots"}, headers={"X-CSRF-Token": csrf}
    )
    assert link.status == 201, link.text()
    share = "/s/" + link.json()["token"]
    found |= {
        "shared": share,
        "shared-dashboard": f"{share}/dashboard",
        "shared-report": f"{share}/report",
    }
    return found


def draw_charts(page: Page) -> None:
    """The dashboard draws a chart as it nears the screen: scroll past each one."""
    for card in page.locator("[data-chart]").all():
        card.scroll_into_view_if_needed()
        card.locator("[data-drawn=true]").wait_for(state="attached", timeout=30_000)
    page.evaluate("window.scrollTo(0, 0)")


def shoot(page: Page, out: Path, name: str, path: str, scheme: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if page.locator("[data-chart]").count():
        draw_charts(page)
    page.screenshot(path=str(out / f"{name}-{scheme}.png"))
    page.screenshot(path=str(out / f"{name}-{scheme}-whole.png"), full_page=True)
    print(f"  {name} ({scheme}): {path}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="firststep-screens-"))
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    try:
        base = serve(work)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chrome, args=["--no-sandbox"])
            for scheme in SCHEMES:
                context = browser.new_context(base_url=base, color_scheme=scheme, **PHONE)
                context.set_default_timeout(30_000)
                page = context.new_page()
                for name, path in SIGNED_OUT.items():
                    shoot(page, args.out, name, path, scheme)
                sign_in(context)
                pages = PAGES | entry_pages(context)
                for name, path in pages.items():
                    shoot(page, args.out, name, path, scheme)
                context.close()
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(list(args.out.glob('*.png')))} screenshots in {args.out}")


if __name__ == "__main__":
    main()
