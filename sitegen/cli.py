"""Command line: parse arguments, run the pipeline, turn problems into exit codes.

Exit codes: 0 no error (warnings allowed), 1 the plan has errors (or warnings
with ``--strict``), 2 wrong usage. Nothing here computes anything.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sitegen import __version__

EPILOG = "Run 'sitegen COMMAND --help' for the options of one command. Docs: docs/plan-format.md"


def _plan_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", default="plan", type=Path, metavar="DIR", help="plan folder holding plan.yaml (default: plan)")


def _strict_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitegen",
        description="Sales strategy as code: check a Markdown+YAML sales plan, compute its numbers, build its site.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser("check", help="validate the plan and report every problem", description="Validate the plan and print every problem as path:line:col: severity: message [code].")
    _plan_arg(check)
    check.add_argument("--format", choices=("text", "json", "github"), default=None, help="output format (default: text; github when GITHUB_ACTIONS=true)")
    _strict_arg(check)

    build = sub.add_parser("build", help="check, compute and write the static site", description="Check the plan, compute it and write the site. Nothing is written when the plan has errors.")
    _plan_arg(build)
    build.add_argument("--out", default="public", type=Path, metavar="DIR", help="output folder (default: public)")
    build.add_argument("--compare-to", default=None, metavar="REF", help="git ref for the 'What changed' page (overrides plan.yaml compare_to)")
    _strict_arg(build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            from sitegen.commands import check

            fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
            return check(args.plan, fmt, args.strict)
        if args.command == "build":
            from sitegen.commands import build

            return build(args.plan, args.out, args.strict, args.compare_to)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    parser.error(f"unknown command {args.command}")
    return 2
