"""`gluterx care ...` and `gluterx clinician ...` on a real SQLite store: the local person is the client, clinicians
are accounts of the same store chosen with --as EMAIL. Each command, a refused access (exit 2, the argument named),
and JSON in the API's own shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gluterx.adapters.cli import _common
from gluterx.adapters.cli.main import app
from gluterx.adapters.web.api.care import ClientOut, ClientRow, InvitationOut, ThreadOut, WhoCanSeeOut
from gluterx.adapters.web.api.plan import ChangeOut
from gluterx.config import get_settings

runner = CliRunner()
TODAY = date.today()
ROWE = "rowe@clinic.test"
OTHER = "other@clinic.test"
PROFILE = {
    "age": 45,
    "goals": ["pain_relief"],
    "pain": [{"region": "knee", "side": "left", "intensity": 3, "weeks": 10}],
    "sitting_hours_per_day": 4,
    "experience": "beginner",
    "equipment": ["mini_band", "dumbbells", "bench"],
    "sessions_per_week": 3,
    "minutes_per_session": 30,
}


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("GLUTERX_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("GLUTERX_AS", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def run(*args: str, input: str | None = None) -> Any:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.stderr or result.stdout
    return result


def refused(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.stdout
    return result


def _accounts() -> None:
    from gluterx.bootstrap import build
    from gluterx.services.accounts import sign_up

    c = build()
    for email, name in ((ROWE, "Alex Rowe"), (OTHER, "Sam Other")):
        sign_up(c.uow(), email=email, password=f"a long passphrase for {name}", display_name=name)


@pytest.fixture
def client(tmp_path: Path) -> int:
    """The local person training (the client), and two clinician accounts of the same store; Alex Rowe (a
    physiotherapist with a practice) invited the local person, who accepted. The client's id."""
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE))
    run("start", "--profile", str(path), "--start", TODAY.isoformat())
    _accounts()
    made = json.loads(
        run("clinician", "setup", "--role", "physiotherapist", "--practice", "Rowe Physio", "--as", ROWE,
            "--format", "json").stdout
    )  # fmt: skip
    assert made["kind"] == "physio" and made["practice_role"] == "owner" and made["name"] == "Alex Rowe"
    code = json.loads(run("clinician", "invite", "--as", ROWE, "--format", "json").stdout)["code"]
    accepted = json.loads(run("care", "accept", code, "--yes", "--format", "json").stdout)
    return int(accepted["client_id"])


def _today_ids(*extra: str) -> list[str]:
    return [i["exercise_id"] for i in json.loads(run("today", "--format", "json", *extra).stdout)["items"]]


def test_an_invitation_says_who_would_see_the_data_and_shares_nothing_until_yes(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE))
    run("start", "--profile", str(path), "--start", TODAY.isoformat())
    _accounts()
    shown = run("clinician", "setup", "--role", "trainer", "--practice", "Rowe Gym", "--as", ROWE).stdout
    assert "trainer at Rowe Gym" in shown
    made = run("clinician", "invite", "--as", ROWE, "--url", "https://gym.example/").stdout
    code = next(line.strip() for line in made.splitlines() if line.startswith("  "))
    assert f"https://gym.example/care/accept/{code}" in made and f"gluterx care accept {code}" in made
    declined = runner.invoke(app, ["care", "accept", code], input="n\n")
    assert declined.exit_code == 1
    assert "Alex Rowe, trainer at Rowe Gym" in declined.stdout and "Nothing was shared" in declined.stdout
    assert "Nobody can see your data" in run("care", "list").stdout
    said = run("care", "accept", code, input="y\n").stdout
    assert "can now see your data" in said
    listed = run("care", "list").stdout
    assert "Alex Rowe, trainer at Rowe Gym" in listed and "gluterx care revoke" in listed
    who = WhoCanSeeOut.model_validate(json.loads(run("care", "list", "--format", "json").stdout))
    assert [g.clinician.name for g in who.grants] == ["Alex Rowe"]
    used = refused("care", "accept", code, "--yes")
    assert "CODE: this invitation code has been used already" in used.stderr


