"""Tables. Every timestamp is timezone-aware (UTC); dates a person means (a training day) are plain dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from gluterx.adapters.db.dose_columns import DoseColumns, dose_checks

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16), default="person")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped in the same transaction as every write that changes what this person is shown (adapters/db/revision.py):
    # a server may keep a result of theirs for as long as this number has not moved.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")

    __table_args__ = (CheckConstraint("role in ('person', 'coach')", name="role"),)


class ProfileRow(Base):
    """One version of a person's profile; a change adds a version, the old one stays."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("person_id", "version", name="person_version"),)


class ProgramRow(Base):
    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id"))
    start_date: Mapped[date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    screening: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sessions: Mapped[list[PlannedSessionRow]] = relationship(
        back_populates="program", lazy="raise", cascade="all, delete-orphan", order_by="PlannedSessionRow.date"
    )


class PlannedSessionRow(Base):
    __tablename__ = "planned_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    week: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    phase: Mapped[int] = mapped_column(Integer)
    phase_name: Mapped[str] = mapped_column(String(60))
    deload: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[float] = mapped_column(Float)

    program: Mapped[ProgramRow] = relationship(back_populates="sessions", lazy="raise")
    items: Mapped[list[PlannedItemRow]] = relationship(
        back_populates="session", lazy="raise", cascade="all, delete-orphan", order_by="PlannedItemRow.position"
    )

    __table_args__ = (
        UniqueConstraint("program_id", "date", name="program_date"),
        Index("ix_planned_sessions_program_date", "program_id", "date"),
    )


class PlannedItemRow(DoseColumns, Base):
    """One exercise of a planned session, in its place: its dose (as columns), its slot, why, and its time."""

    __tablename__ = "planned_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    planned_session_id: Mapped[int] = mapped_column(ForeignKey("planned_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    exercise_id: Mapped[str] = mapped_column(String(80))
    slot: Mapped[str] = mapped_column(String(40))
    reason: Mapped[list[Any]] = mapped_column(JSON)  # the reason's parts (domain/said.py), never its words
    sources: Mapped[list[Any]] = mapped_column(JSON)
    seconds: Mapped[float] = mapped_column(Float)

    session: Mapped[PlannedSessionRow] = relationship(back_populates="items", lazy="raise")

    __table_args__ = (
        UniqueConstraint("planned_session_id", "position", name="planned_session_position"),
        *dose_checks(),
    )


class PerformedSessionRow(Base):
    __tablename__ = "performed_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    duration_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    session_rpe: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Leg symptoms spread further down the leg (asked only of people with leg pain; None when not asked).
    leg_symptoms_spread: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    source: Mapped[str] = mapped_column(String(32), default="gluterx")
    source_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    exercises: Mapped[list[PerformedExerciseRow]] = relationship(
        back_populates="session", lazy="raise", cascade="all, delete-orphan", order_by="PerformedExerciseRow.position"
    )

    __table_args__ = (
        Index("ix_performed_sessions_person_date", "person_id", "date"),
        UniqueConstraint("person_id", "source", "source_key", name="person_source_key"),
    )


class PerformedExerciseRow(Base):
    __tablename__ = "performed_exercises"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("performed_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    exercise_id: Mapped[str] = mapped_column(String(80))
    pain_during: Mapped[int] = mapped_column(Integer)
    felt_in: Mapped[list[Any]] = mapped_column(JSON)

    session: Mapped[PerformedSessionRow] = relationship(back_populates="exercises", lazy="raise")
    sets: Mapped[list[SetRow]] = relationship(
        back_populates="exercise", lazy="raise", cascade="all, delete-orphan", order_by="SetRow.position"
    )

    __table_args__ = (CheckConstraint("pain_during between 0 and 10", name="pain_during"),)


class SetRow(Base):
    __tablename__ = "sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    performed_exercise_id: Mapped[int] = mapped_column(
        ForeignKey("performed_exercises.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    load: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(2), default="kg")
    band: Mapped[str | None] = mapped_column(String(32), nullable=True)
    rir: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rpe: Mapped[float | None] = mapped_column(Float, nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    e1rm_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    warmup: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    exercise: Mapped[PerformedExerciseRow] = relationship(back_populates="sets", lazy="raise")

    __table_args__ = (
        CheckConstraint("reps >= 0", name="reps"),
        CheckConstraint("unit in ('kg', 'lb')", name="unit"),
    )


class CheckinRow(Base):
    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    pain: Mapped[int] = mapped_column(Integer)
    # Muscle soreness, asked apart from pain: it is expected after training and never steps a programme back.
    soreness: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("person_id", "date", name="person_date"),
        CheckConstraint("pain between 0 and 10", name="pain"),
        CheckConstraint("soreness between 0 and 10", name="soreness"),
    )


class PrescriptionRow(DoseColumns, Base):
    """What the progression engine said for next time (its dose as columns); the newest per exercise slot is current."""

    __tablename__ = "prescriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    planned_exercise_id: Mapped[str] = mapped_column(String(80))
    logged_exercise_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    exercise_id: Mapped[str] = mapped_column(String(80))
    performed_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("performed_sessions.id", ondelete="CASCADE"), nullable=True
    )
    action: Mapped[str] = mapped_column(String(32))
    reason: Mapped[list[Any]] = mapped_column(JSON)  # the reason's parts (domain/said.py), never its words
    sources: Mapped[list[Any]] = mapped_column(JSON)
    cue: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_prescriptions_program_planned", "program_id", "planned_exercise_id"), *dose_checks())


class AccountRow(Base):
    """A sign-in for a person: email and an argon2 password hash (never the password)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(nullable=True)


class ApiTokenRow(Base):
    """A bearer token for the JSON API; only its SHA-256 is stored. It works until it expires or is revoked."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(nullable=True)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)


class WebSessionRow(Base):
    """A signed-in browser: the cookie holds a random id, only its SHA-256 is stored here (shared by every server)."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    client: Mapped[str] = mapped_column(String(64), default="")


class AccountNoticeRow(Base):
    """Something the owner of an account should hear at their next sign-in (there is no mail server)."""

    __tablename__ = "account_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column(nullable=True)


class LoginAttemptRow(Base):
    """Sign-in attempts, for limiting guessing (per email and per client address)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    client: Mapped[str] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_client_at", "client", "at"),
        Index("ix_login_attempts_email_client_at", "email", "client", "at"),
    )


class OutcomeAnswersRow(Base):
    """One set of outcome-measure answers (pain 0-10, global rating of change -7..+7 or none at the start), one per
    person and day; its PSFS activities are rows of their own, in the order the person named them."""

    __tablename__ = "outcome_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    pain: Mapped[int] = mapped_column(Integer)
    groc: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activities: Mapped[list[OutcomeActivityRow]] = relationship(
        back_populates="answers",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="OutcomeActivityRow.position",
        lazy="selectin",
    )

    __table_args__ = (
        UniqueConstraint("person_id", "date"),
        CheckConstraint("pain between 0 and 10", name="pain"),
        CheckConstraint("groc is null or groc between -7 and 7", name="groc"),
    )


class OutcomeActivityRow(Base):
    """A PSFS activity in the person's own words and its rating (0 cannot do it .. 10 as before)."""

    __tablename__ = "outcome_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    answers_id: Mapped[int] = mapped_column(ForeignKey("outcome_answers.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    score: Mapped[int] = mapped_column(Integer)
    answers: Mapped[OutcomeAnswersRow] = relationship(back_populates="activities", lazy="raise")

    __table_args__ = (
        UniqueConstraint("answers_id", "position"),
        CheckConstraint("score between 0 and 10", name="score"),
    )


class IdempotencyKeyRow(Base):
    """A key sent with a logged session (the API's Idempotency-Key header, the player form's hidden key): the same key
    again with the same body gives back the session it stored instead of storing a second one. A key is kept for a
    day (services/duplicates.py); it goes with its session or its person."""

    __tablename__ = "idempotency_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    session_id: Mapped[int] = mapped_column(ForeignKey("performed_sessions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("person_id", "key", name="person_key"),
        Index("ix_idempotency_keys_person_created", "person_id", "created_at"),
    )


