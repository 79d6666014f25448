"""Settings from the environment (GLUTERX_*), built lazily: importing this module connects to nothing."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """SQLite in the user's data directory (e.g. ~/.local/share/gluterx/gluterx.db)."""
    path = Path(user_data_dir("gluterx", appauthor=False)) / "gluterx.db"
    return f"sqlite:///{path}"


PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "development-only-secret"})
DEVELOPMENT_SECRET = "development-only-secret"  # noqa: S105 - a placeholder, refused outside development


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GLUTERX_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    environment: Literal["development", "test", "production"] = "development"
    secret_key: str = DEVELOPMENT_SECRET
    cookie_secure: bool | None = None  # default: secure cookies everywhere but development
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @model_validator(mode="after")
    def _real_secret_outside_development(self) -> Settings:
        if self.environment != "development" and (
            self.secret_key.strip().lower() in PLACEHOLDER_SECRETS or len(self.secret_key) < 32
        ):
            raise ValueError(
                "GLUTERX_SECRET_KEY: set a random secret of at least 32 characters outside development "
                '(for example: python -c "import secrets; print(secrets.token_urlsafe(48))")'
            )
        return self

    @property
    def secure_cookies(self) -> bool:
        return self.cookie_secure if self.cookie_secure is not None else self.environment == "production"


@lru_cache
def get_settings() -> Settings:
    return Settings()