def test_a_client_invites_their_clinician_who_accepts_from_the_clinician_side(client: int) -> None:
    invitation = InvitationOut.model_validate(json.loads(run("care", "invite", "--format", "json").stdout))
    assert invitation.direction == "to_clinician" and invitation.link == f"/care/accept/{invitation.code}"
    own = refused("care", "accept", invitation.code, "--yes")
    assert "CODE: this is your own invitation code" in own.stderr
    not_yet = refused("clinician", "accept", invitation.code, "--yes", "--as", OTHER)
    assert "CODE:" in not_yet.stderr and "gluterx clinician accept CODE" in not_yet.stderr
    run("clinician", "setup", "--role", "trainer", "--as", OTHER)
    asked = run("clinician", "accept", invitation.code, "--as", OTHER, input="y\n").stdout
    assert "invites you to see their GluteRx data" in asked and f"your client {client}" in asked
    names = [
        g.clinician.name
        for g in WhoCanSeeOut.model_validate_json(run("care", "list", "--format", "json").stdout).grants
    ]
    assert sorted(names) == ["Alex Rowe", "Sam Other"]


def test_the_caseload_as_a_table_json_and_csv_with_search_and_alerts(client: int) -> None:
    run("checkin", "--pain", "8")
    table = run("clinician", "clients", "--as", ROWE).stdout
    assert "Physiotherapist at Rowe Physio. 1 client" in table and "1 open, critical" in table and "8/10" in table
    data = json.loads(run("clinician", "clients", "--as", ROWE, "--format", "json").stdout)
    assert data["total"] == 1 and data["date"] == TODAY.isoformat()
    row = ClientRow.model_validate(data["clients"][0])
    assert set(data["clients"][0]) == set(ClientRow.model_fields)
    assert row.client_id == client and row.latest_pain == 8 and row.open_alerts[0].level == "critical"
    csv = run("clinician", "clients", "--as", ROWE, "--format", "csv").stdout
    assert csv.startswith("\ufeffclient,adherence_7_days_percent") and ",8," in csv
    assert "No client matches" in run("clinician", "clients", "--search", "zzz", "--as", ROWE).stdout
    run("clinician", "ack", str(client), "1", "--as", ROWE)
    assert "No client matches" in run("clinician", "clients", "--alerts", "--as", ROWE).stdout
    assert (
        json.loads(run("clinician", "clients", "--as", ROWE, "--format", "json").stdout)["clients"][0]["open_alerts"]
        == []
    )


def test_the_client_page_messages_notes_and_acknowledging_alerts(client: int) -> None:
    run("checkin", "--pain", "8")
    page = run("clinician", "client", str(client), "--as", ROWE).stdout
    for heading in ("Alerts today", "Profile and screening", "Programme this week", "Why each exercise", "Sessions",
                    "Outcome measures", "Notes", "Messages"):  # fmt: skip
        assert heading in page
    assert "1. Critical alert." in page and f"gluterx clinician ack {client} N" in page
    assert "cleared to train" in page and "knee (left), 3/10" in page
    wrong = refused("clinician", "ack", str(client), "7", "--as", ROWE)
    assert "ALERT: 7 is not one of the client's alerts today (1 to 1)" in wrong.stderr
    unknown_key = refused("clinician", "ack", str(client), "not-a-key", "--as", ROWE)
    assert "ALERT: there is no such open alert today" in unknown_key.stderr
    acked = json.loads(run("clinician", "ack", str(client), "1", "--as", ROWE, "--format", "json").stdout)
    assert [a["acknowledged"] for a in acked] == [True]
    assert "(acknowledged)" in run("clinician", "client", str(client), "--as", ROWE).stdout

    nobody = refused("care", "reply", "hello?", "--as", OTHER)
    assert "TEXT: nobody can read messages here yet" in nobody.stderr
    thread = ThreadOut.model_validate_json(
        run("clinician", "message", str(client), "How is the knee?", "--as", ROWE, "--format", "json").stdout
    )
    assert [(m.author_name, m.from_client) for m in thread.messages] == [("Alex Rowe", False)]
    assert "How is the knee?" in run("care", "messages").stdout
    run("care", "reply", "Better, thanks")
    blank = refused("care", "reply", "   ")
    assert "TEXT: required" in blank.stderr
    note = json.loads(run("clinician", "note", str(client), "Check the knee", "--as", ROWE, "--format", "json").stdout)
    assert note["author_name"] == "Alex Rowe" and note["body"] == "Check the knee"
    view = ClientOut.model_validate_json(
        run("clinician", "client", str(client), "--as", ROWE, "--format", "json").stdout
    )
    assert [m.body for m in view.thread.messages] == ["How is the knee?", "Better, thanks"]
    assert [n.body for n in view.notes] == ["Check the knee"] and view.overview.client_id == client
    assert view.this_week and all(i.reason for s in view.this_week for i in s.items)
    page = run("clinician", "client", str(client), "--as", ROWE).stdout
    assert "Better, thanks" in page and "Check the knee" in page


