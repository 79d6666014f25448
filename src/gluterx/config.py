"""Settings from the environment (GLUTERX_*), built lazily: importing this module connects to nothing."""

from __future__ import annotations

import os
import secrets
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """The user's data directory (e.g. ~/.local/share/gluterx): the SQLite file and the generated secret."""
    return Path(user_data_dir("gluterx", appauthor=False))


PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "development-only-secret"})
MIN_SECRET = 32
SECRET_FILE = "secret_key"  # noqa: S105 - the file's name, not a secret
SECRET_HELP = 'for example: python -c "import secrets; print(secrets.token_urlsafe(48))"'  # noqa: S105


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GLUTERX_", extra="ignore")

    # the SQLite file (unless GLUTERX_DATABASE_URL says otherwise) and the kept secret
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str = Field(default_factory=lambda data: f"sqlite:///{Path(data['data_dir']) / 'gluterx.db'}")
    environment: Literal["development", "test", "production"] = "development"
    # None: outside production a random secret is made on first run and kept in data_dir (see `signing_secret`)
    secret_key: str | None = None
    cookie_secure: bool | None = None  # default: secure cookies everywhere but development
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # Behind a reverse proxy (nginx): the proxies' addresses whose X-Forwarded-For/-Proto are believed, comma-separated
    # (e.g. "127.0.0.1"), so the sign-in throttle and the logs see each person's own address, not the proxy's.
    # Unset: no forwarded header is believed (a client could otherwise pick any address it likes).
    forwarded_allow_ips: str | None = None

    @model_validator(mode="after")
    def _real_secret(self) -> Settings:
        if self.secret_key is None:
            if self.environment == "production":
                raise ValueError(f"GLUTERX_SECRET_KEY: production needs a random secret of its own ({SECRET_HELP})")
        elif self.secret_key.strip().lower() in PLACEHOLDER_SECRETS or len(self.secret_key) < MIN_SECRET:
            raise ValueError(
                f"GLUTERX_SECRET_KEY: use a random secret of at least {MIN_SECRET} characters ({SECRET_HELP}), "
                "or leave it unset outside production to have one made and kept in the data directory"
            )
        return self

    @property
    def secure_cookies(self) -> bool:
        return self.cookie_secure if self.cookie_secure is not None else self.environment == "production"

    @property
    def secret_configured(self) -> bool:
        return self.secret_key is not None

    def signing_secret(self) -> str:
        """The configured secret, or the one kept in the data directory (made on first run, readable by its owner)."""
        return self.secret_key if self.secret_key is not None else kept_secret(self.data_dir)


def kept_secret(data_dir: Path) -> str:
    """The secret in data_dir/secret_key, made (mode 0600) when there is none yet.

    Several processes may start at once: the file is written whole under a temporary name and then linked into place,
    which fails for all but the first; the others read what the first wrote.
    """
    path = data_dir / SECRET_FILE
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    temporary = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
            file.flush()
            os.fsync(file.fileno())
        with suppress(FileExistsError):  # another process made it first: use theirs
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # kept for its owner only, whatever a copy or an umask did to it
    secret = path.read_text().strip()
    if len(secret) < MIN_SECRET:
        raise ValueError(f"{path}: the kept secret is damaged (shorter than {MIN_SECRET} characters); delete the file")
    return secret


@lru_cache
def get_settings() -> Settings:
    return Settings()
