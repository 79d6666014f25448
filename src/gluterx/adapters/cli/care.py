"""`gluterx care`: the client's side of care (issue 16): invite your trainer or physiotherapist, accept their code,
see who can see your data, stop sharing, and the message thread (services/clinicians.py).

Who "you" are: the local person, as for every command of the person's loop. A store that holds accounts (the web
server's database, or a shared PostgreSQL) has several people; `--as EMAIL` (or GLUTERX_AS) then picks the account's
person. The command line opens the database itself, so whoever can run it can read the store anyway: `--as` asks for
no password. `gluterx clinician ...` uses the same choice.

`--format json` gives what the API gives for the same thing: its own writers and models (adapters/web/api/care.py),
imported only then, so the tables stay quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from gluterx.adapters.dates import day_month, now

from ._common import Format, FormatOption, console, err_console, local_person, open_container, print_json, run_service

if TYPE_CHECKING:
    from gluterx.bootstrap import Container
    from gluterx.services.clinicians import InvitationView, Member, NewInvitation, Thread

care_app = typer.Typer(
    help="Share your data with your trainer or physiotherapist: invite, accept, list, revoke, messages.",
    no_args_is_help=True,
)

AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="EMAIL",
        envvar="GLUTERX_AS",
        help="Act as the account with this email in this database (default: the local person).",
    ),
]
UrlOption = Annotated[
    str, typer.Option("--url", help="Where your GluteRx server is reached, for the link (gluterx serve's address).")
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")]
SERVER = "http://127.0.0.1:8000"
FLAGS = {"email": "--as", "code": "CODE", "grant_id": "ID", "body": "TEXT"}


# ------------------------------------------------------------------------------------------------ shared with clinician


def acting_as(c: Container, email: str | None, *, create: bool = False) -> int:
    """The person a care command acts for: the account's with --as EMAIL, else the local person."""
    if email is None:
        return local_person(c, create=create)
    from gluterx.services.people import account_person_id

    person_id: int = run_service(lambda: account_person_id(c.uow(), email=email), flags=FLAGS)
    return person_id


def print_model(model: Any) -> None:
    """An API response model (a pydantic model or a service's result that the API returns itself) as the API sends
    it."""
    from pydantic import TypeAdapter

    print_json(TypeAdapter(type(model)).dump_python(model, mode="json"))


def member_words(member: Member) -> str:
    """'Alex Rowe, physiotherapist at Rowe Physio'."""
    at = f" at {member.practice_name}" if member.practice_name else ""
    return escape(f"{member.name}, {member.kind.label.lower()}{at}")


def show_invitation(made: NewInvitation, fmt: Format, url: str, *, accept_with: str) -> None:
    """A code just made (shown this once), the link that opens it, and how the other person uses it."""
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import invitation_out

        print_model(invitation_out(made))
        return
    console.print(f"Your invitation code (it works once, until {day_month(made.expires_at)}):")
    console.print(f"  [bold]{made.code}[/]", highlight=False)
    console.print(
        f"Or send this link: {escape(url.rstrip('/'))}/care/accept/{made.code}", highlight=False, soft_wrap=True
    )
    console.print(f"They accept it with `{accept_with} {made.code}`, or by opening the link.", highlight=False)


def show_thread(thread: Thread, fmt: Format, *, empty: str) -> None:
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import thread_out

        print_model(thread_out(thread))
        return
    if not thread.messages:
        console.print(empty)
        return
    for m in thread.messages:
        console.print(
            f"[bold]{escape(m.author_name)}[/] [dim]{m.created_at.astimezone():%Y-%m-%d %H:%M}[/]", highlight=False
        )
        console.print(escape(m.body), highlight=False)
        console.print()


def _preview(found: InvitationView) -> list[str]:
    """What accepting the code would do, in the words of the accept page."""
    c = found.clinician
    if c is None:  # the service always names the clinician; said plainly if it ever does not
        return [f"{escape(found.from_name)} invites you to share data."]
    colleagues = ", ".join(escape(m.name) for m in found.practice_members)
    if found.direction.value == "to_client":
        lines = [
            f"[bold]{member_words(c)}[/] invites you to share your GluteRx data with them.",
            "They will see your answers to the questionnaire and your health conditions, your programme, the "
            "sessions you log, your pain check-ins, your outcome measures and your messages. They can write to you, "
            "and you can reply.",
        ]
        if colleagues:
            lines.append(f"Their colleagues at {escape(c.practice_name or '')} will see it too: {colleagues}.")
        lines.append("You can stop sharing at any time with `gluterx care revoke ID`; it stops at once.")
        return lines
    lines = [f"[bold]{escape(found.from_name)}[/] invites you to see their GluteRx data, as their clinician."]
    if colleagues:
        lines.append(f"Your colleagues at {escape(c.practice_name or '')} will see it too: {colleagues}.")
    return lines


