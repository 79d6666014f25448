#!/usr/bin/env bash
# Install the locked dependencies, then run every check: lint, format, types, import contracts, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet "uv==0.13.9"
uv sync --frozen --quiet
echo "== ruff";          uv run ruff check .
echo "== ruff format";   uv run ruff format --check .
echo "== mypy";          uv run mypy
echo "== import-linter"; uv run lint-imports
echo "== pytest";        uv run pytest "$@"