def test_plan_changes_by_the_clinician_reach_the_client_with_the_reason(client: int) -> None:
    first, second = _today_ids()[:2]
    choices = json.loads(run("clinician", "alternatives", str(client), first, "--as", ROWE, "--format", "json").stdout)[
        "alternatives"
    ]
    to = choices[0]
    said = run("clinician", "swap", str(client), first, "--to", to["name"], "--reason", "Easier on the knee",
               "--note", "Slowly", "--as", ROWE).stdout  # fmt: skip
    assert "Done:" in said and to["name"] in said
    assert to["exercise_id"] in _today_ids() and first not in _today_ids()
    locked = ChangeOut.model_validate_json(
        run(
            "clinician", "lock", str(client), second, "--reason", "Hold for now", "--as", ROWE, "--format", "json"
        ).stdout
    )
    assert locked.kind == "lock" and locked.by == "clinician" and locked.author_name == "Alex Rowe"
    run("clinician", "unlock", str(client), second, "--reason", "Settled", "--as", ROWE)
    run("clinician", "note-item", str(client), second, "Keep the ribs down", "--reason", "Form", "--once", "--as", ROWE)
    dosed = ChangeOut.model_validate_json(
        run("clinician", "dose", str(client), second, "--sets", "2", "--reps", "8-10", "--tempo", "2-1-3",
            "--reason", "Slower", "--once", "--as", ROWE, "--format", "json").stdout
    )  # fmt: skip
    assert dosed.kind == "set_dose"
    today = json.loads(run("today", "--format", "json").stdout)
    item = next(i for i in today["items"] if i["exercise_id"] == second)
    assert item["sets"] == 2 and item["reps"].startswith("8-10")
    run("clinician", "skip", str(client), second, "--reason", "Sore today", "--as", ROWE)
    assert second not in _today_ids()
    changes = json.loads(run("plan", "changes", "--format", "json").stdout)
    assert {c["kind"] for c in changes} >= {"swap", "lock", "item_note", "set_dose", "skip_item"}
    assert all(c["by"] == "clinician" for c in changes)
    assert "Easier on the knee" in {c["reason"] for c in changes}


def test_a_plan_change_needs_a_reason_and_names_each_wrong_flag(client: int) -> None:
    first = _today_ids()[0]
    missing = runner.invoke(app, ["clinician", "lock", str(client), first, "--as", ROWE])
    assert missing.exit_code == 2 and "--reason" in missing.stderr
    blank = refused("clinician", "lock", str(client), first, "--reason", " ", "--as", ROWE)
    assert "--reason: required" in blank.stderr
    reps = refused("clinician", "dose", str(client), first, "--sets", "2", "--reps", "8-x", "--reason", "r",
                   "--as", ROWE)  # fmt: skip
    assert "--reps: '8-x' should look like 10 or 8-12" in reps.stderr
    both = refused("clinician", "dose", str(client), first, "--sets", "2", "--reps", "8", "--kg", "5", "--band",
                   "light", "--reason", "r", "--as", ROWE)  # fmt: skip
    assert "--kg, --band" in both.stderr
    sets = refused("clinician", "dose", str(client), first, "--sets", "0", "--reps", "8", "--reason", "r", "--as", ROWE)
    assert "--sets: must be at least 1" in sets.stderr
    exercise = refused("clinician", "swap", str(client), "no such thing", "--to", "x", "--reason", "r", "--as", ROWE)
    assert "EXERCISE: there is no exercise called 'no such thing'" in exercise.stderr
    assert json.loads(run("plan", "changes", "--format", "json").stdout) == []  # nothing half-written


