"""Accounts, sign-in, API tokens (list, create, revoke), browser sessions, password change, sign out everywhere."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Path, Request, Response, status
from pydantic import BaseModel, Field

from gluterx.services import accounts
from gluterx.services.errors import Problem, words
from gluterx.services.fields import Whole
from gluterx.services.records import NoticeRecord, TokenInfo
from gluterx.services.text import PLAIN_TEXT_PATTERN

from ..deps import ApiUser, ContainerDep, client_address, session_id
from . import router
from ._models import Password
from ._openapi import MISSING, NOT_SIGNED_IN, Problems

TokenId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The id the token list (GET /auth/tokens) gives.")]
TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: {
        "model": Problems,
        "description": "Too many failed sign-ins from this address: wait the seconds in Retry-After (the body says it "
        "in words too). Other addresses can still sign in to the same account.",
        "headers": {
            "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
        },
    }
}
WRONG_CREDENTIALS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problems, "description": "The email or password is not right (which one is not said)."}
}


class SignUpIn(BaseModel):
    email: Annotated[str, Field(min_length=3, max_length=accounts.MAX_EMAIL)]
    password: Annotated[str, Field(min_length=accounts.MIN_PASSWORD, max_length=accounts.MAX_PASSWORD)]
    display_name: Annotated[str, Field(max_length=120)] = ""


class SignUpAccepted(BaseModel):
    """The same answer whether or not the email had an account (which is not told); then sign in."""

    message: str
    next: str = "POST /api/v1/auth/token"


class TokenIn(BaseModel):
    email: Annotated[str, Field(min_length=3, max_length=accounts.MAX_EMAIL)]
    password: Password
    name: Annotated[str, Field(max_length=80)] = "api"
    expires_in_days: Annotated[int, Field(ge=1, le=accounts.MAX_TOKEN_DAYS), Whole] = accounts.TOKEN_DAYS


class NewTokenIn(BaseModel):
    # the OpenAPI says what the use case enforces: plain text, no control characters
    name: Annotated[str, Field(max_length=80, json_schema_extra={"pattern": PLAIN_TEXT_PATTERN})] = "api"
    expires_in_days: Annotated[int, Field(ge=1, le=accounts.MAX_TOKEN_DAYS), Whole] = accounts.TOKEN_DAYS


class Notice(BaseModel):
    code: str
    message: str
    at: datetime


class TokenView(BaseModel):
    """An API token as its list shows it (never the token itself)."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime


class TokenOut(BaseModel):
    """A new token, shown this once; keep it safe. `notices` are messages for the account's owner."""

    token: str
    token_type: str = "bearer"  # noqa: S105 - the scheme name, not a secret
    id: int
    name: str
    expires_at: datetime
    notices: list[Notice] = []


class SessionView(BaseModel):
    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str
    client: str
    current: bool


class SignedOutOut(BaseModel):
    sessions_ended: int
    tokens_revoked: int


class PasswordIn(BaseModel):
    current_password: Password
    new_password: Password


class PasswordChanged(BaseModel):
    other_sessions_ended: int


class Me(BaseModel):
    account_id: int
    person_id: int
    email: str
    display_name: str
    role: str


def _token_out(token: str, info: TokenInfo, notices: tuple[NoticeRecord, ...] = ()) -> TokenOut:
    shown = [Notice(code=n.kind, message=words(Problem("", n.kind)), at=n.created_at) for n in notices]
    return TokenOut(token=token, id=info.id, name=info.name, expires_at=info.expires_at, notices=shown)


def _view(info: TokenInfo) -> TokenView:
    return TokenView(**asdict(info))


@router.post("/auth/signup", status_code=status.HTTP_202_ACCEPTED, response_model=SignUpAccepted, tags=["auth"])
def api_signup(body: SignUpIn, container: ContainerDep) -> SignUpAccepted:
    """Sign up. The answer is the same whether or not the email has an account already, so it cannot be used to
    find out who uses GluteRx; an existing account's owner is told at their next sign-in. Then get a token."""
    accounts.register(
        container.uow(), email=body.email, password=body.password, display_name=body.display_name,
        now=datetime.now(UTC),
    )  # fmt: skip
    return SignUpAccepted(message="Thank you. Sign in with this email and password to get a token.")


