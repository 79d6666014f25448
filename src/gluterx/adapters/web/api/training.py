"""The person's loop: today's session, logging it, the next-morning check-in, and the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated, Any

from fastapi import Body, Header, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from gluterx.bootstrap import Container
from gluterx.services import history
from gluterx.services.check_in import checkin
from gluterx.services.contract import (
    checkin_json,
    checkins_json,
    delete_json,
    edit_json,
    log_json,
    session_json,
    today_json,
)
from gluterx.services.duplicates import KEY_FIELD, KEY_PATTERN, MAX_KEY_LENGTH
from gluterx.services.fields import Whole
from gluterx.services.guards import check_day
from gluterx.services.log_session import LogOutcome, log_session
from gluterx.services.ports import ServiceError
from gluterx.services.session_edits import delete_session, edit_session
from gluterx.services.session_input import SessionIn, parse_session
from gluterx.services.today import today

from ..deps import ApiUser, ContainerDep
from ..results import ResultCache
from . import router
from ._models import FIRST_DAY, LAST_DAY, Alert, PlanItem, Precaution
from ._openapi import INVALID, MISSING, NOT_SIGNED_IN, Problems, json_body

DayQuery = Annotated[
    dt.date | None,
    Query(ge=FIRST_DAY, le=LAST_DAY, description="Act as if it were this day, YYYY-MM-DD (default: today)."),
]
SessionId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The id POST /sessions gave the session.")]
KEY_HEADER = "Idempotency-Key"
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=KEY_HEADER,
        json_schema_extra={"pattern": KEY_PATTERN},  # said in the schema; checked by the use case, in its words
        description=(
            "Makes a retry safe: the same key with the same body gives back the session stored the first time "
            f"(kept 24 hours). 1 to {MAX_KEY_LENGTH} letters, digits or - _ . : ~ + / = ; a random UUID is best."
        ),
    ),
]
AllowDuplicate = Annotated[
    bool,
    Query(
        description=(
            "Log it even though a session with the same exercises and sets is stored that day already (without it, "
            "that is 409 duplicate_session)."
        )
    ),
]
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "model": Problems,
        "description": (
            "Logged already: the same exercises and sets that day (`duplicate_session`, field `allow_duplicate`), or "
            "an Idempotency-Key used before with another body (`idempotency_key_reused`)."
        ),
    }
}


class Today(BaseModel):
    """The session due that day with progression applied, or a rest day and when the next session is."""

    date: dt.date
    week: int
    day: int
    rest_day: bool
    next_session_date: dt.date | None
    items: list[PlanItem]
    alerts: list[Alert]
    precautions: list[Precaution] = []


class NextTime(BaseModel):
    exercise_id: str
    sets: int
    reps: str
    load: str


class Change(BaseModel):
    """What changes next time for one logged exercise, and why."""

    exercise_id: str
    action: str
    next: NextTime | None
    progressing: bool
    reason: str
    cue: str | None


class Logged(BaseModel):
    session_id: int
    date: dt.date
    sets_logged: int
    changes: list[Change]
    alerts: list[Alert]


class ExerciseDone(BaseModel):
    exercise_id: str
    pain_during: int
    felt_in: list[str]
    sets: list[history.SetRecord]


class Session(BaseModel):
    """A performed session, as logged."""

    id: int
    date: dt.date
    notes: str
    source: str
    exercises: list[ExerciseDone]
    session_rpe: float | None = Field(default=None, description="How hard the whole session was, 0-10 (CR-10).")
    duration_min: int | None = Field(default=None, description="How long it took, in minutes.")


class CheckinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pain: Annotated[int, Field(ge=0, le=10, description="Pain this morning, 0 (none) to 10 (worst)."), Whole]
    soreness: Annotated[int, Field(ge=0, le=10), Whole] | None = Field(
        default=None,
        description="Muscle soreness this morning, 0-10, asked apart from pain: soreness never steps the plan back.",
    )
    date: Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)] | None = Field(
        default=None, description="The morning it is for (default: today)."
    )


class Checkin(BaseModel):
    date: dt.date
    pain: int


class CheckedIn(Checkin):
    """The check-in, and any of yesterday's prescriptions it revisited (pain above your usual lately)."""

    soreness: int | None
    usual_pain: int = Field(
        description="Your usual pain before yesterday's session, that this morning was judged against."
    )
    changes: list[Change]
    alerts: list[Alert]


# The routes below are `async def` and send only the database work to the thread pool. A plain `def` route costs two
# trips there: FastAPI runs the function in the pool and then validates its response in the pool again.


def results(request: Request) -> ResultCache:
    """The app's results kept per person (adapters/web/results.py), made at its first use."""
    return kept_results(request.app.state)