def test_access_is_refused_without_a_live_grant(client: int) -> None:
    not_clinician = refused("clinician", "clients")  # the local person is the client, not a clinician
    assert "gluterx clinician setup" in not_clinician.stderr
    nobody = refused("clinician", "clients", "--as", "nobody@clinic.test")
    assert "--as: no account in this database has this email" in nobody.stderr
    run("clinician", "setup", "--role", "trainer", "--as", OTHER)
    for args in (["client", str(client)], ["message", str(client), "hi"], ["note", str(client), "n"],
                 ["ack", str(client), "1"], ["lock", str(client), _today_ids()[0], "--reason", "r"]):  # fmt: skip
        stranger = refused("clinician", *args, "--as", OTHER)
        assert f"ID: you have no client {client}" in stranger.stderr
    assert "0 clients." in run("clinician", "clients", "--as", OTHER).stdout
    grant = WhoCanSeeOut.model_validate_json(run("care", "list", "--format", "json").stdout).grants[0]
    assert "Alex Rowe" in run("care", "revoke", str(grant.id)).stdout
    gone = refused("clinician", "client", str(client), "--as", ROWE)
    assert f"ID: you have no client {client}" in gone.stderr
    again = refused("care", "revoke", str(grant.id))
    assert "ID: you have no such sharing to end" in again.stderr
    assert "Nobody can see your data" in run("care", "list").stdout


def test_the_pages_read_well_at_80_columns(client: int, monkeypatch: pytest.MonkeyPatch) -> None:
    run("checkin", "--pain", "8")
    run("clinician", "message", str(client), "How is the knee?", "--as", ROWE)
    monkeypatch.setattr(_common.console, "width", 80)
    caseload = run("clinician", "clients", "--as", ROWE).stdout
    page = run("clinician", "client", str(client), "--as", ROWE).stdout
    for text in (caseload, page):
        assert max(len(line) for line in text.splitlines()) <= 80
    words = {w for line in caseload.splitlines() for w in line.replace("│", " ").split()}
    assert {"critical", "8/10,", "Someone"} <= words  # whole words: nothing split mid-word
    assert "How is the knee?" in page


def test_the_practice_invites_by_email_and_the_colleague_joins_declines_or_it_is_cancelled(client: int) -> None:
    from pydantic import TypeAdapter

    from gluterx.adapters.web.api.care import PracticeInvitationsOut
    from gluterx.services.clinicians import PracticeInvitation

    invitation = TypeAdapter(PracticeInvitation)

    run("clinician", "setup", "--role", "trainer", "--as", OTHER)
    said = run("clinician", "practice", "invite", OTHER, "--as", ROWE).stdout
    assert f"Invited {OTHER} to Rowe Physio, until" in said
    made = invitation.validate_json(
        run("clinician", "practice", "invite", OTHER.upper(), "--as", ROWE, "--format", "json").stdout
    )
    assert made.email == OTHER and made.status == "invited"  # inviting again changes nothing
    bad = refused("clinician", "practice", "invite", "not an email", "--as", ROWE)
    assert "EMAIL:" in bad.stderr
    not_owner = refused("clinician", "practice", "invite", "x@clinic.test", "--as", OTHER)
    assert "EMAIL: only the owner of a practice" in not_owner.stderr

    listed = run("clinician", "practice", "invitations", "--as", OTHER).stdout
    assert f"{made.id}. Rowe Physio, by Alex Rowe, for {OTHER} (open until" in listed and "accept ID" in listed
    sent = PracticeInvitationsOut.model_validate_json(
        run("clinician", "practice", "invitations", "--as", ROWE, "--format", "json").stdout
    )
    assert [i.id for i in sent.sent] == [made.id] and sent.received == []

    not_theirs = refused("clinician", "practice", "cancel", str(made.id), "--as", OTHER)
    assert "ID: only the owner of a practice can cancel" in not_theirs.stderr
    assert "You declined" in run("clinician", "practice", "decline", str(made.id), "--as", OTHER).stdout
    gone = refused("clinician", "practice", "accept", str(made.id), "--as", OTHER)
    assert (
        "ID: there is no such invitation to a practice" in gone.stderr and "practice invitations` lists" in gone.stderr
    )
    assert "No invitations" in run("clinician", "practice", "invitations", "--as", ROWE).stdout

    again = invitation.validate_json(
        run("clinician", "practice", "invite", OTHER, "--as", ROWE, "--format", "json").stdout
    )
    assert "cancelled" in run("clinician", "practice", "cancel", str(again.id), "--as", ROWE).stdout
    assert "No invitations" in run("clinician", "practice", "invitations", "--as", OTHER).stdout
    third = invitation.validate_json(
        run("clinician", "practice", "invite", OTHER, "--as", ROWE, "--format", "json").stdout
    )
    joined = json.loads(run("clinician", "practice", "accept", str(third.id), "--as", OTHER, "--format", "json").stdout)
    assert joined["practice_name"] == "Rowe Physio" and joined["practice_role"] == "member"
    assert f"{client}" in run("clinician", "clients", "--as", OTHER, "--format", "json").stdout  # the shared list