@router.post("/auth/token", response_model=TokenOut, tags=["auth"], responses={**WRONG_CREDENTIALS, **TOO_MANY})
def api_token(body: TokenIn, request: Request, container: ContainerDep) -> TokenOut:
    """Exchange email and password for a bearer token (shown once) that works for `expires_in_days`."""
    now = datetime.now(UTC)
    found = accounts.sign_in(
        container.uow(), email=body.email, password=body.password, client=client_address(request), now=now
    )
    made = accounts.create_token(
        container.uow(), account_id=found.account_id, name=body.name, days=body.expires_in_days, now=now
    )
    notices = tuple(accounts.take_notices(container.uow(), account_id=found.account_id, now=now))
    return _token_out(made.token, made.info, notices)


@router.get("/auth/tokens", response_model=list[TokenView], tags=["auth"], responses=NOT_SIGNED_IN)
def api_tokens(user: ApiUser, container: ContainerDep) -> list[TokenView]:
    """Your API tokens that still work, newest first: name, when made, last used (to within minutes), expiry."""
    return [_view(t) for t in accounts.tokens(container.uow(), account_id=user.account_id, now=datetime.now(UTC))]


@router.post(
    "/auth/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenOut, tags=["auth"],
    responses=NOT_SIGNED_IN,
)  # fmt: skip
def api_new_token(body: NewTokenIn, user: ApiUser, container: ContainerDep) -> TokenOut:
    """A new API token for you (shown once)."""
    made = accounts.create_token(
        container.uow(), account_id=user.account_id, name=body.name, days=body.expires_in_days, now=datetime.now(UTC)
    )
    return _token_out(made.token, made.info)


@router.delete(
    "/auth/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["auth"],
    responses={**NOT_SIGNED_IN, **MISSING},
)  # fmt: skip
def api_revoke_token(token_id: TokenId, user: ApiUser, container: ContainerDep) -> Response:
    """Revoke one of your tokens: every server refuses it from the next request on."""
    accounts.revoke_token(container.uow(), account_id=user.account_id, token_id=token_id, now=datetime.now(UTC))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/auth/sessions", response_model=list[SessionView], tags=["auth"], responses=NOT_SIGNED_IN)
def api_sessions(request: Request, user: ApiUser, container: ContainerDep) -> list[SessionView]:
    """Your signed-in browsers, most recently seen first (`current`: the one asking)."""
    mine = session_id(request)
    current = accounts.hash_token(mine) if mine else None
    found = accounts.sessions(container.uow(), account_id=user.account_id, now=datetime.now(UTC))
    return [
        SessionView(id=s.id, created_at=s.created_at, last_seen_at=s.last_seen_at, expires_at=s.expires_at,
                    user_agent=s.user_agent, client=s.client, current=s.token_hash == current)
        for s in found
    ]  # fmt: skip


SessionId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The id the session list (GET /auth/sessions) gives.")]


@router.delete(
    "/auth/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["auth"],
    responses={**NOT_SIGNED_IN, **MISSING},
)  # fmt: skip
def api_end_session(session_id: SessionId, user: ApiUser, container: ContainerDep) -> Response:
    """Sign one of your browsers out: every server refuses its cookie from the next request on."""
    accounts.end_other_session(
        container.uow(), account_id=user.account_id, session_id=session_id, now=datetime.now(UTC)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/auth/signout-everywhere", response_model=SignedOutOut, tags=["auth"], responses=NOT_SIGNED_IN)
def api_sign_out_everywhere(request: Request, user: ApiUser, container: ContainerDep) -> SignedOutOut:
    """End every browser session and revoke every API token of your account, this one included."""
    ended = accounts.sign_out_everywhere(container.uow(), account_id=user.account_id, now=datetime.now(UTC))
    request.session.clear()
    return SignedOutOut(sessions_ended=ended.sessions, tokens_revoked=ended.tokens)


@router.post("/auth/password", response_model=PasswordChanged, tags=["auth"], responses=NOT_SIGNED_IN)
def api_change_password(body: PasswordIn, request: Request, user: ApiUser, container: ContainerDep) -> PasswordChanged:
    """Change your password; every other browser session ends (API tokens keep working: revoke them if needed).
    A wrong `current_password` or an unfit `new_password` is a 422 naming that field."""
    ended = accounts.change_password(
        container.uow(), account_id=user.account_id, current=body.current_password, new=body.new_password,
        now=datetime.now(UTC), keep_session=session_id(request),
    )  # fmt: skip
    return PasswordChanged(other_sessions_ended=ended)


@router.get("/me", response_model=Me, tags=["auth"], responses=NOT_SIGNED_IN)
async def api_me(user: ApiUser) -> Me:
    """Who the token or session belongs to."""
    return Me(account_id=user.account_id, person_id=user.person_id, email=user.email,
              display_name=user.display_name, role=user.role)  # fmt: skip
