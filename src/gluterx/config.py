"""Settings from the environment (GLUTERX_*), built lazily: importing this module connects to nothing."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """SQLite in the user's data directory (e.g. ~/.local/share/gluterx/gluterx.db)."""
    path = Path(user_data_dir("gluterx", appauthor=False)) / "gluterx.db"
    return f"sqlite:///{path}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GLUTERX_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    environment: str = "development"


@lru_cache
def get_settings() -> Settings:
    return Settings()
