"""services.clinicians on the in-memory store: invitations both ways (single use, expiring), consent the client
can end at once, practices sharing a client list, and nothing for anyone else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gluterx.domain.care import PainTrend
from gluterx.domain.exercise import Library
from gluterx.domain.progression.alerts import AlertLevel
from gluterx.services import check_in, clinicians
from gluterx.services.ports import ServiceError
from tests.fakes import FakeUnitOfWork
from tests.services.loop import START, log_due, started

NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)


def person(uow: FakeUnitOfWork, name: str) -> int:
    with uow:
        made = uow.people.add(display_name=name).id
        uow.commit()
    return made


def clinician(uow: FakeUnitOfWork, name: str, practice: str = "", kind: str = "physio") -> int:
    made = person(uow, name)
    clinicians.become_clinician(uow, person_id=made, kind=kind, practice_name=practice, now=NOW)
    return made


def connect(uow: FakeUnitOfWork, clinician_id: int, client_id: int) -> int:
    code = clinicians.clinician_invite(uow, person_id=clinician_id, now=NOW).code
    return clinicians.accept_invitation(uow, code=code, person_id=client_id, now=NOW).id


def codes(exc: pytest.ExceptionInfo[ServiceError]) -> list[str]:
    return [p.code for p in exc.value.problems]


def test_a_client_accepts_a_clinicians_code_and_the_clinician_sees_them_until_revoked(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    invitation = clinicians.clinician_invite(uow, person_id=doc, now=NOW)
    assert len(invitation.code) == 14 and invitation.expires_at == NOW + timedelta(days=7)
    preview = clinicians.invitation_preview(uow, code=invitation.code.lower(), person_id=client, now=NOW)
    assert preview.clinician is not None and preview.clinician.name == "Dr Rowe"
    with pytest.raises(ServiceError) as refused:  # before accepting: nothing
        clinicians.client_view(uow, library, person_id=doc, client_id=client, today=START)
    assert refused.value.code == "missing"
    grant = clinicians.accept_invitation(uow, code=invitation.code, person_id=client, now=NOW)
    seen = clinicians.client_view(uow, library, person_id=doc, client_id=client, today=START)
    assert seen.row.name == "Sam" and seen.programme is not None
    assert [g.clinician.name for g in clinicians.who_can_see(uow, person_id=client).grants] == ["Dr Rowe"]
    clinicians.revoke_grant(uow, person_id=client, grant_id=grant.id, now=NOW)
    with pytest.raises(ServiceError) as gone:
        clinicians.client_view(uow, library, person_id=doc, client_id=client, today=START)
    assert gone.value.code == "missing"
    assert clinicians.caseload(uow, person_id=doc, today=START).rows == ()
    assert clinicians.who_can_see(uow, person_id=client).grants == ()


def test_a_code_works_once_and_not_after_it_expires(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    a, b = person(uow, "A"), person(uow, "B")
    code = clinicians.clinician_invite(uow, person_id=doc, now=NOW).code
    clinicians.accept_invitation(uow, code=code, person_id=a, now=NOW)
    with pytest.raises(ServiceError) as used:
        clinicians.accept_invitation(uow, code=code, person_id=b, now=NOW)
    assert codes(used) == ["invitation_used"]
    late = clinicians.clinician_invite(uow, person_id=doc, now=NOW).code
    with pytest.raises(ServiceError) as expired:
        clinicians.accept_invitation(uow, code=late, person_id=b, now=NOW + timedelta(days=7))
    assert codes(expired) == ["invitation_expired"]
    with pytest.raises(ServiceError) as unknown:
        clinicians.accept_invitation(uow, code="AAAA-BBBB-CCCC", person_id=b, now=NOW)
    assert codes(unknown) == ["invitation_unknown"]
    with pytest.raises(ServiceError) as own:
        clinicians.accept_invitation(uow, code=clinicians.clinician_invite(uow, person_id=doc, now=NOW).code,
                                     person_id=doc, now=NOW)  # fmt: skip
    assert codes(own) == ["invitation_own"]
    assert clinicians.caseload(uow, person_id=doc, today=START).total == 1


def test_a_client_invites_a_clinician_and_only_a_clinician_can_use_it() -> None:
    uow = FakeUnitOfWork()
    client, other = person(uow, "Sam"), person(uow, "Not a clinician")
    doc = clinician(uow, "Coach Kim", kind="trainer")
    code = clinicians.client_invite(uow, person_id=client, now=NOW).code
    with pytest.raises(ServiceError) as refused:
        clinicians.accept_invitation(uow, code=code, person_id=other, now=NOW)
    assert refused.value.code == "forbidden"
    grant = clinicians.accept_invitation(uow, code=code, person_id=doc, now=NOW)
    assert (grant.client_person_id, grant.clinician_person_id) == (client, doc)
    assert [r.person_id for r in clinicians.caseload(uow, person_id=doc, today=START).rows] == [client]


def test_a_practice_shares_its_client_list_and_nothing_crosses_to_another_practice() -> None:
    uow = FakeUnitOfWork()
    owner = clinician(uow, "Owner", practice="North Physio")
    member = clinician(uow, "Member")
    practice_id = clinicians.clinician_of(uow, person_id=owner).practice_id  # type: ignore[union-attr]
    with uow:
        uow.care.join_practice(member, practice_id)  # type: ignore[arg-type]
        uow.commit()
    outsider = clinician(uow, "Elsewhere", practice="South Physio")
    client = person(uow, "Sam")
    connect(uow, owner, client)
    assert [r.person_id for r in clinicians.caseload(uow, person_id=member, today=START).rows] == [client]
    assert clinicians.caseload(uow, person_id=outsider, today=START).rows == ()
    with pytest.raises(ServiceError):
        clinicians.thread(uow, person_id=outsider, client_id=client)
    who = clinicians.who_can_see(uow, person_id=client).grants
    assert [m.name for m in who[0].practice_members] == ["Member"]


def test_a_person_who_is_not_a_clinician_has_no_caseload_and_cannot_invite() -> None:
    uow = FakeUnitOfWork()
    someone = person(uow, "Sam")
    for call in (
        lambda: clinicians.caseload(uow, person_id=someone, today=START),
        lambda: clinicians.clinician_invite(uow, person_id=someone, now=NOW),
    ):
        with pytest.raises(ServiceError) as refused:
            call()
        assert refused.value.code == "forbidden"


def test_become_clinician_names_each_bad_field_and_stores_nothing() -> None:
    uow = FakeUnitOfWork()
    someone = person(uow, "Sam")
    with pytest.raises(ServiceError) as bad:
        clinicians.become_clinician(uow, person_id=someone, kind="surgeon", practice_name="x" * 121, now=NOW)
    assert {p.field: p.code for p in bad.value.problems} == {"kind": "not_a_choice", "practice_name": "too_long"}
    assert clinicians.clinician_of(uow, person_id=someone) is None
    clinicians.become_clinician(uow, person_id=someone, kind="trainer", practice_name="", now=NOW)
    with pytest.raises(ServiceError) as twice:
        clinicians.become_clinician(uow, person_id=someone, kind="trainer", practice_name="", now=NOW)
    assert twice.value.code == "conflict"


def test_the_thread_both_ways_and_a_client_cannot_write_to_nobody() -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = person(uow, "Sam")
    with pytest.raises(ServiceError) as nobody:
        clinicians.send_message(uow, person_id=client, body="hello?", now=NOW)
    assert codes(nobody) == ["no_clinician"]
    connect(uow, doc, client)
    clinicians.send_message(uow, person_id=doc, client_id=client, body="How is the hip?", now=NOW)
    clinicians.send_message(uow, person_id=client, body="Better, thanks", now=NOW)
    mine = clinicians.thread(uow, person_id=client)
    assert [(m.author_name, m.from_client) for m in mine.messages] == [("Dr Rowe", False), ("Sam", True)]
    assert mine.latest_from_clinician is not None and mine.latest_from_clinician.body == "How is the hip?"
    with pytest.raises(ServiceError) as blank:
        clinicians.send_message(uow, person_id=client, body="   ", now=NOW)
    assert codes(blank) == ["required"]


def test_pain_raises_an_alert_the_clinician_can_acknowledge(library: Library) -> None:
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    log_due(uow, library, client, START)
    check_in.checkin(uow, library, pain=2, on=START + timedelta(days=1), person_id=client)
    check_in.checkin(uow, library, pain=8, on=START + timedelta(days=2), person_id=client)
    day = START + timedelta(days=2)
    row = clinicians.caseload(uow, person_id=doc, today=day).rows[0]
    assert row.top_level is AlertLevel.CRITICAL and row.latest_pain == 8
    assert row.adherence_7 is not None and row.pain_trend in set(PainTrend)
    key = row.open_alerts[0].key
    with pytest.raises(ServiceError):
        clinicians.acknowledge_alert(uow, person_id=doc, client_id=client, key="nope", today=day, now=NOW)
    clinicians.acknowledge_alert(uow, person_id=doc, client_id=client, key=key, today=day, now=NOW)
    after = clinicians.caseload(uow, person_id=doc, today=day).rows[0]
    assert key not in {a.key for a in after.open_alerts}
    view = clinicians.client_view(uow, library, person_id=doc, client_id=client, today=day)
    assert any(a.key == key and a.acknowledged for a in view.alerts)


def test_the_clinician_chooses_how_often_the_outcome_measures_are_asked(library: Library) -> None:
    """Every 2 weeks instead of 4: the client's own outcome history (Today, the outcomes page, the API) follows."""
    from gluterx.services.outcomes import outcome_history, record_outcomes

    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    answers = {"pain": 5, "activities": [{"name": f"thing {i}", "score": 4} for i in range(3)]}
    record_outcomes(uow, answers, on=START, person_id=client)
    day = START + timedelta(days=15)
    assert not outcome_history(uow, person_id=client, today=day).due.due  # type: ignore[union-attr]
    with pytest.raises(ServiceError) as bad:
        clinicians.assign_outcomes(uow, person_id=doc, client_id=client, every_weeks=13, now=NOW)
    assert codes(bad) == ["week_count_out_of_range"]
    with pytest.raises(ServiceError) as stranger:  # not theirs yet
        clinicians.assign_outcomes(uow, person_id=doc, client_id=client, every_weeks=2, now=NOW)
    assert stranger.value.code == "missing"
    connect(uow, doc, client)
    clinicians.assign_outcomes(uow, person_id=doc, client_id=client, every_weeks=2, now=NOW)
    found = outcome_history(uow, person_id=client, today=day)
    assert found.every_days == 14 and found.due is not None and found.due.due and found.due.number == 1


