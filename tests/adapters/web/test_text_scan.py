"""Every page a seeded person can reach, their PDF report and the CLI's outputs, read as a person reads them: no
internal id (a snake_case exercise, condition or flag id, or a source id of the evidence registry) shown as text, and
no sentence said twice on one page.

Two people: the demo account (a programme and 25 days of sessions and check-ins) and a person with a programme and
an imported history from another app. The pages are found by following every link from the main pages, so a new page
is scanned without being listed here. Ids in URLs and attributes are fine (links, form values, test hooks); only text
counts, including a chart's <title> and <desc> (what a screen reader says).

A finding on a page someone else is changing right now is listed in KNOWN (with its owner) rather than fixed here;
anything else fails the test.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gluterx.adapters.cli.main import app as cli_app
from gluterx.adapters.web.app import create_app
from gluterx.bootstrap import Container, build
from gluterx.config import Settings, get_settings
from gluterx.services.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo
from tests.adapters.interop.test_exports import poppler

IMPORTS = (Path(__file__).parents[3] / ".." / "shared" / "data" / "imports").resolve()
IMPORTED = "hevy_lbs_jazakhan.csv"
PASSWORD = "a long enough password"  # noqa: S105 - a test fixture
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
HREF = re.compile(r'href="(/[^"#?]*)')
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
START_PAGES = ("/today", "/program", "/progress", "/history", "/exercises", "/evidence", "/account", "/profile",
               "/outcomes", "/import", "/welcome")  # fmt: skip
NOT_PAGES = (".pdf", ".ics", ".csv", ".json", "/static/", "/api/", "/logout", "/docs", "/redoc")
MAX_PAGES = 400
SENTENCE_MIN = 30  # shorter repeats are labels ("Show as a table", "Answer the questions"), not sentences
SENTENCE_WORDS = (
    5  # and a sentence ends with . ! or ?: a card's repeated tag ("Level 2 · Lunge · no equipment") is not one
)
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "dt", "dd", "summary",
          "label", "option", "button", "title", "desc", "figcaption", "caption", "br", "tr", "legend", "a", "span",
          "strong", "em", "small", "abbr", "text"}  # fmt: skip
PROFILE: dict[str, Any] = {
    "age": 38,
    "goals": ["performance", "pain_relief"],
    "pain": [{"region": "hip", "side": "left", "intensity": 4, "weeks": 10}],
    "sitting_hours_per_day": 6,
    "experience": "intermediate",
    "equipment": ["mini_band", "dumbbells", "bench", "barbell"],
    "sessions_per_week": 3,
    "minutes_per_session": 45,
    "body_mass_kg": 72,
}

# Pages other engineers are changing right now (issue 14), where a sentence said twice is listed for the lead instead
# of fixed here: (page, kind of finding). Ids are checked on every page all the same.
KNOWN: set[tuple[str, str]] = set()


class _Text(HTMLParser):
    """The text a person reads, one block per line. What <script> and <style> hold is not text, and a chart's wide
    drawing is the same chart as its narrow one (pages/_charts.py; app.css shows one of the two), so it is read once."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wide = tag == "svg" and "wide" in (dict(attrs).get("class") or "").split()
        if tag in ("script", "style") or wide or (self._skip and tag == self._skip[-1]):
            self._skip.append(tag)
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == self._skip[-1]:
            self._skip.pop()
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.blocks[-1] += data


def blocks_of(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [" ".join(b.split()) for b in parser.blocks if b.strip()]


def sentences(blocks: list[str]) -> list[str]:
    said = (s.strip() for b in blocks for s in re.split(r"(?<=[.!?])\s+", b))
    return [s for s in said if len(s) >= SENTENCE_MIN and len(s.split()) >= SENTENCE_WORDS and s[-1] in ".!?"]


def ids_in(text: str, source_ids: set[str]) -> set[str]:
    found = set(SNAKE.findall(text))
    found |= {s for s in source_ids if re.search(rf"\b{re.escape(s)}\b", text)}
    return found


def repeated(said: list[str]) -> set[str]:
    return {s for s, n in Counter(said).items() if n > 1}


# ------------------------------------------------------------------------------------------------ the web


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    db = tmp_path_factory.mktemp("scan") / "scan.db"
    built = build(Settings(database_url=f"sqlite:///{db}", environment="test", secret_key="x" * 40))
    seed_demo(built.uow, built.library, today=date.today())
    yield built
    built.engine.dispose()


@pytest.fixture(scope="module")
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container)) as c:
        yield c


def sign_in(client: TestClient, email: str, password: str) -> None:
    client.cookies.clear()
    token = CSRF.search(client.get("/login").text)
    assert token
    form = {"csrf_token": token.group(1), "email": email, "password": password, "next": "/today"}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


@pytest.fixture(scope="module")
def importer(client: TestClient) -> str:
    """A person with a programme (started three weeks ago) and another app's history imported."""
    email = "imported@example.com"
    assert client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD}).status_code == 202
    token = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    start = (date.today() - timedelta(days=21)).isoformat()
    assert client.put("/api/v1/profile", params={"start_date": start}, json=PROFILE, headers=headers).status_code == 200
    with (IMPORTS / IMPORTED).open("rb") as fh:
        assert client.post("/api/v1/imports", files={"file": fh}, headers=headers).status_code == 201
    return email


