#!/bin/sh
# Tools the benchmark compares against: MkDocs (PyPI, into the project venv) and Hugo (Debian).
# Idempotent; `benchmarks/run.py` calls it when a tool is missing. Not part of the test suite.
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
if ! "$PY" -c "import mkdocs" 2>/dev/null; then
  "$PY" -m pip install --quiet "mkdocs>=1.6"
fi
if ! command -v hugo >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null
fi
"$PY" -m mkdocs --version
hugo version
