"""Page weight (JS + CSS, gzipped) of the main pages, and Lighthouse's performance and accessibility scores.

Run: uv run python bench/page_weight.py [--no-lighthouse] [--lighthouse-version V] [--pages /login,/today,...]
     uv run python bench/page_weight.py --pages figures   (the pages that show the exercises' figures)
     uv run python bench/page_weight.py --clinician 8   (the clinician's dashboard and a client's page instead)

Starts GluteRx (bench/serve.py, one worker) on a free port of 127.0.0.1 with a fresh SQLite file and the demo account,
signs in, and for each main page (sign-in, today, workout player, progress) fetches the HTML and every script and
stylesheet it links: bytes as served, and gzipped (zlib level 6, what a compressing proxy would send). Then runs
Lighthouse (npm's `lighthouse` through npx, cached in a temporary folder; Debian's chromium; mobile form factor, the
default simulated throttling) on each page, the signed-in ones with the session cookie in --extra-headers, and prints
the performance and accessibility scores with the audits that cost points. If Lighthouse cannot run, it says why.
With --clinician N: a clinician with N clients (bench/caseload.py's seed: a year of history each, and a message from
each client, unread) instead of the demo account, and the pages /clinician and the first client's page.
Prints figures only; it asserts nothing. Traffic goes only to 127.0.0.1 (and npm's registry for the first install).
"""

from __future__ import annotations

import argparse
import gzip
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_throughput import server  # the same launcher as the throughput benchmark

LIGHTHOUSE = "12.8.2"  # the newest Lighthouse that runs on Debian's Node 20 (13.x wants Node >= 22.19)
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
CACHE = Path(tempfile.gettempdir()) / "gluterx-bench-npm"
PAGES = {"/login": "sign-in", "/today": "today", "/workout": "workout player", "/progress": "progress"}
# the pages that show the exercises' figures (issue 15): the library, one exercise (moving figure and "this, not this"
# pairs), the workout player and the programme; `--pages figures` measures these
FIGURE_PAGES = {
    "/exercises": "library",
    "/exercises/glute_bridge": "exercise page",
    "/workout": "workout player",
    "/program": "programme",
}
LABELS = {**PAGES, **FIGURE_PAGES}
SIGNED_OUT = {"/login"}


class Assets(HTMLParser):
    """The scripts and stylesheets a page links."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.scripts.append(str(found["src"]))
        if tag == "link" and "stylesheet" in (found.get("rel") or "").split() and found.get("href"):
            self.styles.append(str(found["href"]))


def sign_in(base: str, email: str, password: str) -> tuple[urllib.request.OpenerDirector, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    fields = {"csrf_token": token.group(1) if token else "", "email": email, "password": password, "next": "/today"}
    opener.open(base + "/login", urllib.parse.urlencode(fields).encode())
    cookie = next((c.value for c in jar if c.name == "gluterx_session"), "")
    return opener, cookie


def fetch(opener: urllib.request.OpenerDirector, url: str) -> tuple[bytes, str, int]:
    """(the body, decoded; its Content-Encoding; how many bytes came over the wire), asking for gzip as browsers do."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310 - http://127.0.0.1 only
    with opener.open(request) as answer:
        wire = answer.read()
        encoding = answer.headers.get("Content-Encoding", "")
    return (gzip.decompress(wire) if encoding == "gzip" else wire), encoding, len(wire)