def test_an_acknowledged_inactivity_alert_stays_acknowledged_while_its_words_change_day_by_day(
    library: Library,
) -> None:
    """The inactivity alert says "N days" afresh each day; its identity is "inactive since the last session", so
    the clinician's acknowledgement holds until the client trains again (and a new gap is a new alert)."""
    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    log_due(uow, library, client, START)
    day = START + timedelta(days=4)
    raised = clinicians.caseload(uow, person_id=doc, today=day).rows[0].open_alerts
    assert [a.key for a in raised] == [f"inactive:low:{START.isoformat()}"]
    clinicians.acknowledge_alert(uow, person_id=doc, client_id=client, key=raised[0].key, today=day, now=NOW)
    later = day + timedelta(days=1)
    view = clinicians.client_view(uow, library, person_id=doc, client_id=client, today=later)
    assert [(a.key, a.acknowledged) for a in view.alerts] == [(raised[0].key, True)]
    assert "5 days" in view.alerts[0].message and "4 days" in raised[0].message
    assert clinicians.caseload(uow, person_id=doc, today=later).rows[0].open_alerts == ()


def test_an_acknowledgement_stored_under_the_old_words_key_is_still_read(library: Library) -> None:
    """Before alerts had an identity the key was a hash of level and words: such a stored key still covers the alert
    with those words (a tolerant read, no migration: the old key cannot be turned into an occasion)."""
    import hashlib

    uow = FakeUnitOfWork()
    doc = clinician(uow, "Dr Rowe")
    client = started(uow, library)
    connect(uow, doc, client)
    log_due(uow, library, client, START)
    day = START + timedelta(days=4)
    alert = clinicians.caseload(uow, person_id=doc, today=day).rows[0].open_alerts[0]
    old = hashlib.sha256(f"{alert.level.value}|{alert.message}".encode()).hexdigest()[:32]
    with uow:
        uow.care.acknowledge(client, old, by_person_id=doc, at=NOW)
        uow.commit()
    assert clinicians.caseload(uow, person_id=doc, today=day).rows[0].open_alerts == ()


