"""Accounts and tokens."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Request, status
from pydantic import BaseModel, Field

from gluterx.services import accounts

from ..deps import ApiUser, ContainerDep
from . import router


class SignUpIn(BaseModel):
    email: Annotated[str, Field(min_length=3, max_length=254)]
    password: Annotated[str, Field(min_length=10, max_length=1024)]
    display_name: Annotated[str, Field(max_length=120)] = ""


class TokenIn(BaseModel):
    email: Annotated[str, Field(min_length=3, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]
    name: Annotated[str, Field(max_length=80)] = "api"


class TokenOut(BaseModel):
    token: str
    token_type: str = "bearer"  # noqa: S105 - the scheme name, not a secret


class Me(BaseModel):
    account_id: int
    person_id: int
    email: str
    display_name: str
    role: str


@router.post("/auth/signup", status_code=status.HTTP_201_CREATED, response_model=Me, tags=["auth"])
def api_signup(body: SignUpIn, container: ContainerDep) -> Me:
    """Create an account (and its person)."""
    created = accounts.sign_up(
        container.uow(), email=body.email, password=body.password, display_name=body.display_name
    )
    info = accounts.account_info(container.uow(), created.account_id)
    if info is None:  # cannot happen: the account was just made
        raise RuntimeError("the new account could not be read back")
    return Me(**asdict(info))


@router.post("/auth/token", response_model=TokenOut, tags=["auth"])
def api_token(body: TokenIn, request: Request, container: ContainerDep) -> TokenOut:
    """Exchange email and password for a bearer token (shown once)."""
    client = request.client.host if request.client else "unknown"
    found = accounts.sign_in(
        container.uow(), email=body.email, password=body.password, client=client, now=datetime.now(UTC)
    )
    return TokenOut(token=accounts.create_token(container.uow(), account_id=found.account_id, name=body.name))


@router.get("/me", response_model=Me, tags=["auth"])
async def api_me(user: ApiUser) -> Me:
    """Who the token or session belongs to."""
    return Me(account_id=user.account_id, person_id=user.person_id, email=user.email,
              display_name=user.display_name, role=user.role)  # fmt: skip
