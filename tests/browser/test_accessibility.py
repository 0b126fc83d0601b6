"""axe-core on every page, signed in and out, light and dark: no serious or critical
WCAG 2.1 A/AA violation anywhere, the API docs and a share link's pages included.

axe-core is vendored (tests/vendor/axe-core, see its README) and injected by
Playwright. Our pages forbid inline and foreign scripts (CSP), so this test's
browser context alone bypasses the CSP to let axe in; every other test keeps it.
"""

from __future__ import annotations

from typing import Any, Literal

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from tests.browser.support import (
    draw_charts,
    make_account,
    requires_chromium,
    sign_in,
)
from tracker import PROJECT_ROOT
from tracker.charts import CHART_NAMES
from tracker.extensions import db
from tracker.models import CareSession, Checkin, User

pytestmark = [pytest.mark.browser, requires_chromium]

AXE = PROJECT_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")
Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")

RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],  // passes and incomplete unlisted: faster, same violations
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
    count: v.nodes.length,
  }));
}
"""


FINISH_TRANSITIONS = """
() => Promise.all(
  document.getAnimations()
    .filter((a) => a instanceof CSSTransition)
    .map((a) => a.finished.catch(() => undefined)),
)
"""


def audit(page: Page, path: str) -> list[str]:
    """axe's serious and critical findings on the page as it is now, one line each.
    (No screenshots: nothing asserts on them, and a whole page at twice the phone's
    pixels cost more than axe itself; `scripts/screenshots.py` takes them for a person.)"""
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    scheme = "dark" if dark else "light"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE, WCAG_21_AA)
    lines = []
    for v in found:
        print(f"{path} ({scheme}): {v['impact']} {v['id']} ×{v['count']}: {v['help']}")
        if v["impact"] in SERIOUS:
            lines += [
                f"{path} ({scheme}): {v['impact']} {v['id']} ({v['help']}): {n}" for n in v["nodes"]
            ]
    return lines


def switch_scheme(page: Page, scheme: Scheme) -> None:
    """The phone's system switches to ``scheme`` with the page open, as at dusk: the CSS
    follows at once, the dashboard redraws its charts (each marks its new scheme), and a
    colour still fading (a CSS transition) is waited out, so axe reads the end colours."""
    page.emulate_media(color_scheme=scheme)
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert dark == (scheme == "dark")
    expect(page.locator(f"[data-drawn=true]:not([data-scheme={scheme}])")).to_have_count(0)
    page.evaluate(FINISH_TRANSITIONS)


def audit_both_schemes(page: Page, path: str) -> list[str]:
    """The page in light mode, then switched to dark: one load, both schemes."""
    problems: list[str] = []
    for scheme in SCHEMES:
        switch_scheme(page, scheme)
        problems += audit(page, path)
    return problems


def settle(page: Page, path: str) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if path.endswith("dashboard"):
        draw_charts(page)
        expect(page.locator("[data-drawn=true]")).to_have_count(len(CHART_NAMES))
    if path.startswith("/api/docs"):
        expect(page.locator(".opblock").first).to_be_visible()


def demo_account(app: Flask, email: str) -> tuple[int, int]:
    """seed-demo's story in a new account; returns one check-in's and one session's id."""
    result = app.test_cli_runner().invoke(
        args=["seed-demo", "--email", email, "--days", "60", "--replace"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        checkin = db.session.scalar(select(Checkin.id).where(Checkin.user_id == user.id))
        session = db.session.scalar(select(CareSession.id).where(CareSession.user_id == user.id))
        assert checkin is not None and session is not None
        return checkin, session


def test_every_page_has_no_serious_or_critical_violation(
    app: Flask, axe_context: BrowserContext, live_server: str
) -> None:
    problems: list[str] = []
    page = axe_context.new_page()
    for path in ("/", "/login", "/signup", "/offline", "/api/docs"):
        settle(page, path)
        problems += audit_both_schemes(page, path)

    email = make_account(app)
    checkin, session = demo_account(app, email)
    csrf = sign_in(axe_context, email)
    link = axe_context.request.post(
        "/api/v1/share-links",
        data={"label": "Physio", "expires_in_days": 30},
        headers={"X-CSRF-Token": csrf},
    )
    assert link.status == 201, link.text()
    shared = link.json()["url"].removeprefix(live_server)
    for path in (
        "/",
        "/log",
        "/history",
        "/dashboard",
        "/settings",
        "/pauses",
        "/import",
        "/data",
        "/reminders",
        "/share",
        "/report",
        f"/checkins/{checkin}/edit",
        f"/sessions/{session}/edit",
        "/experiment",
        "/experiment/new?template=custom",
        "/experiment/new/weeks?template=consistency-vs-intensity",
        "/experiment/new/confirm?template=consistency-vs-intensity&pairs=3",
        shared,
        f"{shared}/report",
        f"{shared}/dashboard",
    ):
        settle(page, path)
        problems += audit_both_schemes(page, path)
    started = axe_context.request.post(
        "/api/v1/experiments",
        data={"template": "consistency-vs-intensity", "pairs": 2},
        headers={"X-CSRF-Token": csrf},
    )
    assert started.status == 201, started.text()
    settle(page, "/experiment")  # running: this week lit in the schedule, the stop button
    problems += audit_both_schemes(page, "/experiment/running")
    assert problems == [], "\n".join(problems)