def test_the_interval_in_words() -> None:
    from gluterx.services.outcomes import check_words, interval_words

    assert [interval_words(d) for d in (7, 14, 28, 10)] == ["1 week", "2 weeks", "4 weeks", "10 days"]
    assert [check_words(d) for d in (7, 28, 10)] == ["weekly check", "4-weekly check", "10-day check"]


def test_inviting_a_colleague_answers_the_same_whatever_the_email_and_they_join_by_accepting() -> None:
    """The owner learns nothing about the email (an account, a clinician, one in a practice, or nobody: "invited");
    the clinician signed in with that email sees the invitation and joins by accepting it, once."""
    from gluterx.services.records import AccountRecord

    uow = FakeUnitOfWork()
    owner = clinician(uow, "Owner", practice="North Physio")
    colleague = clinician(uow, "Colleague")
    busy = clinician(uow, "Busy", practice="South Physio")
    with uow:
        for pid, email in ((colleague, "col@example.com"), (busy, "busy@example.com")):
            made = AccountRecord(pid, email, "x", pid)
            uow.accounts.state.accounts[made.id] = made  # type: ignore[attr-defined]
        uow.commit()
    answers = [
        clinicians.add_practice_member(uow, person_id=owner, email=e, now=NOW)
        for e in ("Col@Example.com ", "busy@example.com", "nobody@example.com")
    ]
    assert [(a.email, a.practice_name) for a in answers] == [
        ("col@example.com", "North Physio"), ("busy@example.com", "North Physio"), ("nobody@example.com", "North Physio")
    ]  # fmt: skip
    assert clinicians.practice_members(uow, person_id=owner)[-1].person_id == owner  # nobody joined yet
    assert [i.email for i in clinicians.invited_colleagues(uow, person_id=owner, now=NOW)] == [a.email for a in answers]
    again = clinicians.add_practice_member(uow, person_id=owner, email="col@example.com", now=NOW)
    assert again.id == answers[0].id
    with pytest.raises(ServiceError) as bad:
        clinicians.add_practice_member(uow, person_id=owner, email="not an email", now=NOW)
    assert codes(bad) == ["invalid_email"]
    mine = clinicians.practice_invitations(uow, person_id=colleague, now=NOW)
    assert [(i.practice_name, i.invited_by) for i in mine] == [("North Physio", "Owner")]
    with pytest.raises(ServiceError) as not_theirs:
        clinicians.join_practice(uow, person_id=busy, invitation_id=mine[0].id, now=NOW)
    assert not_theirs.value.code == "missing"
    with pytest.raises(ServiceError) as one_each:
        invitation = clinicians.practice_invitations(uow, person_id=busy, now=NOW)[0]
        clinicians.join_practice(uow, person_id=busy, invitation_id=invitation.id, now=NOW)
    assert codes(one_each) == ["in_a_practice"]
    joined = clinicians.join_practice(uow, person_id=colleague, invitation_id=mine[0].id, now=NOW)
    assert joined.practice_name == "North Physio" and joined.practice_role is not None
    assert {m.person_id for m in clinicians.practice_members(uow, person_id=owner)} == {owner, colleague}
    assert clinicians.practice_invitations(uow, person_id=colleague, now=NOW) == ()
    with pytest.raises(ServiceError):
        clinicians.join_practice(uow, person_id=colleague, invitation_id=mine[0].id, now=NOW)


