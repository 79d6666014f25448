"""No constant secret anywhere: a random one made on first run and kept (0600) outside production, the configured
one otherwise; and `serve` on an address other machines can reach refuses without a secret (issue 13, Security)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydantic import ValidationError

from gluterx.adapters.web.server import is_loopback
from gluterx.config import SECRET_FILE, Settings, kept_secret

LONG = "a-configured-secret-of-forty-characters-x"


def test_without_a_configured_secret_a_random_one_is_made_once_and_kept_for_its_owner(tmp_path: Path) -> None:
    """Before: every development server signed cookies with the same published constant."""
    first = Settings(environment="development", data_dir=tmp_path / "a").signing_secret()
    again = Settings(environment="development", data_dir=tmp_path / "a").signing_secret()
    other = Settings(environment="test", data_dir=tmp_path / "b").signing_secret()
    assert first == again != other
    assert len(first) >= 32 and first != "development-only-secret"
    mode = stat.S_IMODE((tmp_path / "a" / SECRET_FILE).stat().st_mode)
    assert mode == 0o600


def test_the_data_directory_holds_the_database_and_the_secret_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GLUTERX_DATABASE_URL", raising=False)
    monkeypatch.setenv("GLUTERX_DATA_DIR", str(tmp_path))
    assert Settings().database_url == f"sqlite:///{tmp_path / 'gluterx.db'}"
    monkeypatch.setenv("GLUTERX_DATABASE_URL", "postgresql://db/gluterx")
    assert Settings().database_url == "postgresql://db/gluterx"


def test_a_configured_secret_wins_and_nothing_is_written(tmp_path: Path) -> None:
    settings = Settings(environment="production", secret_key=LONG, data_dir=tmp_path)
    assert settings.signing_secret() == LONG
    assert not (tmp_path / SECRET_FILE).exists()


@pytest.mark.parametrize("secret", ["development-only-secret", "change-me", "short", "x" * 31])
def test_a_placeholder_or_short_secret_is_refused_everywhere(tmp_path: Path, secret: str) -> None:
    for environment in ("development", "production"):
        with pytest.raises(ValidationError, match="GLUTERX_SECRET_KEY"):
            Settings(environment=environment, secret_key=secret, data_dir=tmp_path)


def test_production_needs_its_own_secret(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="production needs a random secret"):
        Settings(environment="production", data_dir=tmp_path)


def test_a_kept_secret_readable_by_others_is_closed_again(tmp_path: Path) -> None:
    secret = kept_secret(tmp_path)
    (tmp_path / SECRET_FILE).chmod(0o644)
    assert kept_secret(tmp_path) == secret
    assert stat.S_IMODE((tmp_path / SECRET_FILE).stat().st_mode) == 0o600


def test_processes_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    """Several workers may make the secret at the same moment: one file wins, all use it."""
    with ThreadPoolExecutor(8) as pool:
        secrets = set(pool.map(lambda _i: kept_secret(tmp_path), range(16)))
    assert len(secrets) == 1
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_FILE]  # no temporary file left behind


@pytest.mark.parametrize(
    ("host", "local"),
    [("127.0.0.1", True), ("127.0.1.1", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("example.org", False)],  # noqa: S104
)  # fmt: skip
def test_which_addresses_only_this_machine_can_reach(host: str, local: bool) -> None:
    assert is_loopback(host) is local


def _serve(tmp_path: Path, *args: str, secret: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLUTERX_")}
    env.update(GLUTERX_DATA_DIR=str(tmp_path), GLUTERX_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}")
    if secret:
        env["GLUTERX_SECRET_KEY"] = secret
    command = [sys.executable, "-c", "from gluterx.adapters.cli.main import run; run()", "serve", *args]
    return subprocess.run(command, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_serve_on_all_addresses_without_a_secret_refuses_and_says_what_to_do(tmp_path: Path) -> None:
    """Before: `serve --host 0.0.0.0` neither warned nor refused."""
    done = _serve(tmp_path, "--host", "0.0.0.0", "--port", "1")  # noqa: S104
    assert done.returncode == 2
    said = " ".join(done.stderr.split())
    assert "GLUTERX_SECRET_KEY is not set" in said and "--allow-remote" in said and "docs/deploy.md" in said
    assert not (tmp_path / "serve.db").exists()  # refused before touching anything
