"""Cells of a CRM export: numbers and dates as HubSpot, Salesforce and spreadsheets write them.

Each parser returns the value or a message a sales lead can act on. A cell is
read under one rule per file — the file's decimal mark and date format — so a
number is never guessed row by row: `1.234` in a file with decimal commas is
1234, in a file with decimal points 1.234, and a cell that fits neither rule
is an error rather than a silently wrong number.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from sitegen.model.types import LARGEST, TOO_LARGE, day_problem
from sitegen.translation import N_, Message

# Spaces spreadsheets and European locales put between thousands (NBSP, narrow NBSP, thin space)
# and the Swiss apostrophe.
_GROUP_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[AP]M)?)?", re.I)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")  # 31.03.2027: always day first
_SLASHED = re.compile(r"\d{1,4}/\d{1,2}/\d{1,4}")


def delimiter_of(header: str) -> str:
    """`;`, tab or `,`: whichever separates the most cells of the header line (outside quotes).
    Excel in a European locale writes `;` because `,` is its decimal mark."""
    counts = {";": 0, "\t": 0, ",": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def parse_amount(text: str, decimal: str) -> Decimal | Message:
    """The number in `text` (decimal mark `decimal`, the other mark or spaces grouping thousands),
    or why it is not one."""
    raw = text.strip()
    cell = _GROUP_SPACES.sub("", raw)
    negative = cell.startswith("(") and cell.endswith(")")  # accounting style: (1,200.00)
    cell = cell[1:-1] if negative else cell
    if not cell:
        return N_("is empty; write a number")
    group = "." if decimal == "," else ","
    whole, _, fraction = cell.partition(decimal)
    sign = "-" if whole.startswith("-") or negative else ""
    whole = whole.lstrip("+-")
    if group in whole:
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", whole):
            other = N_("decimal commas") if decimal == "." else N_("decimal points")
            return N_("'%(raw)s' is not a number with decimal mark '%(decimal)s' (thousands must come in groups of 3); "
                      "if this file writes %(other)s, set `decimal: \"%(group)s\"` in the section",
                      raw=raw, decimal=decimal, other=other, group=group)
        whole = whole.replace(group, "")
    if not re.fullmatch(r"\d+", whole or "0") or not re.fullmatch(r"\d*", fraction) or (not whole and not fraction):
        return N_("'%(raw)s' is not a number; write digits with '%(decimal)s' as decimal mark, like 12500%(decimal)s50",
                  raw=raw, decimal=decimal)
    try:
        number = Decimal(f"{sign}{whole or '0'}" + (f".{fraction}" if fraction else ""))
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits
        return N_("'%(raw)s' is not a number", raw=raw)
    if number.copy_abs() > LARGEST:  # copy_abs: abs() overflows on 1e1000000
        return TOO_LARGE(f"'{raw}'")
    return number


def parse_day(text: str, date_format: str | None) -> dt.date | Message:
    """The date in `text`, or why it is not one. With `date_format` (strptime codes, as
    `%m/%d/%Y`) only that format; otherwise ISO dates (a time after them is dropped, as HubSpot
    writes `2027-03-14 09:32`) and day-first dotted dates (`14.03.2027`)."""
    cell = text.strip()
    if not cell:
        return N_("is empty; write a date")
    if date_format:
        return _with_format(cell, date_format)
    for pattern, order in ((_ISO, (0, 1, 2)), (_DOTTED, (2, 1, 0))):
        match = pattern.fullmatch(cell)
        if match:
            year, month, day = (int(match.group(i + 1)) for i in order)
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                return N_("'%(text)s' is not a date in the calendar (%(reason)s)", text=cell, reason=day_problem(exc))
    if _SLASHED.fullmatch(cell):
        return _slashed(cell)
    return N_("'%(cell)s' is not a date; write YYYY-MM-DD or set `date_format:` in the section", cell=cell)


def _slashed(cell: str) -> Message:
    """A slashed date is never guessed (one file may hold 4/5 and 14/5), but the message says
    which order a cell can only be: '14/04/2027' is not "month/day or day/month"."""
    first, second = (int(part) for part in cell.split("/")[:2])
    if first > 12 >= second:
        return N_("'%(cell)s' is written day/month; set `date_format: \"%%d/%%m/%%Y\"` in the section", cell=cell)
    if second > 12 >= first:
        return N_("'%(cell)s' is written month/day (US); set `date_format: \"%%m/%%d/%%Y\"` in the section", cell=cell)
    return N_("'%(cell)s' could be month/day or day/month; set `date_format: \"%%m/%%d/%%Y\"` (US) "
              "or `date_format: \"%%d/%%m/%%Y\"` in the section", cell=cell)


def _with_format(cell: str, date_format: str) -> dt.date | Message:
    """`cell` read with the section's `date_format`; a time of day after the date is dropped."""
    for candidate in (cell, cell.split(" ")[0], cell.split("T")[0]):
        try:
            return dt.datetime.strptime(candidate, date_format).date()
        except ValueError:
            continue
    return N_("'%(cell)s' does not match date_format '%(format)s'", cell=cell, format=date_format)