def weigh(opener: urllib.request.OpenerDirector, base: str, path: str) -> dict[str, Any]:
    html, _, _ = fetch(opener, base + path)
    parser = Assets()
    parser.feed(html.decode(errors="replace"))
    out: dict[str, Any] = {"html": len(html), "html_gz": _gz(html), "wire": 0, "encodings": set()}
    for kind, urls in (("js", parser.scripts), ("css", parser.styles)):
        fetched = [fetch(opener, urllib.parse.urljoin(base + path, u)) for u in urls]
        out[kind] = sum(len(body) for body, _, _ in fetched)
        out[f"{kind}_gz"] = sum(_gz(body) for body, _, _ in fetched)
        out[f"{kind}_files"] = len(urls)
        out["wire"] += sum(wire for _, _, wire in fetched)
        out["encodings"] |= {encoding or "identity" for _, encoding, _ in fetched}
    return out


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def lighthouse(url: str, version: str, out: Path, cookie: str | None) -> dict[str, Any]:
    """Lighthouse's JSON report for `url`, or {"error": why}."""
    if shutil.which("npx") is None:
        return {"error": "npx is not installed (apt-get install npm)"}
    chrome = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chrome).exists():
        return {"error": "Debian's chromium is not installed (apt-get install chromium)"}
    argv = ["npx", "--yes", f"lighthouse@{version}", url, "--output=json", f"--output-path={out}",
            "--form-factor=mobile", "--only-categories=performance,accessibility", "--quiet",
            f"--chrome-flags={CHROME_FLAGS}"]  # fmt: skip
    if cookie:
        argv.append("--extra-headers=" + json.dumps({"Cookie": f"gluterx_session={cookie}"}))
    env = {**os.environ, "CHROME_PATH": chrome, "npm_config_cache": str(CACHE), "npm_config_update_notifier": "false"}
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return {"error": "Lighthouse did not finish within 10 minutes"}
    if done.returncode != 0 or not out.exists():
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        return {"error": f"Lighthouse exited with {done.returncode}:\n{tail}"}
    report: dict[str, Any] = json.loads(out.read_text())
    return report


def summarise(report: dict[str, Any]) -> list[str]:
    if "error" in report:
        return [f"    cannot run: {report['error']}"]
    if report.get("runtimeError"):
        return [f"    runtime error: {report['runtimeError'].get('message')}"]
    cats, audits = report["categories"], report["audits"]
    perf, a11y = cats["performance"]["score"], cats["accessibility"]["score"]
    final = report.get("finalDisplayedUrl") or report.get("finalUrl", "")
    lines = [f"    performance {_score(perf)}   accessibility {_score(a11y)}   (final URL {final})"]
    metrics = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
               "speed-index"]  # fmt: skip
    shown = [f"{audits[m]['title'].split()[0] if m != 'cumulative-layout-shift' else 'CLS'}: {audits[m]['displayValue']}"
             for m in metrics if m in audits and audits[m].get("displayValue")]  # fmt: skip
    lines.append("    " + ", ".join(shown).replace("First:", "FCP:").replace("Largest:", "LCP:")
                 .replace("Total:", "TBT:").replace("Speed:", "SI:"))  # fmt: skip
    shifts = (audits.get("layout-shifts") or {}).get("details", {}).get("items", [])
    server = (audits.get("server-response-time") or {}).get("numericValue")
    if server is not None:
        lines.append(f"    the server's first byte: {server:.0f} ms (the document's own request)")
    for item in shifts[:3]:  # what moved, when the page shifts (CLS above 0)
        node = item.get("node") or {}
        lines.append(
            f"    shift {item.get('score', 0):.3f}: {node.get('snippet', '?')[:100]} ({node.get('selector', '')})"
        )
    for name in ("performance", "accessibility"):
        for ref in cats[name]["auditRefs"]:
            audit = audits.get(ref["id"], {})
            score = audit.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                lines.append(f"    - {name}: {audit.get('title')} ({ref['id']}, score {score:.2f})")
    return lines


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100):3d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-lighthouse", action="store_true", help="page weight only")
    parser.add_argument("--lighthouse-version", default=LIGHTHOUSE)
    parser.add_argument("--pages", default=",".join(PAGES),
                        help="paths to measure (default: the four main pages; `figures`: the pages showing figures)")  # fmt: skip
    parser.add_argument("--clinician", type=int, default=0, metavar="N",
                        help="sign in as a clinician with N clients; measure the dashboard and a client's page")  # fmt: skip
    args = parser.parse_args()
    args.workers, args.server = 1, "reuseport"
    paths = list(FIGURE_PAGES) if args.pages == "figures" else args.pages.split(",")
    if args.clinician:
        _clinician_pages(args)
        return

    from gluterx.bootstrap import build
    from gluterx.config import Settings
    from gluterx.services.contract import today_json
    from gluterx.services.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo
    from gluterx.services.today import today

    with tempfile.TemporaryDirectory(prefix="gluterx-pages-") as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'pages.db'}"
        container = build(Settings(database_url=url))
        seed_demo(container.uow, container.library, today=date.today())
        demo = container.uow()
        with demo:
            person_id = demo.accounts.by_email(DEMO_EMAIL).person_id
        view = today_json(today(container.uow(), container.library, on=date.today(), person_id=person_id))
        container.engine.dispose()
        # today and the player show a session: today's, or on a rest day the next one
        day = "" if not view["rest_day"] else f"?date={view['next_session_date']}"
        env = {"GLUTERX_DATABASE_URL": url, "GLUTERX_ENVIRONMENT": "development"}
        with server("gluterx.adapters.web.asgi:app", env=env, args=args, log=tmp / "server.log") as (base, _pid):
            opener, cookie = sign_in(base, DEMO_EMAIL, DEMO_PASSWORD)
            print(f"page weight (JS + CSS, gzipped at level 6; {date.today()}); the demo account"
                  f"{', the next session (today is a rest day)' if day else ''}")  # fmt: skip
            head = (f"  {'page':18} {'JS gz':>8} {'CSS gz':>8} {'JS+CSS gz':>10} {'raw':>8} {'on wire':>8} "
                    f"{'HTML gz':>8} JS+CSS served as")  # fmt: skip
            print(head)
            for path in paths:
                target = path + (day if path in ("/today", "/workout") else "")
                w = weigh(opener, base, target)
                print(f"  {LABELS.get(path, path):18} {w['js_gz']:8,} {w['css_gz']:8,} {w['js_gz'] + w['css_gz']:10,} "
                      f"{w['js'] + w['css']:8,} {w['wire']:8,} {w['html_gz']:8,} {', '.join(sorted(w['encodings']))} "
                      f"({w['js_files']} js, {w['css_files']} css)")  # fmt: skip
            if args.no_lighthouse:
                return
            print(f"Lighthouse {args.lighthouse_version} (npx; mobile, simulated throttling; Debian chromium)")
            for path in paths:
                target = path + (day if path in ("/today", "/workout") else "")
                out = tmp / f"lh{len(target)}-{abs(hash(target))}.json"
                report = lighthouse(base + target, args.lighthouse_version, out, None if path in SIGNED_OUT else cookie)
                print(f"  {LABELS.get(path, path)} ({target})")
                for line in summarise(report):
                    print(line)


