"""`sitegen init DIR`: start a new plan from a skeleton in the author's language.

The skeleton follows the steps of a sales strategy (positioning, goals,
customer groups, offer, calculations, resources, campaigns across the four
planes, calendar, territories, budget, quarterly review), checks with no error
and builds at once. Today's date is read only here, at the edge, so the
skeleton itself is a pure function of language, currency and year.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from babel.numbers import list_currencies

from sitegen.diagnostics import suggest
from sitegen.init.plan_folder import refusal, write_plan
from sitegen.init.skeleton import LOCALES, render_skeleton
from sitegen.translation import N_, Message

__all__ = ["default_year", "run"]

YEARS = range(2000, 2101)


def _currency(code: str | None, language: str) -> tuple[str | None, Message | None]:
    """(ISO code, None) or (None, message) for a currency the plan would reject."""
    if code is None:
        return LOCALES[language].currency, None
    upper = code.strip().upper()
    known = list_currencies()
    if upper not in known:
        return None, N_("'%(code)s' is not an ISO 4217 currency code%(suggestion)s", code=code,
                        suggestion=suggest(upper, known))
    return upper, None


def _next_steps(target: Path, language: str) -> str:
    steps = N_(
        "\nNext steps:\n"
        "  1. Open %(plan)s/ in your editor and answer the questions in each section.\n"
        "  2. sitegen check --plan %(plan)s    # list mistakes as file:line: message\n"
        "  3. sitegen serve --plan %(plan)s    # live preview, reloads on every save\n"
        "  4. sitegen build --plan %(plan)s    # write the site to public/\n"
        "Guide: docs/getting-started.md in the sitegen repository\n",
        plan=target.as_posix(),
    )
    return steps.text(language)


def default_year(today: dt.date, fiscal_year_start: int = 1) -> int:
    """The plan year when `--year` is not given: the first (fiscal) year that starts after today,
    named by the year it ends in. In December 2026 that is 2027, or FY2028 (April 2027 – March
    2028) for a year from April: FY2027 began in April 2026 and is mostly over, so a plan for it
    would start in the past."""
    starts = today.year if today < dt.date(today.year, fiscal_year_start, 1) else today.year + 1
    return starts + (1 if fiscal_year_start != 1 else 0)


def _error(problem: Message | str, language: str) -> None:
    print(N_("error: %(problem)s", problem=problem).text(language), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Write the skeleton into ``args.dir`` and say so in the plan's language;
    0 done, 1 refused or failed, 2 bad option."""
    language = args.language or "en"
    if language not in LOCALES:
        print(f"error: no skeleton for language '{language}' (choose en, pl or zh)", file=sys.stderr)
        return 2
    currency, problem = _currency(args.currency, language)
    fiscal_start = getattr(args, "fiscal_year_start", 1) or 1
    year = args.year if args.year is not None else default_year(dt.date.today(), fiscal_start)
    if problem is None and year not in YEARS:
        problem = N_("--year %(year)s is out of range (%(first)s–%(last)s)", year=year, first=YEARS.start,
                     last=YEARS.stop - 1)
    if problem or currency is None:
        _error(problem or "", language)
        return 2
    target = Path(args.dir)
    reason = refusal(target)
    if reason:
        _error(reason, language)
        return 1
    plan_files = render_skeleton(language, currency, year, fiscal_start)
    try:
        write_plan(target, plan_files)
    except OSError as exc:
        _error(N_("could not write %(folder)s/: %(reason)s", folder=target.as_posix(), reason=str(exc)), language)
        return 1
    locale = LOCALES[language]
    named = f"FY{year}" if fiscal_start != 1 else f"{year}"
    created = N_("Created a sales plan for %(year)s in %(folder)s/ (%(language)s, %(currency)s, holidays %(holidays)s):",
                 year=named, folder=target.as_posix(), language=locale.name, currency=currency,
                 holidays=locale.holidays)
    print(created.text(language))
    for rel in sorted(plan_files, key=lambda r: (r != "plan.yaml", r)):
        print(f"  {target.as_posix()}/{rel}")
    print(_next_steps(target, language), end="")
    return 0
