#!/usr/bin/env bash
# Install the locked dependencies, then run every check: lint (with ruff's security rules, S), format, types,
# import contracts, a vulnerability audit of the locked dependencies (pip-audit), tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet "uv==0.13.9"
uv sync --frozen --quiet

# pip-audit over the lock file (every pinned package, with hashes, dev tools included). Known vulnerabilities fail the
# run; a vulnerability service that cannot be reached, or that knows none of the pinned versions, only warns, so an
# offline machine can still run the tests.
audit() {
  local work req report log status
  work=$(mktemp -d)
  req="$work/requirements.txt" report="$work/audit.json" log="$work/audit.log"
  uv export --frozen --no-emit-project --format requirements-txt --quiet > "$req"
  status=0
  uv run pip-audit --requirement "$req" --disable-pip --progress-spinner off --format json --output "$report" \
    > "$log" 2>&1 || status=$?
  if [ ! -s "$report" ]; then
    echo "WARNING: pip-audit could not reach its vulnerability service, so the dependencies were NOT audited:"
    grep -v '^\s' "$log" | tail -n 3 | cut -c 1-300
    rm -rf "$work"
    return 0
  fi
  uv run python - "$report" "$status" "$log" <<'PY' || status=$?
import json, sys

report, status = json.load(open(sys.argv[1])), int(sys.argv[2])
deps = report["dependencies"]
vulnerable = [d for d in deps if d.get("vulns")]
audited = [d for d in deps if "skip_reason" not in d]
for d in vulnerable:
    for v in d["vulns"]:
        fixed = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
        print(f"VULNERABLE: {d['name']} {d['version']}: {v['id']} (fixed in: {fixed})")
if vulnerable:
    print(f"pip-audit: {len(vulnerable)} vulnerable package(s); upgrade them in pyproject.toml and `uv lock`.")
    sys.exit(1)
if status != 0:
    print(f"pip-audit failed (exit {status}) without naming a vulnerability:\n" + open(sys.argv[3]).read()[-2000:])
    sys.exit(1)
if not audited:
    print(f"WARNING: pip-audit's service knows none of the {len(deps)} pinned versions, so none could be audited.")
else:
    print(f"pip-audit: {len(audited)} packages audited, no known vulnerabilities ({len(deps) - len(audited)} skipped).")
PY
  rm -rf "$work"
  return "$status"
}

# The full hypothesis example counts (tests/conftest.py: the planner's property test runs 2,000 profiles, not the
# quick default's 200).
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-thorough}"

echo "== ruff";          uv run ruff check .
echo "== ruff format";   uv run ruff format --check .
echo "== mypy";          uv run mypy
echo "== import-linter"; uv run lint-imports
echo "== pip-audit";     audit
# The tests run in parallel, one process per core (pytest-xdist; at most four), each test file whole in one process
# (its module fixtures, such as the fuzzing app or a seeded store, are built once). GLUTERX_TEST_WORKERS=0 runs them
# in this one process (for a debugger, or to see the order a failure depends on).
workers="${GLUTERX_TEST_WORKERS:-auto}"
if [ "$workers" = "0" ]; then
  parallel=(-p no:xdist)
else
  parallel=(--numprocesses "$workers" --maxprocesses 4 --dist loadfile)
fi
echo "== pytest";        uv run pytest "${parallel[@]}" "$@"