def test_outcomes_interval_and_the_clients_report_for_a_clinician_who_may_see_them(client: int, tmp_path: Path) -> None:
    said = run("clinician", "outcomes", str(client), "--every-weeks", "2", "--as", ROWE).stdout
    assert "every 2 weeks" in said
    assert json.loads(run("clinician", "outcomes", str(client), "--every-weeks", "6", "--as", ROWE,
                          "--format", "json").stdout) == {"every_weeks": 6}  # fmt: skip
    from gluterx.bootstrap import build
    from gluterx.services.outcomes import outcome_history

    assert outcome_history(build().uow(), person_id=client, today=TODAY).every_days == 42  # the client's schedule
    wrong = refused("clinician", "outcomes", str(client), "--every-weeks", "13", "--as", ROWE)
    assert "--every-weeks: use a whole number of weeks from 1 to 12" in wrong.stderr

    out = tmp_path / "client.pdf"
    assert "report written" in run("clinician", "report", str(client), "--out", str(out), "--as", ROWE).stdout
    assert out.read_bytes().startswith(b"%PDF")
    run("clinician", "setup", "--role", "trainer", "--as", OTHER)
    stranger = refused("clinician", "report", str(client), "--out", str(tmp_path / "no.pdf"), "--as", OTHER)
    assert f"ID: you have no client {client}" in stranger.stderr and not (tmp_path / "no.pdf").exists()


def test_a_clinician_adds_an_exercise_sees_it_in_the_session_and_takes_it_back(client: int) -> None:
    from gluterx.adapters.web.api.clinician_plan import AdditionsOut

    table = run("clinician", "additions", str(client), "--as", ROWE).stdout
    assert "Can be added on" in table and f"gluterx clinician add {client}" in table
    found = AdditionsOut.model_validate_json(
        run("clinician", "additions", str(client), "--as", ROWE, "--format", "json").stdout
    )
    pick = found.additions[0]
    assert pick.exercise_id not in _today_ids() and found.in_session
    no_reason = refused("clinician", "add", str(client), pick.name, "--reason", " ", "--as", ROWE)
    assert "--reason: required" in no_reason.stderr
    bad_dose = refused("clinician", "add", str(client), pick.name, "--reps", "8", "--reason", "r", "--as", ROWE)
    assert "--sets: required" in bad_dose.stderr
    added = ChangeOut.model_validate_json(
        run("clinician", "add", str(client), pick.name, "--sets", "2", "--reps", "10", "--reason", "For the hips",
            "--as", ROWE, "--format", "json").stdout
    )  # fmt: skip
    assert added.kind == "add_item" and added.by == "clinician" and added.reason == "For the hips"
    today = json.loads(run("today", "--format", "json").stdout)
    item = next(i for i in today["items"] if i["exercise_id"] == pick.exercise_id)
    assert item["sets"] == 2
    twice = refused("clinician", "add", str(client), pick.name, "--reason", "again", "--as", ROWE)
    assert "EXERCISE:" in twice.stderr and "already" in twice.stderr
    page = run("clinician", "client", str(client), "--as", ROWE).stdout
    assert f"change {added.id} by Alex Rowe:" in page and f"gluterx clinician undo {client} CHANGE" in page
    run("clinician", "setup", "--role", "trainer", "--as", OTHER)
    stranger = refused("clinician", "undo", str(client), str(added.id), "--reason", "mine", "--as", OTHER)
    assert f"ID: you have no client {client}" in stranger.stderr
    undone = run("clinician", "undo", str(client), str(added.id), "--reason", "Too much at once", "--as", ROWE).stdout
    assert "Done:" in undone
    assert pick.exercise_id not in _today_ids()
    kinds = [c["kind"] for c in json.loads(run("plan", "changes", "--format", "json").stdout)]
    assert sorted(kinds) == ["add_item", "undo"]