# ------------------------------------------------------------------------------------------------ care (issue 16)


class PracticeRow(Base):
    """A practice: clinicians who share one client list (a client who accepts one of them is seen by all)."""

    __tablename__ = "practices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClinicianRow(Base):
    """A person who works as a trainer or physiotherapist; at most one practice, as its owner or a member."""

    __tablename__ = "clinicians"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    practice_id: Mapped[int | None] = mapped_column(
        ForeignKey("practices.id", ondelete="SET NULL"), nullable=True, index=True
    )
    practice_role: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("kind in ('trainer', 'physio')", name="kind"),
        CheckConstraint("practice_role is null or practice_role in ('owner', 'member')", name="practice_role"),
    )


class CareInvitationRow(Base):
    """A single-use invitation code (only its SHA-256 is stored) from a clinician to a client or the other way."""

    __tablename__ = "care_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    direction: Mapped[str] = mapped_column(String(24))
    from_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)
    used_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)

    __table_args__ = (CheckConstraint("direction in ('to_client', 'to_clinician')", name="direction"),)


class CareGrantRow(Base):
    """A client lets a clinician (and the clinician's practice, when there is one) see their data, from
    `accepted_at` until `revoked_at`. Access is read from here on every request."""

    __tablename__ = "care_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    clinician_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    practice_id: Mapped[int | None] = mapped_column(ForeignKey("practices.id", ondelete="SET NULL"), nullable=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("care_invitations.id", ondelete="SET NULL"), nullable=True
    )
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)

    __table_args__ = (
        Index("ix_care_grants_client", "client_person_id", "revoked_at"),
        Index("ix_care_grants_clinician", "clinician_person_id", "revoked_at"),
        Index("ix_care_grants_practice", "practice_id", "revoked_at"),
    )