def accept(
    code: Annotated[str, typer.Argument(help="The invitation code you were given, like ABCD-EFGH-JKLM.")],
    yes: YesOption = False,
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Accept an invitation code: says who would see whose data, and asks first."""
    from gluterx.services.clinicians import accept_invitation, invitation_preview

    c = open_container()
    me = acting_as(c, as_email)
    found = run_service(lambda: invitation_preview(c.uow(), code=code, person_id=me, now=now()), flags=FLAGS)
    out = err_console if fmt is Format.JSON else console  # JSON alone on stdout
    if not yes:
        for line in _preview(found):
            out.print(line, highlight=False)
        question = "Share your data?" if found.direction.value == "to_client" else "Take them on as a client?"
        if not typer.confirm(question, default=False, err=fmt is Format.JSON):
            out.print("Nothing was shared.")
            raise typer.Exit(1)
    grant = run_service(lambda: accept_invitation(c.uow(), code=code, person_id=me, now=now()), flags=FLAGS)
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import AcceptedOut

        print_model(
            AcceptedOut(grant_id=grant.id, client_id=grant.client_person_id, clinician_id=grant.clinician_person_id)
        )
        return
    if grant.client_person_id == me:
        console.print(
            f"Done: {member_words(found.clinician) if found.clinician else 'they'} can now see your data "
            f"(sharing {grant.id}; `gluterx care revoke {grant.id}` stops it).",
            highlight=False,
        )
    else:
        console.print(
            f"Done: {escape(found.from_name)} is your client {grant.client_person_id} "
            f"(`gluterx clinician client {grant.client_person_id}`).",
            highlight=False,
        )


# ------------------------------------------------------------------------------------------------ the commands


@care_app.command("invite")
def invite(as_email: AsOption = None, url: UrlOption = SERVER, fmt: FormatOption = Format.TABLE) -> None:
    """Make a code for your trainer or physiotherapist to accept (single use, 7 days)."""
    from gluterx.services.clinicians import client_invite

    c = open_container()
    me = acting_as(c, as_email)
    made = run_service(lambda: client_invite(c.uow(), person_id=me, now=now()), flags=FLAGS)
    show_invitation(made, fmt, url, accept_with="gluterx clinician accept")


care_app.command("accept")(accept)


@care_app.command("list")
def who(as_email: AsOption = None, fmt: FormatOption = Format.TABLE) -> None:
    """Who can see your data now, each sharing with its ID."""
    from gluterx.services.clinicians import who_can_see

    c = open_container()
    me = acting_as(c, as_email)
    found = run_service(lambda: who_can_see(c.uow(), person_id=me), flags=FLAGS)
    if fmt is Format.JSON:
        from gluterx.adapters.web.api.care import who_can_see_out  # GET /care's writer

        print_model(who_can_see_out(found))
        return
    if not found.grants:
        console.print("Nobody can see your data: it is yours alone. `gluterx care invite` makes a code to share it.")
        return
    console.print("[bold]Who can see your data[/]")
    for g in found.grants:
        since = f", since {day_month(g.accepted_at)}" if g.accepted_at else ""
        console.print(f"{g.id}. {member_words(g.clinician)}{since}.", highlight=False)
        if g.practice_members:
            colleagues = ", ".join(escape(m.name) for m in g.practice_members)
            console.print(f"   Their colleagues see it too: {colleagues}.", highlight=False)
    console.print("Stop sharing with `gluterx care revoke ID` (the number before the name); it stops at once.")


@care_app.command("revoke")
def revoke(
    grant_id: Annotated[int, typer.Argument(metavar="ID", min=1, help="The sharing's number in `gluterx care list`.")],
    as_email: AsOption = None,
) -> None:
    """Stop sharing your data with a clinician (and their practice), at once."""
    from gluterx.services.clinicians import revoke_grant, who_can_see

    c = open_container()
    me = acting_as(c, as_email)
    shared = run_service(lambda: who_can_see(c.uow(), person_id=me), flags=FLAGS)
    whom = next((member_words(g.clinician) for g in shared.grants if g.id == grant_id), None)
    run_service(lambda: revoke_grant(c.uow(), person_id=me, grant_id=grant_id, now=now()), flags=FLAGS)
    console.print(f"Done: {whom or 'they'} can no longer see your data.", highlight=False)


@care_app.command("messages")
def messages(as_email: AsOption = None, fmt: FormatOption = Format.TABLE) -> None:
    """Your messages with your clinicians, oldest first."""
    from gluterx.services.clinicians import thread

    c = open_container()
    me = acting_as(c, as_email)
    found = run_service(lambda: thread(c.uow(), person_id=me), flags=FLAGS)
    show_thread(found, fmt, empty="No messages yet.")


@care_app.command("reply")
def reply(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What you want to say (quote it).")],
    as_email: AsOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Write to your clinicians: everyone who can see your data reads it."""
    from gluterx.services.clinicians import send_message, thread

    c = open_container()
    me = acting_as(c, as_email)
    run_service(lambda: send_message(c.uow(), person_id=me, body=text, now=now()), flags=FLAGS)
    if fmt is Format.JSON:
        show_thread(run_service(lambda: thread(c.uow(), person_id=me)), fmt, empty="")
        return
    console.print("Sent. `gluterx care messages` shows the thread.")
