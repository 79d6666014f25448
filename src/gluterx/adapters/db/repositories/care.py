"""Care: clinicians, practices, invitations, grants, the thread, notes and acknowledged alerts.

`can_see` and `clients_of` are one indexed query each, run on every request that reads a client's data, so a grant
revoked through one server is refused by every other at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from gluterx.adapters.db.models import (
    AccountRow,
    AlertAckRow,
    Base,
    CareGrantRow,
    CareInvitationRow,
    CareMessageRow,
    CareNoteRow,
    CareReadRow,
    CheckinRow,
    ClinicianRow,
    OutcomeActivityRow,
    OutcomeAnswersRow,
    OutcomeScheduleRow,
    PerformedSessionRow,
    Person,
    PlannedSessionRow,
    PracticeInvitationRow,
    PracticeRow,
    ProgramRow,
)
from gluterx.domain.care import ClinicianKind, Direction, PracticeRole
from gluterx.domain.planner.program import ACTIVITY_KIND
from gluterx.services.backup_records import (
    AckOf,
    CareOf,
    ClinicianOf,
    GrantOf,
    InvitationOf,
    PracticeInvitationOf,
    PracticeOf,
    ReadOf,
    ScheduleOf,
    WrittenOf,
)
from gluterx.services.care_records import (
    CareMessageRecord,
    CareNoteRecord,
    CareText,
    CaseloadInputs,
    ClinicianRecord,
    GrantRecord,
    InvitationRecord,
    PracticeInvitationRecord,
)

__all__ = ["CareRepository"]

# A message or a note: two tables with the same columns, two records with the same fields.
_TextRow = TypeVar("_TextRow", CareMessageRow, CareNoteRow)
_Text = TypeVar("_Text", bound=CareText)
_Row = TypeVar("_Row", bound=Base)
# The tables about one client, each row with its client_person_id and an id in the order written.
_ClientRow = TypeVar("_ClientRow", CareGrantRow, CareMessageRow, CareNoteRow, AlertAckRow, CareReadRow)


def _aware(at: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; every stored time is UTC (models.py)."""
    if at is None:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _at(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _grant(row: CareGrantRow) -> GrantRecord:
    return GrantRecord(
        row.id, row.client_person_id, row.clinician_person_id, row.practice_id, _at(row.granted_at),
        _aware(row.accepted_at), _aware(row.revoked_at),
    )  # fmt: skip


def _invitation(row: CareInvitationRow) -> InvitationRecord:
    return InvitationRecord(
        row.id, Direction(row.direction), row.from_person_id, _at(row.created_at), _at(row.expires_at),
        _aware(row.used_at),
    )  # fmt: skip


class CareRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # clinicians and practices
    def _clinicians(self, *where: object) -> list[ClinicianRecord]:
        query = (
            select(ClinicianRow, Person.display_name, PracticeRow.name)
            .join(Person, Person.id == ClinicianRow.person_id)
            .outerjoin(PracticeRow, PracticeRow.id == ClinicianRow.practice_id)
            .where(*where)  # type: ignore[arg-type]
            .order_by(ClinicianRow.person_id)
        )
        return [
            ClinicianRecord(
                row.person_id,
                name,
                ClinicianKind(row.kind),
                row.practice_id,
                practice,
                PracticeRole(row.practice_role) if row.practice_role else None,
            )
            for row, name, practice in self.session.execute(query)
        ]

    def clinician(self, person_id: int) -> ClinicianRecord | None:
        found = self._clinicians(ClinicianRow.person_id == person_id)
        return found[0] if found else None

    def add_clinician(
        self, person_id: int, *, kind: ClinicianKind, practice_name: str | None, at: datetime
    ) -> ClinicianRecord:
        practice_id = role = None
        if practice_name:
            practice = PracticeRow(name=practice_name, created_at=at)
            self.session.add(practice)
            self.session.flush()
            practice_id, role = practice.id, PracticeRole.OWNER.value
        self.session.add(
            ClinicianRow(person_id=person_id, kind=kind.value, practice_id=practice_id, practice_role=role,
                         created_at=at)
        )  # fmt: skip
        self.session.flush()
        person = self.session.get(Person, person_id)
        named = practice_name if practice_id is not None else None
        role_of = PracticeRole(role) if role else None
        return ClinicianRecord(person_id, person.display_name if person else "", kind, practice_id, named, role_of)

    def join_practice(self, person_id: int, practice_id: int) -> None:
        self.session.execute(
            update(ClinicianRow)
            .where(ClinicianRow.person_id == person_id)
            .values(practice_id=practice_id, practice_role=PracticeRole.MEMBER.value)
        )

    def practice_members(self, practice_id: int) -> list[ClinicianRecord]:
        return self._clinicians(ClinicianRow.practice_id == practice_id)

    # invitations
    def add_invitation(
        self, *, code_hash: str, direction: Direction, from_person_id: int, at: datetime, expires_at: datetime
    ) -> InvitationRecord:
        row = CareInvitationRow(
            code_hash=code_hash, direction=direction.value, from_person_id=from_person_id, created_at=at,
            expires_at=expires_at,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _invitation(row)

    def invitation(self, code_hash: str) -> InvitationRecord | None:
        row = self._found(CareInvitationRow, code_hash=code_hash)
        return _invitation(row) if row is not None else None

    def use_invitation(self, invitation_id: int, *, by_person_id: int, at: datetime) -> bool:
        done = self.session.execute(
            update(CareInvitationRow)
            .where(CareInvitationRow.id == invitation_id, CareInvitationRow.used_at.is_(None))
            .values(used_at=at, used_by_person_id=by_person_id)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    # grants
    def add_grant(
        self, *, client_person_id: int, clinician_person_id: int, practice_id: int | None, invitation_id: int | None,
        at: datetime,
    ) -> GrantRecord:  # fmt: skip
        row = CareGrantRow(
            client_person_id=client_person_id, clinician_person_id=clinician_person_id, practice_id=practice_id,
            invitation_id=invitation_id, granted_at=at, accepted_at=at,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _grant(row)

    def grants_of_client(self, client_person_id: int) -> list[GrantRecord]:
        rows = self.session.scalars(
            select(CareGrantRow)
            .where(CareGrantRow.client_person_id == client_person_id, CareGrantRow.revoked_at.is_(None))
            .order_by(CareGrantRow.id)
        )
        return [_grant(row) for row in rows]

    def revoke_grant(self, client_person_id: int, grant_id: int, *, at: datetime) -> bool:
        done = self.session.execute(
            update(CareGrantRow)
            .where(
                CareGrantRow.id == grant_id,
                CareGrantRow.client_person_id == client_person_id,
                CareGrantRow.revoked_at.is_(None),
            )
            .values(revoked_at=at)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def _live_for(self, viewer_person_id: int) -> object:
        """A live, accepted grant to the viewer, or to the viewer's practice."""
        practice = (
            select(ClinicianRow.practice_id)
            .where(ClinicianRow.person_id == viewer_person_id, ClinicianRow.practice_id.is_not(None))
            .scalar_subquery()
        )
        return and_(
            CareGrantRow.revoked_at.is_(None),
            CareGrantRow.accepted_at.is_not(None),
            or_(CareGrantRow.clinician_person_id == viewer_person_id, CareGrantRow.practice_id == practice),
            # the viewer must still be a clinician
            exists().where(ClinicianRow.person_id == viewer_person_id),
        )

    def can_see(self, viewer_person_id: int, client_person_id: int) -> bool:
        query = select(
            exists().where(CareGrantRow.client_person_id == client_person_id, self._live_for(viewer_person_id))  # type: ignore[arg-type]
        )
        return bool(self.session.scalar(query))

    def clients_of(self, viewer_person_id: int) -> list[int]:
        query = (
            select(CareGrantRow.client_person_id)
            .where(self._live_for(viewer_person_id))  # type: ignore[arg-type]
            .distinct()
            .order_by(CareGrantRow.client_person_id)
        )
        return list(self.session.scalars(query))

    # the thread, notes, acknowledged alerts
    def add_message(
        self, client_person_id: int, *, author_person_id: int, body: str, at: datetime
    ) -> CareMessageRecord:
        return self._add_text(CareMessageRow, CareMessageRecord, client_person_id, author_person_id, body, at)

    def messages(self, client_person_id: int) -> list[CareMessageRecord]:
        return self._texts(CareMessageRow, CareMessageRecord, client_person_id)

    def add_note(self, client_person_id: int, *, author_person_id: int, body: str, at: datetime) -> CareNoteRecord:
        return self._add_text(CareNoteRow, CareNoteRecord, client_person_id, author_person_id, body, at)

    def notes(self, client_person_id: int) -> list[CareNoteRecord]:
        return self._texts(CareNoteRow, CareNoteRecord, client_person_id)

    def _add_text(
        self,
        row_type: type[_TextRow],
        record_type: type[_Text],
        client_person_id: int,
        author_person_id: int,
        body: str,
        at: datetime,
    ) -> _Text:
        """A message or a note (the two tables have the same columns), written as its record says it."""
        row = row_type(client_person_id=client_person_id, author_person_id=author_person_id, body=body, created_at=at)
        self.session.add(row)
        self.session.flush()
        return record_type(row.id, client_person_id, author_person_id, body, at)

    def _texts(self, row_type: type[_TextRow], record_type: type[_Text], client_person_id: int) -> list[_Text]:
        """A client's messages or notes, oldest first."""
        rows = self._of_client(row_type, client_person_id)
        return [record_type(r.id, r.client_person_id, r.author_person_id, r.body, _at(r.created_at)) for r in rows]

    def _found(self, row_type: type[_Row], **columns: Any) -> _Row | None:
        """The row of `row_type` with these column values (a unique key), or None."""
        return self.session.scalars(select(row_type).filter_by(**columns)).first()

    def _of_client(self, row_type: type[_ClientRow], client_person_id: int) -> list[_ClientRow]:
        """The rows of `row_type` about a client, oldest first."""
        query = select(row_type).where(row_type.client_person_id == client_person_id).order_by(row_type.id)
        return list(self.session.scalars(query))

    def acknowledge(self, client_person_id: int, alert_key: str, *, by_person_id: int, at: datetime) -> None:
        if alert_key in self.acknowledged(client_person_id):
            return
        self.session.add(
            AlertAckRow(client_person_id=client_person_id, alert_key=alert_key, by_person_id=by_person_id, at=at)
        )
        self.session.flush()

    def acknowledged(self, client_person_id: int) -> set[str]:
        query = select(AlertAckRow.alert_key).where(AlertAckRow.client_person_id == client_person_id)
        return set(self.session.scalars(query))

    def outcome_interval(self, client_person_id: int) -> int | None:
        query = select(OutcomeScheduleRow.every_days).where(OutcomeScheduleRow.client_person_id == client_person_id)
        found = self.session.scalar(query)
        return int(found) if found is not None else None

    def set_outcome_interval(self, client_person_id: int, every_days: int, *, by_person_id: int, at: datetime) -> None:
        row = self._found(OutcomeScheduleRow, client_person_id=client_person_id)
        if row is None:
            row = OutcomeScheduleRow(client_person_id=client_person_id)
            self.session.add(row)
        row.every_days, row.set_by_person_id, row.at = every_days, by_person_id, at
        self.session.flush()

    # backups (services/backup.py): a person's care records read whole and written back
    def practices(self, practice_ids: Sequence[int] | None = None) -> list[PracticeOf]:
        query = select(PracticeRow).order_by(PracticeRow.id)
        if practice_ids is not None:
            query = query.where(PracticeRow.id.in_(list(practice_ids)))
        return [PracticeOf(r.id, r.name, _at(r.created_at)) for r in self.session.scalars(query)]

    def restore_practice(self, name: str, *, created_at: datetime) -> int:
        row = PracticeRow(name=name, created_at=created_at)
        self.session.add(row)
        self.session.flush()
        return row.id

    def delete_practices(self) -> None:
        """Every practice (a restore with --replace: practices belong to no one person, so no cascade takes them)."""
        self.session.execute(delete(PracticeRow))

    def care_of(self, person_id: int) -> CareOf:
        clinician = self._found(ClinicianRow, person_id=person_id)
        invitations = self.session.scalars(
            select(CareInvitationRow)
            .where(CareInvitationRow.from_person_id == person_id)
            .order_by(CareInvitationRow.id)
        ).all()
        codes: dict[int, str] = {
            invitation_id: code
            for invitation_id, code in self.session.execute(
                select(CareInvitationRow.id, CareInvitationRow.code_hash)
                .join(CareGrantRow, CareGrantRow.invitation_id == CareInvitationRow.id)
                .where(CareGrantRow.client_person_id == person_id)
            )
        }
        grants = self._of_client(CareGrantRow, person_id)
        messages = self._of_client(CareMessageRow, person_id)
        notes = self._of_client(CareNoteRow, person_id)
        acks = self._of_client(AlertAckRow, person_id)
        schedule = self._found(OutcomeScheduleRow, client_person_id=person_id)
        reads = self._of_client(CareReadRow, person_id)
        message_ids = [r.id for r in messages]  # a mark names a message id: here its place in the thread

        def place(message_id: int) -> int | None:
            at = bisect_right(message_ids, message_id) - 1
            return at if at >= 0 else None

        return CareOf(
            ClinicianOf(clinician.kind, clinician.practice_id, clinician.practice_role, _at(clinician.created_at))
            if clinician is not None else None,
            tuple(InvitationOf(r.code_hash, r.direction, _at(r.created_at), _at(r.expires_at), _aware(r.used_at),
                               r.used_by_person_id) for r in invitations),
            tuple(GrantOf(r.clinician_person_id, r.practice_id, codes.get(r.invitation_id) if r.invitation_id else None,
                          _at(r.granted_at), _aware(r.accepted_at), _aware(r.revoked_at)) for r in grants),
            tuple(WrittenOf(r.author_person_id, r.body, _at(r.created_at)) for r in messages),
            tuple(WrittenOf(r.author_person_id, r.body, _at(r.created_at)) for r in notes),
            tuple(AckOf(r.alert_key, r.by_person_id, _at(r.at)) for r in acks),
            ScheduleOf(schedule.every_days, schedule.set_by_person_id, _at(schedule.at)) if schedule else None,
            tuple(ReadOf(r.reader_person_id, place(r.last_message_id), _at(r.at)) for r in reads),
        )  # fmt: skip

    def restore_care(self, person_id: int, care: CareOf) -> None:
        """Write `care` as the person's, in its order (a grant's invitation, by its code's hash, must be stored)."""
        add = self.session.add_all
        if care.clinician is not None:
            c = care.clinician
            add([ClinicianRow(person_id=person_id, kind=c.kind, practice_id=c.practice_id,
                              practice_role=c.practice_role, created_at=c.created_at)])  # fmt: skip
        add([CareInvitationRow(code_hash=i.code_hash, direction=i.direction, from_person_id=person_id,
                               created_at=i.created_at, expires_at=i.expires_at, used_at=i.used_at,
                               used_by_person_id=i.used_by_person_id) for i in care.invitations])  # fmt: skip
        self.session.flush()
        hashes = [g.invitation_code_hash for g in care.grants if g.invitation_code_hash]
        ids: dict[str, int] = (
            {
                code: invitation_id
                for code, invitation_id in self.session.execute(
                    select(CareInvitationRow.code_hash, CareInvitationRow.id).where(
                        CareInvitationRow.code_hash.in_(hashes)
                    )
                )
            }
            if hashes
            else {}
        )
        add([CareGrantRow(client_person_id=person_id, clinician_person_id=g.clinician_person_id,
                          practice_id=g.practice_id,
                          invitation_id=ids[g.invitation_code_hash] if g.invitation_code_hash else None,
                          granted_at=g.granted_at, accepted_at=g.accepted_at, revoked_at=g.revoked_at)
             for g in care.grants])  # fmt: skip
        messages = [CareMessageRow(client_person_id=person_id, author_person_id=m.author_person_id, body=m.body,
                                   created_at=m.created_at) for m in care.messages]  # fmt: skip
        add(messages)
        add([CareNoteRow(client_person_id=person_id, author_person_id=n.author_person_id, body=n.body,
                         created_at=n.created_at) for n in care.notes])  # fmt: skip
        add([AlertAckRow(client_person_id=person_id, alert_key=a.alert_key, by_person_id=a.by_person_id, at=a.at)
             for a in care.acks])  # fmt: skip
        if care.schedule is not None:
            s = care.schedule
            add([OutcomeScheduleRow(client_person_id=person_id, every_days=s.every_days,
                                    set_by_person_id=s.set_by_person_id, at=s.at)])  # fmt: skip
        self.session.flush()
        # a read mark names a message by its place in the thread: here the restored message's new id (0: none)
        add([CareReadRow(client_person_id=person_id, reader_person_id=r.reader_person_id,
                         last_message_id=messages[r.message].id if r.message is not None else 0, at=r.at)
             for r in care.reads])  # fmt: skip
        self.session.flush()

    def practice_invitation_records(self, practice_ids: Sequence[int] | None = None) -> list[PracticeInvitationOf]:
        query = select(PracticeInvitationRow).order_by(PracticeInvitationRow.id)
        if practice_ids is not None:
            query = query.where(PracticeInvitationRow.practice_id.in_(list(practice_ids)))
        return [
            PracticeInvitationOf(r.practice_id, r.email, r.invited_by_person_id, _at(r.created_at),
                                 _aware(r.accepted_at))
            for r in self.session.scalars(query)
        ]  # fmt: skip

    def restore_practice_invitations(self, invitations: Sequence[PracticeInvitationOf]) -> None:
        self.session.add_all(
            PracticeInvitationRow(practice_id=i.practice_id, email=i.email, invited_by_person_id=i.invited_by_person_id,
                                  created_at=i.created_at, accepted_at=i.accepted_at)
            for i in invitations
        )  # fmt: skip
        self.session.flush()

    # the dashboard, for the whole caseload at once
    def caseload_inputs(
        self, client_person_ids: Sequence[int], *, since: date, until: date, pain_since: date
    ) -> list[CaseloadInputs]:
        ids = list(client_person_ids)
        if not ids:
            return []
        run = self.session.execute
        names = dict(list(run(select(Person.id, Person.display_name).where(Person.id.in_(ids)))))
        planned: dict[int, list[date]] = defaultdict(list)
        for person, day in run(
            select(ProgramRow.person_id, PlannedSessionRow.date)
            .join(ProgramRow, ProgramRow.id == PlannedSessionRow.program_id)
            .where(ProgramRow.person_id.in_(ids), ProgramRow.active.is_(True), PlannedSessionRow.kind != ACTIVITY_KIND,
                   PlannedSessionRow.date >= since, PlannedSessionRow.date <= until)
        ):  # fmt: skip
            planned[person].append(day)
        done: dict[int, list[date]] = defaultdict(list)
        for person, day in run(
            select(PerformedSessionRow.person_id, PerformedSessionRow.date).where(
                PerformedSessionRow.person_id.in_(ids), PerformedSessionRow.date >= since,
                PerformedSessionRow.date <= until,
            )
        ):  # fmt: skip
            done[person].append(day)
        last = dict(
            list(
                run(
                    select(PerformedSessionRow.person_id, func.max(PerformedSessionRow.date))
                    .where(PerformedSessionRow.person_id.in_(ids), PerformedSessionRow.date <= until)
                    .group_by(PerformedSessionRow.person_id)
                )
            )
        )
        readings: dict[int, dict[date, int]] = defaultdict(dict)
        for person, day, pain in run(
            select(CheckinRow.person_id, CheckinRow.date, CheckinRow.pain).where(
                CheckinRow.person_id.in_(ids), CheckinRow.date >= pain_since, CheckinRow.date <= until
            )
        ):
            readings[person][day] = pain
        for person in (p for p in ids if len(readings[p]) < 2):  # the latest two however old (the pain alert's)
            for day, pain in run(
                select(CheckinRow.date, CheckinRow.pain)
                .where(CheckinRow.person_id == person, CheckinRow.date <= until)
                .order_by(CheckinRow.date.desc())
                .limit(2)
            ):
                readings[person][day] = pain
        outcomes = self._outcome_ends(ids)
        acks: dict[int, set[str]] = defaultdict(set)
        for person, key in run(
            select(AlertAckRow.client_person_id, AlertAckRow.alert_key).where(AlertAckRow.client_person_id.in_(ids))
        ):
            acks[person].add(key)
        ends: dict[int, tuple[tuple[int, float] | None, tuple[int, float] | None]] = {
            p: outcomes.get(p, (None, None)) for p in ids
        }
        return [
            CaseloadInputs(
                p,
                names.get(p, ""),
                tuple(sorted(planned[p])),
                tuple(sorted(done[p])),
                last.get(p),
                tuple(sorted(readings[p].items())),
                ends[p][0],
                ends[p][1],
                frozenset(acks[p]),
            )
            for p in ids
        ]

    def _outcome_ends(self, ids: list[int]) -> dict[int, tuple[tuple[int, float], tuple[int, float]]]:
        """Each client's first and latest outcome answers as (pain, PSFS mean)."""
        bounds = (
            select(
                OutcomeAnswersRow.person_id.label("person_id"),
                func.min(OutcomeAnswersRow.date).label("first"),
                func.max(OutcomeAnswersRow.date).label("latest"),
            )
            .where(OutcomeAnswersRow.person_id.in_(ids))
            .group_by(OutcomeAnswersRow.person_id)
            .subquery()
        )
        rows = self.session.execute(
            select(OutcomeAnswersRow.person_id, OutcomeAnswersRow.date, OutcomeAnswersRow.pain,
                   func.avg(OutcomeActivityRow.score))
            .join(bounds, bounds.c.person_id == OutcomeAnswersRow.person_id)
            .join(OutcomeActivityRow, OutcomeActivityRow.answers_id == OutcomeAnswersRow.id)
            .where(or_(OutcomeAnswersRow.date == bounds.c.first, OutcomeAnswersRow.date == bounds.c.latest))
            .group_by(OutcomeAnswersRow.id, OutcomeAnswersRow.person_id, OutcomeAnswersRow.date,
                      OutcomeAnswersRow.pain)
        )  # fmt: skip
        found: dict[int, list[tuple[date, int, float]]] = defaultdict(list)
        for person, day, pain, psfs in rows:
            found[person].append((day, pain, float(psfs)))
        ends = {}
        for person, answers in found.items():
            answers.sort()
            ends[person] = ((answers[0][1], answers[0][2]), (answers[-1][1], answers[-1][2]))
        return ends

    # practice invitations by email
    def invite_to_practice(self, practice_id: int, email: str, *, by_person_id: int, at: datetime) -> None:
        found = self._found(PracticeInvitationRow, practice_id=practice_id, email=email)
        if found is None:
            self.session.add(PracticeInvitationRow(practice_id=practice_id, email=email,
                                                   invited_by_person_id=by_person_id, created_at=at))  # fmt: skip
        elif found.accepted_at is not None:  # they joined and left since: a new invitation
            found.accepted_at, found.invited_by_person_id, found.created_at = None, by_person_id, at
        self.session.flush()

    def _practice_invitations(self, *where: object) -> list[PracticeInvitationRecord]:
        query = (
            select(PracticeInvitationRow, PracticeRow.name)
            .join(PracticeRow, PracticeRow.id == PracticeInvitationRow.practice_id)
            .where(PracticeInvitationRow.accepted_at.is_(None), *where)  # type: ignore[arg-type]
            .order_by(PracticeInvitationRow.id)
        )
        return [
            PracticeInvitationRecord(
                row.id, row.practice_id, name, row.email, row.invited_by_person_id, _at(row.created_at)
            )
            for row, name in self.session.execute(query)
        ]

    def pending_practice_invitations(self, practice_id: int) -> list[PracticeInvitationRecord]:
        return self._practice_invitations(PracticeInvitationRow.practice_id == practice_id)

    def practice_invitations_for(self, person_id: int) -> list[PracticeInvitationRecord]:
        email = select(AccountRow.email).where(AccountRow.person_id == person_id).scalar_subquery()
        return self._practice_invitations(PracticeInvitationRow.email == email)

    def accept_practice_invitation(self, invitation_id: int, *, at: datetime) -> bool:
        done = self.session.execute(
            update(PracticeInvitationRow)
            .where(PracticeInvitationRow.id == invitation_id, PracticeInvitationRow.accepted_at.is_(None))
            .values(accepted_at=at)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def drop_practice_invitation(self, invitation_id: int) -> bool:
        """Delete a pending invitation (cancelled by the owner, declined by the invitee, or expired and made anew):
        False when there is no pending one with that id. A statement of its own, so a new invitation of the same
        email may follow in the same transaction."""
        done = self.session.execute(
            delete(PracticeInvitationRow).where(
                PracticeInvitationRow.id == invitation_id, PracticeInvitationRow.accepted_at.is_(None)
            )
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    # how far each reader has read a thread
    def mark_read(self, client_person_id: int, reader_person_id: int, message_id: int, *, at: datetime) -> None:
        row = self._found(CareReadRow, client_person_id=client_person_id, reader_person_id=reader_person_id)
        if row is None:
            self.session.add(CareReadRow(client_person_id=client_person_id, reader_person_id=reader_person_id,
                                         last_message_id=message_id, at=at))  # fmt: skip
        elif message_id > row.last_message_id:
            row.last_message_id, row.at = message_id, at
        self.session.flush()

    def last_read(self, client_person_id: int, reader_person_id: int) -> int:
        found = self.session.scalar(
            select(CareReadRow.last_message_id).where(
                CareReadRow.client_person_id == client_person_id, CareReadRow.reader_person_id == reader_person_id
            )
        )
        return int(found) if found is not None else 0

    def unread(self, reader_person_id: int, client_person_ids: Sequence[int]) -> dict[int, int]:
        ids = list(client_person_ids)
        if not ids:
            return {}
        m, r = CareMessageRow, CareReadRow
        other_side = or_(
            and_(m.client_person_id == reader_person_id,
                 or_(m.author_person_id.is_(None), m.author_person_id != reader_person_id)),
            and_(m.client_person_id != reader_person_id, m.author_person_id == m.client_person_id),
        )  # fmt: skip
        query = (
            select(m.client_person_id, func.count())
            .outerjoin(r, and_(r.client_person_id == m.client_person_id, r.reader_person_id == reader_person_id))
            .where(m.client_person_id.in_(ids), m.id > func.coalesce(r.last_message_id, 0), other_side)
            .group_by(m.client_person_id)
        )
        return {client: int(n) for client, n in self.session.execute(query)}
