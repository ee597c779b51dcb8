"""Period labels as a reader of the plan's language writes them (PLAN_FORMAT §7 on the site).

`2027-Q1` is the plan file's spelling; pages say "Q1 2027", "I kw. 2027",
"2027年第一季度", and fiscal periods "FY2028 Q1". Quarter names and month
names come from Babel (CLDR); the word order per language is a small table.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from babel import Locale
from babel.dates import format_skeleton, get_quarter_names

from sitegen.model.period import Period

__all__ = ["month_label", "period_label", "standalone"]

# {q}: the locale's quarter name; {h}: the half; {y}: the (fiscal) year
_PATTERNS: dict[str, dict[str, str]] = {
    "en": {"year": "{y}", "half": "H{n} {y}", "quarter": "{q} {y}",
           "fy-year": "FY{y}", "fy-half": "FY{y} H{n}", "fy-quarter": "FY{y} {q}"},
    "pl": {"year": "{y}", "half": "{r} półr. {y}", "quarter": "{q} {y}",
           "fy-year": "rok obr. {y}", "fy-half": "{r} półr. roku obr. {y}", "fy-quarter": "{q} roku obr. {y}"},
    "zh": {"year": "{y}年", "half": "{y}年{z}", "quarter": "{y}年{q}",
           "fy-year": "{y}财年", "fy-half": "{y}财年{z}", "fy-quarter": "{y}财年{q}"},
}
_QUARTER_WIDTH: dict[str, Literal["abbreviated", "wide"]] = {"en": "abbreviated", "pl": "abbreviated", "zh": "wide"}  # Q1, I kw., 第一季度
_ZH_HALVES = {1: "上半年", 2: "下半年"}


# Languages whose month names stand alone with a capital letter. CLDR gives Polish
# month names in lower case ("styczeń"), right inside a date ("1 stycznia 2027"), but a
# month standing alone — a heading, a calendar page, a table's row or column, an axis
# label — starts with a capital in Polish style: "Styczeń 2027".
_CAPITALISED = frozenset({"pl"})


def standalone(text: str, locale: Locale | str) -> str:
    """``text`` (a month's label standing alone) as the language writes it at the start of a label."""
    language = locale.language if isinstance(locale, Locale) else Locale.parse(locale).language
    return text[:1].upper() + text[1:] if language in _CAPITALISED else text


def month_label(month: dt.date, locale: Locale, short: bool = False) -> str:
    """"March 2027" / "Marzec 2027" / "2027年3月" ("Mar 2027" when short)."""
    return standalone(format_skeleton("yMMM" if short else "yMMMM", month, locale=locale), locale)


def period_label(period: Period, language: str, locale: Locale) -> str:
    """A goal or budget period in words of the plan's language; never the raw `2027-Q1`."""
    if period.granularity == "month":
        return month_label(period.start, locale)
    patterns = _PATTERNS.get(language, _PATTERNS["en"])
    year = int(period.label[2:6]) if period.fiscal else period.year
    n = int(period.label[-1]) if period.granularity in ("half", "quarter") else 0
    quarter = get_quarter_names(_QUARTER_WIDTH.get(language, "abbreviated"), "format", locale)[n] if period.granularity == "quarter" else ""
    key = ("fy-" if period.fiscal else "") + period.granularity
    return patterns[key].format(y=year, n=n, q=quarter, r="I" * n, z=_ZH_HALVES.get(n, ""))