def kept_results(state: Any) -> ResultCache:
    """The results kept in an app's state (the route and the fast path in front of it, adapters/web/fast.py)."""
    found: ResultCache | None = getattr(state, "results", None)
    if found is None:
        found = state.results = ResultCache()
    return found


def day_asked(date: dt.date | None) -> dt.date:
    """The day a GET /today is for: the one asked, or today's date (worked out per request)."""
    return date or dt.date.today()


def today_key(person_id: int, person_uuid: str, on: dt.date) -> tuple[str, int, str, dt.date]:
    """What today's answer is kept under (with the revision it was computed at)."""
    return ("today", person_id, person_uuid, on)


def today_response(body: bytes) -> Response:
    """Today's answer as sent: the route and the fast path in front of it send it through this one function."""
    return Response(body, media_type="application/json")


def _today_body(content: dict[str, Any]) -> bytes:
    """The answer as FastAPI would send it through `response_model=Today`: validated, then JSON."""
    return bytes(JSONResponse(Today.model_validate(content).model_dump(mode="json")).body)


@router.get("/today", response_model=Today, tags=["training"], responses={**NOT_SIGNED_IN, **MISSING, **INVALID})
async def get_today(request: Request, user: ApiUser, container: ContainerDep, date: DayQuery = None) -> Response:
    """Your session for the day (the DESIGN.md `today` object); 404 until you have a programme."""
    on = day_asked(date)
    # Kept until the person's next write (their revision, read with the token) and never past the day it is for;
    # a kept answer is mostly served by adapters/web/fast.py before the request gets here
    key, kept = today_key(user.person_id, user.person_uuid, on), results(request)
    body = kept.get(key, user.revision)
    if body is None:
        plan = await run_in_threadpool(today, container.uow(), container.library, on=on, person_id=user.person_id)
        body = _today_body(today_json(plan))
        kept.put(key, user.revision, body)
    return today_response(body)


@router.post(
    "/sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=Logged,
    tags=["training"],
    responses={**NOT_SIGNED_IN, **MISSING, **INVALID, **CONFLICT},
    openapi_extra=json_body(SessionIn, "SESSION.json, as DESIGN.md defines it. Bad input stores nothing."),
)
async def post_session(
    body: Annotated[dict[str, Any], Body()],
    user: ApiUser,
    container: ContainerDep,
    idempotency_key: IdempotencyKey = None,
    allow_duplicate: AllowDuplicate = False,
) -> Response:
    """Log a performed session; says what changes next time, and why.

    Send an `Idempotency-Key` header (a random UUID) to make retries safe: the same key with the same body again
    answers with the session stored the first time (header `Idempotent-Replayed: true`), never a second one; the same
    key with another body is 409. Without a key, the same exercises and sets on a day that already has them is 409
    `duplicate_session` (field `allow_duplicate`): send it again with `?allow_duplicate=true` to log it a second time.
    Keys are kept for 24 hours.
    """
    # A plain one (a bearer token, JSON, no key) is mostly logged by adapters/web/fast_log.py before it gets here
    session = session_checked(body, container)
    try:
        logged = await logged_from(
            container,
            session,
            person_id=user.person_id,
            idempotency_key=idempotency_key,
            allow_duplicate=allow_duplicate,
        )
    except ServiceError as exc:  # the key's problems name the header it came in
        named = [replace(p, field=KEY_HEADER) if p.field == KEY_FIELD else p for p in exc.problems]
        raise ServiceError(named, code=exc.code) from exc
    return logged_response(logged)


def session_checked(body: Any, container: Container) -> SessionIn:
    """SESSION.json (parsed JSON) checked as POST /sessions checks it, or ServiceError: the route and the fast path in
    front of it (adapters/web/fast_log.py) both check it through this one function."""
    session = parse_session(body, container.library)  # checking the body is quick: no database
    check_day(session.date)  # every field's problems first, then the day
    return session


async def logged_from(
    container: Container, session: SessionIn, *, person_id: int, idempotency_key: str | None, allow_duplicate: bool
) -> LogOutcome:
    """A checked session logged for the person, as POST /sessions logs it (the use case in the thread pool): the route
    and the fast path in front of it both log through this one function. ServiceError: refused, nothing stored."""
    return await run_in_threadpool(
        log_session,
        container.uow(),
        container.library,
        session,
        person_id=person_id,
        idempotency_key=idempotency_key,
        allow_duplicate=allow_duplicate,
    )


