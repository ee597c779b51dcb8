"""Axis helpers shared by the chart builders: locale tick labels, period order, short labels.

Plotly formats tick numbers itself (`6M`, `400k`), which disagrees with the
KPI tiles next to the chart (`6 mln zł`, `¥600万`). So value axes get explicit
`tickvals` at "nice" steps and `ticktext` written by the plan's Babel
`Formatter`; the chart then reads the same way as every other number on the
page.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from sitegen.model.period import months_touched, parse_period

__all__ = ["balanced_lines", "granularity_breaks", "month_ticks", "nice_ticks", "period_order", "short_label", "short_labels", "text_width", "value_axis",
           "wrapped_label", "wrapped_labels", "wrapped_lines"]

_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def nice_ticks(top: Decimal | float | int, count: int = 5) -> list[Decimal]:
    """0 and about `count` round steps (1, 2, 2.5, 5 × 10ⁿ) up to at least `top`."""
    top = Decimal(str(top))
    if top <= 0:
        return [Decimal(0), Decimal(1)]
    raw = top / count
    magnitude = Decimal(10) ** (raw.adjusted())
    step = next(s * magnitude for s in _STEPS if s * magnitude >= raw)
    ticks, value = [Decimal(0)], Decimal(0)
    while value < top:
        value += step
        ticks.append(value)
    return ticks


def value_axis(
    values: Iterable[Any], label: Callable[[Decimal], str], count: int = 5, **extra: Any,
) -> dict[str, Any]:
    """A zero-based value axis whose tick labels are written by `label` (e.g. `fmt.money_compact`).

    The axis ends just past the largest value, not at the next round tick, so
    bars use the whole plot; fewer ticks (`count`) suit narrow charts.
    """
    numbers = [Decimal(str(v)) for v in values if v is not None]
    top = max(numbers, default=Decimal(0))
    end = top * Decimal("1.06") if top > 0 else Decimal(1)
    ticks = [v for v in nice_ticks(top, count) if v <= end]
    return {
        "tickmode": "array", "tickvals": ticks, "ticktext": [label(v) for v in ticks],
        "range": [0, end], **extra,
    }


_GRANULARITY = {"year": 0, "half": 1, "quarter": 2, "month": 3}


def _period_key(label: str) -> tuple:
    period = parse_period(label)
    if period is None:  # a label that is not a period sorts last, as written
        return (len(_GRANULARITY), dt.date.max, label)
    return (_GRANULARITY[period.granularity], period.start, label)


def period_order(labels: Iterable[str]) -> list[str]:
    """Period labels grouped by length (years, halves, quarters, months), each group by start date."""
    return sorted(dict.fromkeys(labels), key=_period_key)


def granularity_breaks(labels: list[str]) -> list[int]:
    """Indexes where a new length group starts (for separator lines between groups)."""
    keys = [_period_key(label)[0] for label in labels]
    return [i for i in range(1, len(keys)) if keys[i] != keys[i - 1]]


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """How many Latin widths `text` takes (CJK characters count double)."""
    return sum(_width(char) for char in text)


def short_label(text: str, limit: int) -> str:
    """`text` cut to about `limit` Latin characters (CJK count double), with an ellipsis."""
    used = 0
    for i, char in enumerate(text):
        used += _width(char)
        if used > limit:
            return text[:i].rstrip() + "…"
    return text


def short_labels(names: Iterable[str], limit: int = 22) -> list[str]:
    """Names cut for a narrow axis (a phone has no room for "Account Executive, SMB and mid-market"),
    kept distinct: on a category axis two equal labels would merge, so a cut that two names
    share keeps the full names."""
    names = list(names)
    short = [short_label(n, limit) for n in names]
    return [s if short.count(s) == 1 else n for s, n in zip(short, names, strict=True)]


def _fits(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` Latin widths."""
    used = 0
    for i, char in enumerate(text):
        used += _width(char)
        if used > limit:
            return i
    return len(text)


def wrapped_label(text: str, limit: int = 22, lines: int = 2) -> str:
    """`text` on up to `lines` lines of about `limit` Latin widths (Plotly's `<br>`), broken at a
    space where there is one (CJK text anywhere), the last line cut with an ellipsis."""
    return "<br>".join(wrapped_lines(text, limit, lines))


def wrapped_lines(text: str, limit: int = 22, lines: int = 2) -> list[str]:
    """The lines of `wrapped_label` (to escape each before joining them)."""
    out: list[str] = []
    rest = text
    while len(out) < lines - 1 and _fits(rest, limit) < len(rest):
        cut = _fits(rest, limit)
        space = rest.rfind(" ", 0, cut + 1)
        at = space if space > 0 else cut
        out.append(rest[:at].rstrip())
        rest = rest[at:].lstrip()
    return [*out, short_label(rest, limit)]


def balanced_lines(text: str, limit: int) -> list[str]:
    """`text` whole, on as few lines of at most `limit` Latin widths as `wrapped_lines` needs, but
    as even as they go: "夏季高温保障季：签约即送" / "一次上门巡检", not a lone last character."""
    most = max(len(text), 1)
    lines = wrapped_lines(text, limit, most)
    total = text_width(text)
    for width in range(-(-total // len(lines)), limit):
        even = wrapped_lines(text, width, most)
        if len(even) == len(lines):
            return even
    return lines


def wrapped_labels(names: Iterable[str], limit: int = 22, lines: int = 2) -> list[str]:
    """Names on two short lines for a phone's category axis ("Conversion: Workshop and" /
    "proof of concept"), kept distinct as `short_labels` keeps them."""
    names = list(names)
    short = [wrapped_label(n, limit, lines) for n in names]
    return [s if short.count(s) == 1 else n for s, n in zip(short, names, strict=True)]


def month_ticks(period: tuple[dt.date, dt.date], fmt: Any) -> dict[str, Any]:
    """Date-axis ticks on month starts written by the plan's formatter (Plotly would write `Jan 2027`
    on a Polish page): every month of a short span, every third month of a longer one."""
    months = months_touched(*period)
    step = 1 if len(months) <= 6 else 3
    starts = [m.start for m in months[::step]]
    return {"tickmode": "array", "tickvals": [d.isoformat() for d in starts], "ticktext": [fmt.month(d, short=True) for d in starts]}