def _clinician_pages(args: argparse.Namespace) -> None:
    """--clinician N: bench/caseload.py's clinician and clients, each client with one message the clinician has not
    read; the dashboard and the first client's page."""
    from datetime import UTC, datetime

    import caseload

    from gluterx.bootstrap import build
    from gluterx.config import Settings

    with tempfile.TemporaryDirectory(prefix="gluterx-pages-") as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'pages.db'}"
        container = build(Settings(database_url=url))
        doc, _token = caseload.seed(container, args.clinician)
        with container.uow() as uow:
            clients = uow.care.clients_of(doc)
            for client in clients:
                uow.care.add_message(client, author_person_id=client, body="How many sets today?", at=datetime.now(UTC))
            uow.commit()
        container.engine.dispose()
        paths = ["/clinician", f"/clinician/clients/{clients[0]}"]
        env = {"GLUTERX_DATABASE_URL": url, "GLUTERX_ENVIRONMENT": "development"}
        with server("gluterx.adapters.web.asgi:app", env=env, args=args, log=tmp / "server.log") as (base, _pid):
            opener, cookie = sign_in(base, "clinician@example.com", caseload.PASSWORD)
            print(
                f"page weight (JS + CSS, gzipped at level 6; {date.today()}); a clinician with {len(clients)} clients"
            )
            for path in paths:
                w = weigh(opener, base, path)
                print(f"  {path:28} JS+CSS gz {w['js_gz'] + w['css_gz']:,}  HTML gz {w['html_gz']:,}")
            if args.no_lighthouse:
                return
            print(f"Lighthouse {args.lighthouse_version} (npx; mobile, simulated throttling; Debian chromium)")
            for path in paths:
                out = tmp / f"lh{len(path)}-{abs(hash(path))}.json"
                print(f"  {path}")
                for line in summarise(lighthouse(base + path, args.lighthouse_version, out, cookie)):
                    print(line)


if __name__ == "__main__":
    main()
