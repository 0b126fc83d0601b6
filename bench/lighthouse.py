"""How fast the phone app's pages open on a phone, by Lighthouse's mobile audit.

Starts the app as production runs it (gunicorn -c gunicorn.conf.py, FIRSTSTEP_ENV=production)
on a throwaway SQLite database holding the seed-demo account (180 days), signs in through the
API, and runs Lighthouse 12.2.3 in its default mobile mode (a mid-range phone: 4x slower CPU,
slow 4G, simulated) on the dashboard, Today, Log, History and the report, three times each.
Prints the median performance, accessibility and best-practices scores and the median FCP,
LCP, TBT, CLS and Speed Index per page.

    .venv/bin/python bench/lighthouse.py [--runs 3] [--pages dashboard,today]

Needs Node 20 and Chromium (CHROME_PATH, default /usr/bin/chromium). Lighthouse is installed
with npm into a folder outside the project the first time (--lighthouse-dir); not in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.2.3"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
DEMO_EMAIL, DEMO_PASSWORD = "demo@example.com", "demo-heel-2026"
PAGES = {
    "dashboard": "/dashboard",
    "today": "/",
    "log": "/log",
    "history": "/history",
    "report": "/report",
}
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = {
    "FCP s": ("first-contentful-paint", 1000),
    "LCP s": ("largest-contentful-paint", 1000),
    "TBT ms": ("total-blocking-time", 1),
    "CLS": ("cumulative-layout-shift", 1),
    "SI s": ("speed-index", 1000),
}


def lighthouse_binary(folder: Path) -> Path:
    """Lighthouse at the pinned version, installed with npm into ``folder`` if not there yet."""
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    package = folder / "node_modules" / "lighthouse" / "package.json"
    if package.exists() and json.loads(package.read_text())["version"] == LIGHTHOUSE_VERSION:
        return binary
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund",
         f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )  # fmt: skip
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(db_url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "FIRSTSTEP_ENV": "production",
        "SECRET_KEY": "lighthouse-bench-secret-of-at-least-32-characters",
        "DATABASE_URL": db_url,
        "BIND": f"127.0.0.1:{port}",
        "RATELIMIT_ENABLED": "0",  # one client signs in again and again
        "FORCE_HTTPS": "0",  # plain HTTP on 127.0.0.1; behind TLS in real production
        "LOG_LEVEL": "warning",
    }


def start_server(work: Path, days: int = 180) -> tuple[subprocess.Popen[bytes], str]:
    """The production server on a fresh database with the seed-demo account."""
    port = free_port()
    env = server_env(f"sqlite:///{work / 'lighthouse.db'}", port)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [*manage, "seed-demo", "--email", DEMO_EMAIL, "--password", DEMO_PASSWORD,
         "--days", str(days)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    print(seeded.stdout.strip().splitlines()[0])
    log = (work / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.1)
    stop_server(process)
    raise SystemExit(f"the server did not start; see {work / 'gunicorn.log'}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, 15)  # the whole group: master and workers
    process.wait(30)


def session_cookie(base: str) -> str:
    """Sign in through the API; the browser then sends this cookie with every request."""
    body = json.dumps({"email": DEMO_EMAIL, "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/auth/login",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    pairs = [c.split(";", 1)[0] for c in cookies]
    if not any(p.startswith("session=") for p in pairs):
        raise SystemExit("signing in gave no session cookie")
    return "; ".join(pairs)


def run_lighthouse(binary: Path, url: str, cookie: str, out: Path, chrome: str) -> dict:
    """One mobile audit (Lighthouse's default form factor and throttling)."""
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    subprocess.run(command, env=env, check=True, timeout=600)
    return json.loads(out.read_text())


def figures(result: dict) -> dict[str, float]:
    found = {c: result["categories"][c]["score"] * 100 for c in CATEGORIES}
    # Lighthouse's own measure of the host's CPU: a quiet laptop scores over 1,000; a busy
    # host scores lower and its blocking times come out longer.
    found["CPU index"] = result["environment"]["benchmarkIndex"]
    for label, (audit, scale) in METRICS.items():
        found[label] = result["audits"][audit]["numericValue"] / scale
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated")
    parser.add_argument(
        "--lighthouse-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / f"firststep-lighthouse-{LIGHTHOUSE_VERSION}",
    )
    parser.add_argument("--keep", action="store_true", help="keep the JSON reports")
    parser.add_argument(
        "--days", type=int, default=180, help="of demo diary (a short one: a chart on screen 1)"
    )
    args = parser.parse_args()
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown page(s) {', '.join(unknown)}; pick from {', '.join(PAGES)}")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    binary = lighthouse_binary(args.lighthouse_dir)
    work = Path(tempfile.mkdtemp(prefix="firststep-lighthouse-"))
    process, base = start_server(work, args.days)
    try:
        cookie = session_cookie(base)
        rows: dict[str, list[dict[str, float]]] = {}
        for page in pages:
            # A first load warms the server's analysis cache, as any visit after the first.
            urllib.request.urlopen(
                urllib.request.Request(f"{base}{PAGES[page]}", headers={"Cookie": cookie})
            ).read()
            rows[page] = []
            for run in range(args.runs):
                out = work / f"{page}-{run}.json"
                rows[page].append(figures(run_lighthouse(binary, base + PAGES[page], cookie,
                                                         out, chrome)))  # fmt: skip
                print(f"  {page} run {run + 1}: " + ", ".join(
                    f"{k} {v:.4g}" for k, v in rows[page][-1].items()), flush=True)  # fmt: skip
    finally:
        stop_server(process)
    columns = [*CATEGORIES, *METRICS, "CPU index"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nMedian of {args.runs} Lighthouse {LIGHTHOUSE_VERSION} mobile runs (load {load})")
    print("| page | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for page, runs in rows.items():
        cells = []
        for column in columns:
            value = statistics.median(r[column] for r in runs)
            cells.append(f"{value:.3f}" if column == "CLS" else f"{value:.1f}"
                         if column.endswith(" s") else f"{value:.0f}")  # fmt: skip
        print(f"| {page} | " + " | ".join(cells) + " |")
    if args.keep:
        print(f"JSON reports kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