def test_unread_markers_per_reader_and_reading_marks_them_read() -> None:
    """The client's messages are unread for each clinician until that clinician reads the thread; the clinician's
    are unread for the client until they read theirs; a message that came in after what was shown stays unread."""
    uow = FakeUnitOfWork()
    owner = clinician(uow, "Owner", practice="North Physio")
    member = clinician(uow, "Member")
    practice_id = clinicians.clinician_of(uow, person_id=owner).practice_id  # type: ignore[union-attr]
    with uow:
        uow.care.join_practice(member, practice_id)  # type: ignore[arg-type]
        uow.commit()
    client = person(uow, "Sam")
    connect(uow, owner, client)
    clinicians.send_message(uow, person_id=owner, client_id=client, body="How is the hip?", now=NOW)
    assert clinicians.unread_messages(uow, person_id=client) == 1
    assert [r.unread for r in clinicians.caseload(uow, person_id=owner, today=START).rows] == [0]
    mine = clinicians.thread(uow, person_id=client)
    assert [m.unread for m in mine.messages] == [True]
    clinicians.mark_thread_read(uow, person_id=client, up_to=mine.latest_id, now=NOW)
    assert clinicians.unread_messages(uow, person_id=client) == 0
    assert [m.unread for m in clinicians.thread(uow, person_id=client).messages] == [False]
    clinicians.send_message(uow, person_id=client, body="Better, thanks", now=NOW)
    clinicians.send_message(uow, person_id=client, body="One question", now=NOW)
    assert clinicians.unread_messages(uow, person_id=client) == 0  # their own messages are not news to them
    for doc in (owner, member):
        assert clinicians.caseload(uow, person_id=doc, today=START).rows[0].unread == 2
    seen = clinicians.thread(uow, person_id=owner, client_id=client)
    assert [m.unread for m in seen.messages] == [False, True, True]
    clinicians.send_message(uow, person_id=client, body="Arrived meanwhile", now=NOW)
    clinicians.mark_thread_read(uow, person_id=owner, client_id=client, up_to=seen.latest_id, now=NOW)
    assert clinicians.caseload(uow, person_id=owner, today=START).rows[0].unread == 1
    assert clinicians.caseload(uow, person_id=member, today=START).rows[0].unread == 3  # each reader their own
    outsider = clinician(uow, "Elsewhere")
    with pytest.raises(ServiceError):
        clinicians.mark_thread_read(uow, person_id=outsider, client_id=client, up_to=1, now=NOW)