class CareMessageRow(Base):
    """One message of the thread between a client and their clinicians."""

    __tablename__ = "care_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CareNoteRow(Base):
    """A clinician's note about a client (seen by the client's clinicians, not by the client)."""

    __tablename__ = "care_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AlertAckRow(Base):
    """A clinician acknowledged one of a client's alerts, by its key: kind:level:occasion (domain Alert.key), or in
    rows from before that, a hash of its level and words (services.clinicians reads both)."""

    __tablename__ = "alert_acks"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    alert_key: Mapped[str] = mapped_column(String(64))
    by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("client_person_id", "alert_key", name="client_alert"),)


class PracticeInvitationRow(Base):
    """A practice's owner invited a colleague by email (whether or not it has an account: the owner is not told); the
    clinician signed in with that email joins the practice when they accept it."""

    __tablename__ = "practice_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254), index=True)
    invited_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(nullable=True)

    __table_args__ = (UniqueConstraint("practice_id", "email", name="practice_email"),)


class CareReadRow(Base):
    """How far a reader (the client, or one of their clinicians) has read the client's thread: the latest message id
    they saw. Messages after it from the other side are unread for them."""

    __tablename__ = "care_reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    reader_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    last_message_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("client_person_id", "reader_person_id", name="client_reader"),)


class OutcomeScheduleRow(Base):
    """How often a client is asked the outcome measures, as their clinician chose (without a row: every 4 weeks)."""

    __tablename__ = "outcome_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    every_days: Mapped[int] = mapped_column(Integer)
    set_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("every_days between 7 and 84", name="every_days"),)


class PersonSettingsRow(Base):
    """A person's settings: the unit weights are shown and entered in (the store keeps kg), the training days (ISO
    weekdays as a JSON list), the time of day sessions start ("HH:MM") and the IANA time zone it is in."""

    __tablename__ = "person_settings"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    unit: Mapped[str] = mapped_column(String(2), default="kg")
    training_days: Mapped[list[Any]] = mapped_column(JSON, default=list)
    training_time: Mapped[str | None] = mapped_column(String(5), nullable=True)
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("unit in ('kg', 'lb')", name="unit"),)


class PlanAdjustmentRow(Base):
    """One change to a programme's plan (domain.planner.adjustments): a swap, a skipped exercise or session, a
    moved session, or the undoing of an earlier one. Append-only: the rows are the audit trail, never updated."""

    __tablename__ = "plan_adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    to_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    from_exercise: Mapped[str | None] = mapped_column(String(100), nullable=True)
    to_exercise: Mapped[str | None] = mapped_column(String(100), nullable=True)
    scope: Mapped[str | None] = mapped_column(String(8), nullable=True)
    undoes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author_kind: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)  # an item note's text (issue 16)
    locked: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # a lock: progression off (True) or on again
    # A set dose (kind set_dose, issue 16): the dose's parts under the names of the dose columns (dose_columns.py),
    # all NULL on every other kind.
    sets: Mapped[int | None] = mapped_column(Integer, nullable=True)
    work_kind: Mapped[str | None] = mapped_column(String(8), nullable=True)
    rep_low: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rep_high: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hold_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hold_reps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    per_side: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    load_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    load_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    band: Mapped[str | None] = mapped_column(String(32), nullable=True)
    guidance: Mapped[str | None] = mapped_column(String(32), nullable=True)
    rir_low: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rir_high: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rest_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tempo_up: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tempo_squeeze: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tempo_down: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tempo_explosive: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    __table_args__ = (
        CheckConstraint(
            "kind in ('swap', 'skip_item', 'skip_session', 'move_session', 'undo', 'item_note', 'lock', 'set_dose', "
            "'add_item')",
            name="kind",
        ),
        CheckConstraint("author_kind in ('person', 'clinician')", name="author_kind"),
    )


class RevisionEpochRow(Base):
    """One row: a number bumped by every write that cannot name the people whose rows it changed (a DELETE by a row's
    id, a write to a table with no way to its person; adapters/db/revision.py). What a person is shown is valid while
    both their `people.revision` and this number stay: one row to UPDATE, where such a write used to UPDATE every
    person (concurrent ones deadlocked on PostgreSQL, issue 13). BIGINT: added to a person's revision, the sum stays
    far below its limit."""

    __tablename__ = "revision_epoch"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)