def logged_response(logged: LogOutcome) -> Response:
    """A logged session's answer as sent: 201, the body as `response_model=Logged` gives it (validated, then JSON),
    then Location and, for a replay, Idempotent-Replayed. The route and the fast path in front of it send it through
    this one function."""
    body = Logged.model_validate(log_json(logged), from_attributes=True).model_dump_json(by_alias=True)
    response = Response(body, status_code=status.HTTP_201_CREATED, media_type="application/json")
    response.headers["Location"] = f"/api/v1/sessions/{logged.session_id}"
    if logged.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@router.get("/sessions", response_model=list[Session], tags=["training"], responses=NOT_SIGNED_IN)
async def list_sessions(user: ApiUser, container: ContainerDep) -> list[dict[str, Any]]:
    """Your performed sessions, oldest first."""
    found = await run_in_threadpool(history.sessions, container.uow(), person_id=user.person_id)
    return [session_json(s) for s in found]


@router.get(
    "/sessions/{session_id}",
    response_model=Session,
    tags=["training"],
    responses={**NOT_SIGNED_IN, **MISSING, **INVALID},
)
async def get_session(session_id: SessionId, user: ApiUser, container: ContainerDep) -> dict[str, Any]:
    """One of your sessions; 404 when there is no such session of yours."""
    found = await run_in_threadpool(history.session, container.uow(), person_id=user.person_id, session_id=session_id)
    return session_json(found)


@router.post(
    "/checkins", response_model=CheckedIn, tags=["training"], responses={**NOT_SIGNED_IN, **MISSING, **INVALID}
)
async def post_checkin(body: CheckinIn, user: ApiUser, container: ContainerDep) -> dict[str, Any]:
    """Record next-morning pain (again for the same day replaces it)."""
    on = body.date or dt.date.today()
    outcome = await run_in_threadpool(
        checkin,
        container.uow(),
        container.library,
        pain=body.pain,
        soreness=body.soreness,
        on=on,
        person_id=user.person_id,
    )
    return checkin_json(outcome)


@router.get("/checkins", response_model=list[Checkin], tags=["training"], responses=NOT_SIGNED_IN)
async def list_checkins(user: ApiUser, container: ContainerDep) -> list[dict[str, Any]]:
    """Your check-ins, oldest first."""
    found = await run_in_threadpool(history.checkins, container.uow(), person_id=user.person_id)
    return checkins_json(found)


# ------------------------------------------------------------------------------------------------ correcting the history


class Revised(BaseModel):
    """A slot of the programme whose next prescription the correction changed: what it said before, and now."""

    slot: str = Field(description="The exercise the plan put in the slot.")
    before: NextTime | None
    after: NextTime | None


class Corrected(BaseModel):
    """The corrected session (same id), what it says for next time now, and what changed for next time."""

    session: Session
    changes: list[Change]
    alerts: list[Alert]
    sessions_rejudged: int = Field(description="Sessions judged again, from the earliest day the correction touched.")
    revised: list[Revised]


class Deleted(BaseModel):
    """The deleted session, and what its going changed for next time."""

    session_id: int
    date: dt.date
    sessions_rejudged: int = Field(description="Later sessions judged again without it.")
    revised: list[Revised]


IMPORTED: dict[int | str, dict[str, Any]] = {
    409: {
        "model": Problems,
        "description": "An imported session keeps the other app's figures: delete it, or correct it there and import "
        "it again.",
    }
}


@router.put(
    "/sessions/{session_id}",
    response_model=Corrected,
    tags=["training"],
    responses={**NOT_SIGNED_IN, **MISSING, **INVALID, **IMPORTED},
    openapi_extra=json_body(
        SessionIn,
        "The whole session as it should read, in SESSION.json's shape (the date may move within the days GluteRx "
        "accepts; leave out leg_symptoms_spread to keep the answer given). Bad input changes nothing.",
    ),
)
async def put_session(
    session_id: SessionId, body: Annotated[dict[str, Any], Body()], user: ApiUser, container: ContainerDep
) -> dict[str, Any]:
    """Correct one of your logged sessions; what comes next is worked out again from the corrected history. 404
    when there is no such session of yours."""
    session = parse_session(body, container.library)
    check_day(session.date)
    outcome = await run_in_threadpool(
        edit_session, container.uow(), container.library, session, person_id=user.person_id, session_id=session_id
    )
    return edit_json(outcome)


@router.delete(
    "/sessions/{session_id}",
    response_model=Deleted,
    tags=["training"],
    responses={**NOT_SIGNED_IN, **MISSING, **INVALID},
)
async def remove_session(session_id: SessionId, user: ApiUser, container: ContainerDep) -> dict[str, Any]:
    """Delete one of your sessions (logged or imported); what comes next is worked out again without it. 404 when
    there is no such session of yours."""
    outcome = await run_in_threadpool(
        delete_session, container.uow(), container.library, person_id=user.person_id, session_id=session_id
    )
    return delete_json(outcome)
