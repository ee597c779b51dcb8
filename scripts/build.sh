#!/usr/bin/env bash
# Build the site from plan/ into public/ on a fresh machine or a checkout:
#   ./scripts/build.sh
# Creates .venv when missing and installs sitegen into it (pip install -e .).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*"; }

if [[ ! -x .venv/bin/python ]]; then
    say "creating virtualenv .venv"
    python3 -m venv .venv
fi
say "installing sitegen (pip install -e .)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
say "sitegen build --plan plan --out public"
.venv/bin/sitegen build --plan plan --out public
say "site written to public/"
