"""The plan skeleton: template files shipped with sitegen, filled for one plan.

Templates live in ``skeletons/{en,pl,zh}/`` as package data, written natively
in each language. They hold ``{year}``-style placeholders; only the names in
``PLACEHOLDERS`` are replaced, so any other brace in Markdown or YAML stays as
written. ``render_skeleton`` returns the files as text and touches nothing:
the writer in ``plan_folder.py`` is the only code that creates files.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from sitegen.translation import N_, Message

LANGUAGES = ("en", "pl", "zh")
PLACEHOLDERS = ("year", "previous_year", "next_year", "currency", "holidays", "language")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


@dataclass(frozen=True)
class Locale:
    """What a plan in one language uses unless the author says otherwise."""

    name: Message
    currency: str
    holidays: str


LOCALES = {
    "en": Locale(N_("English"), "USD", "US"),
    "pl": Locale(N_("Polish"), "PLN", "PL"),
    "zh": Locale(N_("Chinese"), "CNY", "CN"),
}


def _walk(folder: Traversable, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.name.startswith((".", "__")):
            continue
        if entry.is_dir():
            out.update(_walk(entry, rel + "/"))
        else:
            out[rel] = entry.read_text(encoding="utf-8")
    return out


@cache
def skeleton_templates(language: str) -> dict[str, str]:
    """The template files of one language, by path under the plan folder (read once)."""
    if language not in LOCALES:
        raise ValueError(f"no skeleton for language '{language}'")
    return _walk(files("sitegen.init") / "skeletons" / language)


def fill(template: str, values: dict[str, str]) -> str:
    """Replace the known ``{name}`` placeholders; leave every other brace alone."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def placeholder_values(language: str, currency: str, year: int) -> dict[str, str]:
    return {
        "year": str(year),
        "previous_year": str(year - 1),
        "next_year": str(year + 1),
        "currency": currency,
        "holidays": LOCALES[language].holidays,
        "language": language,
    }


def render_skeleton(language: str, currency: str, year: int, fiscal_year_start: int = 1) -> dict[str, str]:
    """Every file of a new plan, path → text, for one language, currency and year.

    With a `fiscal_year_start` other than January, `year` names the fiscal
    year by its end (FY2028 = April 2027 – March 2028 for 4) and the skeleton
    is moved onto it: its dates by the same number of months, its periods to
    `FY2028`, `FY2028-Q1`…, and plan.yaml says `fiscal_year_start`.
    """
    values = placeholder_values(language, currency, year)
    templates = skeleton_templates(language)
    if fiscal_year_start != 1:
        templates = {path: to_fiscal(text, year, fiscal_year_start) for path, text in templates.items()}
    return {path: fill(text, values) for path, text in templates.items()}


_DATE = re.compile(r"\{year\}-(\d{2})-(\d{2})")
_PART = re.compile(r"\{year\}-(Q[1-4]|H[12])\b")
_MONTH = re.compile(r"\{year\}-(\d{2})\b")
_PERIOD_YEAR = re.compile(r"(period: )\{year\}(\s*)$", re.MULTILINE)


def _moved(month: int, day: int, fiscal_year: int, start: int) -> dt.date:
    """Calendar month `month` of the skeleton's year as the same month of fiscal year `fiscal_year`."""
    month_end = day >= calendar.monthrange(2027, month)[1]  # 30 April stays the month's last day
    index = (fiscal_year - 1) * 12 + start - 1 + month - 1
    year, month = index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if month_end else min(day, last))


def to_fiscal(template: str, fiscal_year: int, start: int) -> str:
    """A calendar-year template moved onto fiscal year `fiscal_year` starting in month `start`."""
    text = _DATE.sub(lambda m: _moved(int(m.group(1)), int(m.group(2)), fiscal_year, start).isoformat(), template)
    text = _PART.sub(lambda m: f"FY{fiscal_year}-{m.group(1)}", text)
    text = _MONTH.sub(lambda m: _moved(int(m.group(1)), 1, fiscal_year, start).isoformat()[:7], text)
    text = _PERIOD_YEAR.sub(lambda m: f"{m.group(1)}FY{fiscal_year}{m.group(2)}", text)
    text = text.replace("{previous_year}", f"FY{fiscal_year - 1}").replace("{next_year}", f"FY{fiscal_year + 1}")
    text = text.replace("{year}", f"FY{fiscal_year}")
    if "\nperiod:" in text and text.lstrip().startswith("#"):  # plan.yaml
        text = re.sub(r"(\nperiod:\n(?:  .*\n)+)", lambda m: m.group(1) + f"fiscal_year_start: {start}\n", text, count=1)
    return text
