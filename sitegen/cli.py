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
from typing import NoReturn

from sitegen import __version__

EPILOG = "Run 'sitegen COMMAND --help' for the options of one command. Docs: docs/plan-format.md"


def _plan_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", default="plan", type=Path, metavar="DIR", help="plan folder holding plan.yaml (default: plan)")


def _strict_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _port(text: str) -> int:
    """A TCP port number (0 = any free port), or a usage error (exit 2) naming the range."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0 to 65535)")
    return port


def _force_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help="replace the --out folder even if it holds files sitegen did not write (they are deleted)")


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
    check.add_argument("--lang", choices=("en", "pl", "zh"), default="en", help="language of the messages in text and github output (default: en; codes and the line format never change; json stays English)")
    _strict_arg(check)

    build = sub.add_parser("build", help="check, compute and write the static site", description="Check the plan, compute it and write the site. Nothing is written when the plan has errors.")
    _plan_arg(build)
    build.add_argument("--out", default="public", metavar="DIR", help="output folder, replaced whole by the site (default: public); never the plan, the current or home folder, or the repository")
    _force_arg(build)
    build.add_argument("--compare-to", default=None, metavar="REF", help="git ref for the 'What changed' page (overrides plan.yaml compare_to)")
    build.add_argument("--versions", default=None, metavar="PATTERN", help="also build the plan at each git tag matching PATTERN (e.g. 'v2027-*') into OUT/TAG/, with a version menu on every page")
    build.add_argument("--audience", default=None, metavar="ID", help="build only what the audience ID of plan.yaml may see, every figure recomputed on it; 'all': one folder per audience under --out")
    build.add_argument("--pdf", action="store_true", help="also print the board pack (report.html: the dashboard on one landscape page, then every section) to OUT/report.pdf with headless Chromium or Chrome (installed separately, e.g. 'apt install chromium'; or set SITEGEN_CHROMIUM)")
    _strict_arg(build)

    serve = sub.add_parser("serve", help="live preview: build, serve and rebuild on every save", description="Build the site, serve it on http://HOST:PORT and rebuild on every change; the page reloads itself. Errors show as an overlay over the last good site.")
    _plan_arg(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only); requests must name localhost, 127.0.0.1, [::1] or this host")
    serve.add_argument("--port", default=8000, type=_port, help="port, 0 to 65535 (default: 8000; the next free one is used if taken; 0: any free port)")
    serve.add_argument("--open", action="store_true", help="open the site in the default browser")
    serve.add_argument("--out", default=None, metavar="DIR", help="where to keep the preview site, replaced whole (default: a temporary folder)")
    _force_arg(serve)

    diff = sub.add_parser("diff", help="compare the plan at two git refs: numbers, consequences, prose", description="Compare the plan at REF_A with REF_B (default: the working tree): changed fields, their consequences for the funnel, capacity and budget, and prose changes.")
    diff.add_argument("ref_a", metavar="REF_A", help="git ref of the earlier plan (tag, branch, commit)")
    diff.add_argument("ref_b", metavar="REF_B", nargs="?", default=None, help="git ref of the later plan (default: the working tree)")
    _plan_arg(diff)
    diff.add_argument("--format", choices=("text", "markdown", "json", "html"), default="text", help="output format (default: text)")

    init = sub.add_parser("init", help="start a new plan from a skeleton in your language", description="Write a plan skeleton that follows the steps of a sales strategy, ready to check and build.")
    init.add_argument("dir", metavar="DIR", type=Path, help="folder to create the plan in (e.g. plan)")
    init.add_argument("--language", choices=("en", "pl", "zh"), default="en", help="language of the skeleton and the site (default: en)")
    init.add_argument("--currency", default=None, metavar="CODE", help="ISO 4217 currency (default: USD for en, PLN for pl, CNY for zh)")
    init.add_argument("--year", default=None, type=int, metavar="YYYY", help="plan year (default: the next one to start); with --fiscal-year-start, the fiscal year by its end (FY2028)")
    init.add_argument("--fiscal-year-start", default=1, type=int, choices=range(1, 13), metavar="MONTH", help="first month of your fiscal year, 1-12 (default: 1, January; 4 = April)")
    return parser


def run() -> NoReturn:
    """The `sitegen` program: `main`, then exit without tearing the heap down.

    A build holds the whole plan, its model and site in memory; freeing it
    object by object at exit took a few tenths of a second on large plans,
    for nothing — the operating system takes the memory back at once.
    Output streams are flushed first; `main` itself stays an ordinary
    function for callers that go on (tests, tools).
    """
    try:
        code = main()
    except BrokenPipeError:  # `sitegen init plan | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the interpreter's last flush
        os._exit(1)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: exit the ordinary way
        raise SystemExit(code) from None
    os._exit(code)


def _with_pdf(args: argparse.Namespace, built: int) -> int:
    """`build --pdf`: once the site is written, its board pack printed (each audience's with
    `--audience all`, the current version's with `--versions`)."""
    if built != 0 or not args.pdf:
        return built
    from sitegen.commands.pdf import print_board_packs
    from sitegen.site.pages.report import REPORT_PAGE

    out = Path(args.out)
    sites = sorted(p.parent for p in out.glob(f"*/{REPORT_PAGE}")) if args.audience == "all" else [out]
    return print_board_packs(sites)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            from sitegen.commands.check import check

            fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
            return check(args.plan, fmt, args.strict, args.lang)
        if args.command == "build" and args.versions is not None:
            if args.audience is not None or args.compare_to is not None:
                parser.error("--versions compares each version with the one before it; it cannot be combined with --audience or --compare-to")
            from sitegen.commands.versions import build_versions

            return _with_pdf(args, build_versions(args.plan, args.out, args.strict, args.versions, args.force))
        if args.command == "build":
            from sitegen.commands.build import build

            return _with_pdf(args, build(args.plan, args.out, args.strict, args.compare_to, args.audience, args.force))
        if args.command == "serve":
            from sitegen.commands.serve import run as serve

            return serve(args)
        if args.command == "diff":
            from sitegen.commands.diff import run as diff

            return diff(args)
        if args.command == "init":
            from sitegen.commands.init import run as init

            return init(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    parser.error(f"unknown command {args.command}")
    return 2