def test_a_practice_invitation_expires_can_be_cancelled_by_the_owner_and_declined_by_the_invitee() -> None:
    """Open for care_invitation_days (7): after that the invitee no longer sees it and cannot join; the owner sees
    it expired and inviting again makes it anew. The owner cancels, the invitee declines: either way it is gone."""
    from gluterx.services.records import AccountRecord

    uow = FakeUnitOfWork()
    owner = clinician(uow, "Owner", practice="North Physio")
    member = clinician(uow, "Member")
    colleague, other = clinician(uow, "Colleague"), person(uow, "Not yet a clinician")
    with uow:
        for pid, email in ((colleague, "col@example.com"), (other, "other@example.com")):
            made = AccountRecord(pid, email, "x", pid)
            uow.accounts.state.accounts[made.id] = made  # type: ignore[attr-defined]
        uow.commit()
    sent = clinicians.add_practice_member(uow, person_id=owner, email="col@example.com", now=NOW)
    assert sent.expires_at == NOW + timedelta(days=7) and not sent.expired
    later = NOW + timedelta(days=7)
    assert clinicians.practice_invitations(uow, person_id=colleague, now=later - timedelta(seconds=1)) != ()
    assert clinicians.practice_invitations(uow, person_id=colleague, now=later) == ()
    assert [i.expired for i in clinicians.invited_colleagues(uow, person_id=owner, now=later)] == [True]
    with pytest.raises(ServiceError) as too_late:
        clinicians.join_practice(uow, person_id=colleague, invitation_id=sent.id, now=later)
    assert codes(too_late) == ["practice_invitation_expired"] and too_late.value.code == "conflict"
    anew = clinicians.add_practice_member(uow, person_id=owner, email="col@example.com", now=later)
    assert anew.created_at == later and not anew.expired
    assert [i.id for i in clinicians.practice_invitations(uow, person_id=colleague, now=later)] == [anew.id]

    # the invitee declines (a clinician or not yet); someone else cannot decline it for them
    with pytest.raises(ServiceError) as not_theirs:
        clinicians.decline_practice_invitation(uow, person_id=other, invitation_id=anew.id)
    assert not_theirs.value.code == "missing"
    clinicians.decline_practice_invitation(uow, person_id=colleague, invitation_id=anew.id)
    assert clinicians.practice_invitations(uow, person_id=colleague, now=later) == ()
    assert clinicians.invited_colleagues(uow, person_id=owner, now=later) == ()
    with pytest.raises(ServiceError) as gone:
        clinicians.join_practice(uow, person_id=colleague, invitation_id=anew.id, now=later)
    assert gone.value.code == "missing"
    to_other = clinicians.add_practice_member(uow, person_id=owner, email="other@example.com", now=later)
    clinicians.decline_practice_invitation(uow, person_id=other, invitation_id=to_other.id)  # no clinician needed

    # the owner cancels; a clinician who owns no practice cannot, nor another practice's owner
    again = clinicians.add_practice_member(uow, person_id=owner, email="col@example.com", now=later)
    stranger = clinician(uow, "Stranger", practice="South Physio")
    with pytest.raises(ServiceError) as not_ours:
        clinicians.cancel_practice_invitation(uow, person_id=stranger, invitation_id=again.id)
    assert codes(not_ours) == ["no_sent_practice_invitation"] and not_ours.value.code == "missing"
    with pytest.raises(ServiceError) as no_practice:
        clinicians.cancel_practice_invitation(uow, person_id=member, invitation_id=again.id)
    assert codes(no_practice) == ["only_owner_cancels"] and no_practice.value.code == "forbidden"
    with pytest.raises(ServiceError) as not_owner:  # nor invite: only a practice's owner does
        clinicians.add_practice_member(uow, person_id=member, email="col@example.com", now=later)
    assert codes(not_owner) == ["not_practice_owner"] and not_owner.value.code == "forbidden"
    clinicians.cancel_practice_invitation(uow, person_id=owner, invitation_id=again.id)
    assert clinicians.practice_invitations(uow, person_id=colleague, now=later) == ()
    with pytest.raises(ServiceError) as twice:
        clinicians.cancel_practice_invitation(uow, person_id=owner, invitation_id=again.id)
    assert twice.value.code == "missing"