def crawl(client: TestClient) -> dict[str, str]:
    """Every page reachable from the main pages by a link (query strings left off), by path: its HTML."""
    pages: dict[str, str] = {}
    todo = list(START_PAGES)
    while todo and len(pages) < MAX_PAGES:
        path = todo.pop(0)
        if path in pages or any(n in path for n in NOT_PAGES):
            continue
        answer = client.get(path)
        if answer.status_code != 200 or "text/html" not in answer.headers.get("content-type", ""):
            continue
        pages[path] = answer.text
        todo += [p for p in HREF.findall(answer.text) if p not in pages]
    return pages


def findings(pages: dict[str, str], source_ids: set[str]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for path, html in pages.items():
        blocks = blocks_of(html)
        out |= {(path, f"id {i}") for i in ids_in("\n".join(blocks), source_ids)}
        out |= {(path, f"twice: {s}") for s in repeated(sentences(blocks))}
    return out


def unexpected(found: set[tuple[str, str]]) -> list[str]:
    return sorted(f"{path}: {what}" for path, what in found if (path, what.split(":")[0].split()[0]) not in KNOWN)


@pytest.fixture(scope="module")
def source_ids(container: Container) -> set[str]:
    return set(container.library.registry.sources)


@pytest.mark.parametrize("who", ["demo", "imported"])
def test_no_page_shows_an_internal_id_or_says_a_sentence_twice(
    client: TestClient, importer: str, source_ids: set[str], who: str
) -> None:
    """Every page the person can reach, by following links from the main pages."""
    sign_in(client, *((DEMO_EMAIL, DEMO_PASSWORD) if who == "demo" else (importer, PASSWORD)))
    pages = crawl(client)
    assert {"/today", "/progress", "/program", "/exercises"} <= pages.keys()
    assert len(pages) > 20  # the exercise and source pages are reached through the links
    assert unexpected(findings(pages, source_ids)) == []


def test_the_scan_finds_an_id_and_a_repeated_sentence_where_there_is_one() -> None:
    """The scan is not blind: an id in text and a sentence said twice are found; in a link or attribute they are not,
    nor is a chart's title in its wide drawing (the same chart)."""
    html = (
        '<p>Do the <a href="/exercises/glute_bridge" data-id="glute_bridge">glute bridge</a> (farrar2001).</p>'
        "<p>Your pain has come down a little this week.</p><li>Your pain has come down a little this week.</li>"
        "<p>Try side_lying_hip_abduction next.</p>"
        '<svg class="chart narrow"><title>Pain each morning over the last weeks.</title></svg>'
        '<svg class="chart wide"><title>Pain each morning over the last weeks.</title></svg>'
    )
    found = findings({"/x": html}, {"farrar2001"})
    assert found == {
        ("/x", "id farrar2001"),
        ("/x", "id side_lying_hip_abduction"),
        ("/x", "twice: Your pain has come down a little this week."),
    }


# ------------------------------------------------------------------------------------------------ the PDF


def pdf_text(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([poppler("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode().split("\f")


@pytest.mark.parametrize("who", ["demo", "imported"])
def test_the_pdf_report_shows_no_internal_id_and_says_no_sentence_twice_on_a_page(
    client: TestClient, importer: str, source_ids: set[str], who: str, tmp_path: Path
) -> None:
    """pdftotext's text of every page of the clinician report."""
    sign_in(client, *((DEMO_EMAIL, DEMO_PASSWORD) if who == "demo" else (importer, PASSWORD)))
    answer = client.get("/progress/report.pdf")
    assert answer.status_code == 200
    found = set()
    for number, page in enumerate(pdf_text(answer.content, tmp_path), start=1):
        joined = " ".join(page.split())
        found |= {(f"report.pdf page {number}", f"id {i}") for i in ids_in(joined, source_ids)}
        found |= {(f"report.pdf page {number}", f"twice: {s}") for s in repeated(sentences([joined]))}
    assert unexpected(found) == []


# ------------------------------------------------------------------------------------------------ the CLI


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI's local person with a programme from three weeks ago, its sessions logged, and an imported history."""
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILE))
    start = (date.today() - timedelta(days=21)).isoformat()
    runner = CliRunner()
    for args in (["start", "--profile", str(profile), "--start", start], ["import", str(IMPORTS / IMPORTED)]):
        done = runner.invoke(cli_app, args)
        assert done.exit_code == 0, done.output
    yield
    get_settings.cache_clear()


# Not `gluterx exercises`: its list heads each exercise with the id a person types into SESSION.json and
# `gluterx exercises show ID` (an input handle; listed for the lead).
CLI_COMMANDS = (["today"], ["history"], ["progress"], ["plan", "--profile"], ["outcomes", "show"])


def test_the_cli_outputs_show_no_internal_id(cli_store: None, source_ids: set[str], tmp_path: Path) -> None:
    """What `gluterx today`, `history`, `progress`, `plan` and `outcomes show` print."""
    runner = CliRunner()
    found: set[tuple[str, str]] = set()
    for args in CLI_COMMANDS:
        if args[-1] == "--profile":
            args = [*args, str(tmp_path / "profile.json")]
        done = runner.invoke(cli_app, args, env={"COLUMNS": "80"})
        assert done.exit_code == 0, (args, done.output)
        found |= {(f"gluterx {args[0]}", f"id {i}") for i in ids_in(" ".join(done.output.split()), source_ids)}
    assert unexpected(found) == []


def test_a_date_range_says_both_years_unless_it_lies_in_this_year() -> None:
    """'7 December 2020 to 7 February' read as if both were in 2020: a range across years names both."""
    from gluterx.adapters.web.pages._common import day_span

    this_year = date.today().year
    assert day_span("2020-12-07", date(this_year, 2, 7)) == f"7 December 2020 to 7 February {this_year}"
    assert day_span(date(this_year, 1, 2), date(this_year, 3, 4)) == "2 January to 4 March"
