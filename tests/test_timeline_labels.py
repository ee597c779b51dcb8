"""Timeline rows: every campaign its own row, its whole name on the axis.

A sales lead's campaign names are long ("Program dla producentów mebli z
Wielkopolskiego Klastra Meblarskiego", "夏季高温保障季：签约即送一次上门巡检"); the
timeline used to cut them at 28 characters. Now each name stands whole on one
to a few even lines, and its row is as high as its lines. A large plan repeats
short names ("Q1 push") hundreds of times: each is still its own row.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.site.charts.axes import balanced_lines
from sitegen.site.charts.timeline import LINE_PX, ROW_PX, WRAP, _rows


def _campaign(index: int, name: str, segment: str | None):
    day = dt.date(2027, 1, 1)
    return SimpleNamespace(id=f"c{index}", name=name, segment=segment, start=day, end=day)


def _text(tick: str) -> str:
    """A tick's text as the reader sees it: its lines joined, tags and entities undone."""
    return unescape(re.sub(r"</?b>", "", tick.replace("<br>", " ")))


_names = st.sampled_from(["Q1 push", "Webinar", "<b>Enterprise</b> & co", "A" * 40, "目标活动" * 6,
                          "Program dla producentów mebli z Wielkopolskiego Klastra Meblarskiego"])
_segments = st.sampled_from([None, "ent", "smb"])


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # CI runs two suites at once
@given(st.lists(st.tuples(_names, _segments), max_size=40))
def test_every_campaign_has_a_row_of_its_own_with_its_whole_name(pairs) -> None:
    rows = [_campaign(i, name, segment) for i, (name, segment) in enumerate(pairs)]
    axis = _rows(rows, {"ent": "Enterprise", "smb": "SMB"}, "No segment")
    centres = {c: (top + bottom) / 2 for c, (top, bottom) in axis.spans.items()}
    for c in rows:
        tick = axis.texts[axis.centres.index(centres[c.id])]
        assert _text(tick).replace(" ", "") == c.name.replace(" ", ""), tick
        top, bottom = axis.spans[c.id]
        assert bottom - top == ROW_PX + LINE_PX * tick.count("<br>")
    assert axis.centres == sorted(set(axis.centres)) and axis.height == (axis.spans[rows[-1].id][1] if rows else 0)


def test_a_thousand_rows_of_one_name_are_a_thousand_rows() -> None:
    rows = [_campaign(i, "Q1 push", "ent") for i in range(1000)]
    axis = _rows(rows, {"ent": "Enterprise"}, "No segment")
    assert len(set(axis.centres)) == 1001 and axis.texts.count("Q1 push") == 1000


def test_long_names_wrap_onto_even_lines_and_cjk_names_too() -> None:
    assert balanced_lines("夏季高温保障季：签约即送一次上门巡检", WRAP) == ["夏季高温保障季：签", "约即送一次上门巡检"]
    assert balanced_lines("Program dla producentów mebli z Wielkopolskiego Klastra Meblarskiego", WRAP) == [
        "Program dla producentów", "mebli z Wielkopolskiego", "Klastra Meblarskiego"]
    assert balanced_lines("Webinar", WRAP) == ["Webinar"]
