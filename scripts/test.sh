#!/usr/bin/env bash
# The one command that runs sitegen's whole test suite, on a fresh Debian
# machine or a developer's checkout:
#
#   ./scripts/test.sh                 # everything (lint + pytest; fast and
#                                     # browser suites run side by side)
#   ./scripts/test.sh tests/e2e -k smoke   # any pytest arguments pass through
#
# Lint (ruff) runs first; types (mypy over sitegen/) run beside the tests.
# It installs what the suite needs, each step only when missing:
#   .venv (python3 -m venv) + `pip install -e '.[test]'`,
#   Debian's chromium, a Java runtime and nginx (apt-get, needs root),
#   node_modules (`npm ci`, only when missing or installed from another
#   package-lock.json; a linked node_modules is used as it is).
# Screenshots and other artefacts go to test-artifacts/ (gitignored).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

say() { printf '==> %s\n' "$*"; }
mkdir -p test-artifacts

# --- Node tools: axe-core, vnu-jar (in the background while pip works) -------
# --ignore-scripts: vnu-jar's postinstall tries to download a Java runtime;
# we use the system one. Up to date = installed from this very package-lock.json
# (its checksum, kept in node_modules: a checkout or rebase changes the file's
# time, not its content). A node_modules that is a link (a git worktree sharing
# another checkout's tools) is left alone: `npm ci` would empty the folder it
# points to under everyone who uses it.
npm_pid=
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
lock_stamp=node_modules/.sitegen-package-lock.sha256
if [[ -L node_modules ]]; then
    say "node_modules links to $(readlink node_modules): used as it is (not reinstalled)"
elif [[ ! -d node_modules || "$(cat "$lock_stamp" 2>/dev/null)" != "$lock_sum" ]]; then
    say "installing node tools (npm ci, beside pip)"
    { npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
        && echo "$lock_sum" >"$lock_stamp"; } &
    npm_pid=$!
else
    say "node_modules up to date"
fi

# --- Python environment -----------------------------------------------------
if [[ ! -x .venv/bin/python ]]; then
    say "creating virtualenv .venv"
    python3 -m venv .venv
fi
say "installing sitegen with test extras (pip install -e '.[test]')"
# --no-compile: byte-compiling every module of every dependency (plotly alone has
# thousands) costs more than Python compiling, once, the few the suite imports.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-compile -e '.[test]'

# --- System packages: chromium + Java (for vnu) -----------------------------
missing=()
if [[ ! -x /usr/bin/chromium ]]; then missing+=(chromium); fi
if ! command -v java >/dev/null 2>&1; then missing+=(default-jre-headless); fi
# nginx: the container publishing recipe is served for real (tests/test_publish_recipes.py)
if [[ ! -x /usr/sbin/nginx ]] && ! command -v nginx >/dev/null 2>&1; then missing+=(nginx); fi
# CJK glyphs, so screenshots of the Chinese example show text, not boxes
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then missing+=(fonts-noto-cjk); fi
# pdfinfo/pdftotext: the e2e suite reads printed pages back (tests/e2e/test_print.py)
if ! command -v pdftotext >/dev/null 2>&1; then missing+=(poppler-utils); fi
if (( ${#missing[@]} )); then
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
            echo "ERROR: need root to apt-get install: ${missing[*]}" >&2; exit 1
        fi
    else
        SUDO=()
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    say "chromium, java, nginx and CJK fonts already installed"
fi

if [[ -n $npm_pid ]]; then
    wait "$npm_pid" || { echo "ERROR: npm ci failed" >&2; exit 1; }
fi

# --- Lint -------------------------------------------------------------------
say "ruff check ."
.venv/bin/ruff check .

# --- Types (beside the tests: its verdict is read at the end) ----------------
say "mypy (sitegen/, configured in pyproject.toml), in the background"
.venv/bin/mypy >test-artifacts/mypy.log 2>&1 &
mypy_pid=$!
# The verdict of mypy: its output, then its exit code (0 = no type errors).
mypy_verdict() {
    local rc=0
    wait "$mypy_pid" || rc=$?
    say "mypy, from test-artifacts/mypy.log:"
    cat test-artifacts/mypy.log
    if (( rc )); then echo "ERROR: mypy found type errors (exit $rc)" >&2; fi
    return "$rc"
}

# --- Tests ---------------------------------------------------------------
# pytest exit code 5 = no tests collected: a broken suite, not a pass.
check_rc() {
    if [[ $1 -eq 5 ]]; then
        echo "ERROR: pytest collected no tests ($2, exit 5); treating as failure" >&2
        return 1
    fi
    return "$1"
}

if (( $# )); then
    say "pytest $*"
    set +e
    .venv/bin/python -m pytest "$@"
    rc=$?
    set -e
    check_rc "$rc" "pytest $*" || rc=$?
    mypy_verdict || rc=$?
    exit $rc
fi

# The whole suite: the fast suite (one core of Python) and the browser suite
# (mostly Chromium) run side by side, so that a 2-core CI machine is busy on
# both cores; each keeps its own pytest cache. The browser suite prints as it
# goes; the fast suite's log (test-artifacts/pytest-fast.log) follows.
say "pytest -m 'not e2e' (in the background) and pytest -m e2e, side by side"
set +e
.venv/bin/python -m pytest -m "not e2e" -o cache_dir=.pytest_cache/fast --durations=10 \
    >test-artifacts/pytest-fast.log 2>&1 &
fast_pid=$!
# Ctrl-C or a kill stops the background suite (and mypy) too (they would ignore SIGINT).
trap 'kill "$fast_pid" "$mypy_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
.venv/bin/python -m pytest -m e2e -o cache_dir=.pytest_cache/e2e --durations=15
e2e_rc=$?
wait "$fast_pid"
fast_rc=$?
mypy_rc=0
mypy_verdict || mypy_rc=$?
trap - EXIT INT TERM
set -e
say "fast suite (pytest -m 'not e2e'), from test-artifacts/pytest-fast.log:"
cat test-artifacts/pytest-fast.log
rc=0
check_rc "$e2e_rc" "pytest -m e2e" || rc=$?
check_rc "$fast_rc" "pytest -m 'not e2e'" || rc=$?
if (( rc )); then
    echo "ERROR: pytest failed (browser suite exit $e2e_rc, fast suite exit $fast_rc)" >&2
fi
if (( mypy_rc )); then rc=$mypy_rc; fi
exit $rc
